/**
 * In-process n8n test harness: runs real workflows with n8n-core's `WorkflowExecute`, real
 * node execution contexts, n8n-core's real credential/OAuth2 request code
 * (`httpRequestWithAuthentication` -> `requestOAuth2` -> `@n8n/client-oauth2`) and the real
 * `PollContext` / `TriggersAndPollers.runPollFunction`. Only the CLI-side pieces are replaced:
 * the credentials store/helper (in memory, see credentials-helper.ts), node/credential type
 * registries, and DI singletons that would touch disk/console (see runtime.ts).
 *
 * API (names are fixed, other tests depend on them). Differences from the original brief:
 * - `nodeTypes`: an array registers each type under `description.name` only. A Record registers
 *   it under the record key AND its `description.name` (use the Record form to alias, e.g.
 *   `{ 'n8n-nodes-kornitx.kornitx': new Kornitx() }`). No automatic `CUSTOM.` prefix.
 *   Built in: `harness.start` (alias `n8n-nodes-base.manualTrigger`) and `harness.noOp`
 *   (alias `n8n-nodes-base.noOp`).
 * - `credentialTypes`: n8n's base `oAuth2Api` is always added (unless you pass your own).
 * - `setCredential(type, id, data, name?)`: optional 4th arg is the credential display name.
 * - `runWorkflow` accepts extra optional `mode` (default 'manual'), `staticData`, `pinData`.
 *   If no start node (`harness.start` / `n8n-nodes-base.manualTrigger`) is in `nodes`, the
 *   execution starts at `Workflow.getStartNode()` and `input` is fed to that node.
 *   Settings default to `{ executionOrder: 'v1' }` (what new n8n workflows use).
 * - `RunResult` also has `status`, `outputs(nodeName)` (all main outputs), `staticData` and
 *   `executedNodes` (order of `nodeExecuteAfter` hooks). `output(node, outputIndex?, runIndex?)`
 *   returns [] for a node that did not run (check `executedNodes` if that matters).
 *   `error` / `nodeError()` are REHYDRATED errors (see errors.ts): WorkflowExecute only keeps
 *   plain-object copies, we restore the n8n-workflow class prototype from `name`.
 * - `runNode` also accepts `name`, `mode`, `settings`, `typeVersion`; returns `outputs` and `run`
 *   too. If `credentials` is omitted, every credential type the node's description declares
 *   for which exactly one credential is stored gets filled in (like the editor auto-selects).
 * - `poll` also accepts `name`, `typeVersion`, `activation` (default 'activate' for mode
 *   'trigger', 'manual' for 'manual'). Static data is copied into the workflow under
 *   `node:<name>` and copied back into YOUR object after the poll (also when it throws;
 *   in n8n the in-memory workflow keeps mutations across polls either way).
 * - `credentialTest(nodeTypeName, methodName, credentialData, options?)`: runs
 *   `methods.credentialTest[methodName]` with n8n-core's `CredentialTestContext`; data first
 *   goes through the same defaults/expression pass as the CLI tester, for the credential type
 *   whose `testedBy` is `methodName` (or `options.credentialType`).
 * - extra `testCredentials(credentialType, data)`: what the n8n UI "Test" button does
 *   (CLI `CredentialsTester.testCredentials`), INCLUDING its OAuth2 shortcut: for any type
 *   extending oAuth2Api the node's `testedBy` is NOT called, n8n only checks that
 *   `oauthTokenData.access_token` exists.
 *   (Read from the n8n CLI source on GitHub; the exact CLI version matching core 2.41 was not
 *   available, the OAuth2 shortcut has been there for a long time.)
 * - `setCredential` also accepts a plain `IDataObject`.
 * - option `pinHiddenOAuthFields` (default true): stored values of hidden OAuth fields
 *   (accessTokenUrl, grantType, authentication, ...) are ignored like the CLI does since
 *   n8n PR #38697; put test URLs into the user-visible field the hidden default derives from.
 * - extra: `credentialWrites` (every `updateCredentialsOauthTokenData` / `updateCredentials`
 *   n8n-core made), `logs` (n8n-core Logger output), `credentialTypes`, `nodeTypes`, `dispose()`.
 * - Side effect: the first `createHarness` installs a process-wide guard that makes every TCP
 *   connection to a non-loopback host fail with `ExternalNetworkBlockedError` (see runtime.ts;
 *   `withExternalNetwork(fn)` is the escape hatch).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { UserError, deepCopy } from 'n8n-workflow';

import { createContext } from './context';
import { credentialTest, testCredentials } from './credential-tests';
import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes } from './node-types';
import { createOAuth2ApiCredentialType } from './oauth2-api.credentials';
import { poll } from './poll';
import { runNode, runWorkflow as runWorkflowIn } from './runs';
import { addLogListener, ensureRuntime, type LogEntry } from './runtime';
import type { Harness, HarnessOptions, RunWorkflowParams } from './types';
import { startWebhookServer } from './webhook';

export type { HarnessError } from './errors';
export type { CredentialWrite } from './credentials-helper';
export type { LogEntry } from './runtime';
export type { WebhookCall, WebhookServer, WebhookServerParams } from './webhook';
export { START_NODE_TYPE, NO_OP_NODE_TYPE } from './node-types';
export { rehydrateError } from './errors';
export {
	getActiveExpressionEngine,
	withExternalNetwork,
	ExternalNetworkBlockedError,
} from './runtime';
export type {
	CredentialTestOptions,
	Harness,
	HarnessOptions,
	PollParams,
	RunNodeParams,
	RunNodeResult,
	RunResult,
	RunWorkflowParams,
} from './types';

export function createHarness(opts: HarnessOptions): Harness {
	ensureRuntime();

	const nodeTypes = new HarnessNodeTypes(opts.nodeTypes);
	const credentialTypeList = [...opts.credentialTypes];
	if (!credentialTypeList.some((t) => t.name === 'oAuth2Api')) {
		credentialTypeList.push(createOAuth2ApiCredentialType());
	}
	const credentialTypes = new HarnessCredentialTypes(credentialTypeList, () => nodeTypes.entries());
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, {
		pinHiddenOAuthFields: opts.pinHiddenOAuthFields ?? true,
	});
	const logs: LogEntry[] = [];
	const removeLogListener = addLogListener((entry) => logs.push(entry));
	const ctx = createContext(nodeTypes, credentialTypes, credentialsHelper);
	const { makeAdditionalData, autoCredentials, defaultNodeName } = ctx;
	const runWorkflow = (w: RunWorkflowParams) => runWorkflowIn(ctx, w);

	return {
		setCredential(type, id, data, name) {
			credentialsHelper.set(type, id, data as ICredentialDataDecryptedObject, name);
		},
		getCredential(id) {
			const stored = credentialsHelper.store.get(id);
			if (!stored) throw new UserError(`No credential with id "${id}" in this harness`);
			return deepCopy(stored.data);
		},
		runWorkflow,
		runNode: (params) => runNode(ctx, params),
		poll: (params) => poll(ctx, params),
		startWebhook: async (params) =>
			await startWebhookServer(
				{ nodeTypes, makeAdditionalData, runWorkflow, autoCredentials, defaultNodeName },
				params,
			),
		credentialTest: (...args) => credentialTest(ctx, ...args),
		testCredentials: (...args) => testCredentials(ctx, ...args),
		get credentialWrites() {
			return credentialsHelper.writes;
		},
		logs,
		nodeTypes,
		credentialTypes,
		dispose() {
			removeLogListener();
		},
	};
}
