/**
 * In-memory `ICredentialsHelper` that behaves like the n8n CLI's `CredentialsHelper`
 * (packages/cli/src/credentials-helper.ts) for everything n8n-core calls at runtime:
 *
 * - `getDecrypted(..., raw=false)`: looks the credential up by id AND type (like the DB query),
 *   applies the type's defaults via `NodeHelpers.getNodeParameters(properties, data, true, false)`
 *   (so stored keys that are not properties of the type, or hidden by `displayOptions`, are
 *   DROPPED), puts `oauthTokenData` back, then resolves expressions in the data with `$self`
 *   = the data itself (per item with the calling node's context when n8n-core passes
 *   `expressionResolveValues`, i.e. `this.getCredentials(type, itemIndex)` in execute()).
 * - `getDecrypted(..., raw=true)`: the stored data as is (n8n-core's OAuth2 refresh uses this).
 * - hidden OAuth endpoint/flow fields (`OAUTH_PINNED_FIELDS`) are always taken from the type,
 *   never from stored data (CLI behaviour since n8n PR #38697, Sept 2026). Opt out with
 *   `pinHiddenOAuthFields: false`.
 * - `authenticate`: function form is called; generic form resolves `={{$credentials.x}}`
 *   expressions and merges into headers/qs/body/auth.
 * - `preAuthentication`: only when the type has a `hidden` property with
 *   `typeOptions.expirable: true` and that value is empty or n8n-core says it expired; the
 *   result is persisted through `updateCredentials`.
 * - `updateCredentialsOauthTokenData`: persists ONLY `oauthTokenData` into the stored data
 *   (that's what n8n-core 2.41.1 calls after fetching / refreshing an OAuth2 token).
 * Every write is also appended to `writes` so tests can assert on it.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	deepCopy,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
} from 'n8n-workflow';
import { getAdditionalKeys } from 'n8n-core';

import type { HarnessCredentialTypes } from './credential-types';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

export interface CredentialWrite {
	kind: 'updateCredentialsOauthTokenData' | 'updateCredentials';
	id: string;
	type: string;
	/** Deep copy of what n8n passed in. */
	data: ICredentialDataDecryptedObject;
}

/** Fields the CLI always resolves from the credential type when the type declares them hidden. */
export const OAUTH_PINNED_FIELDS = [
	'useDynamicClientRegistration',
	'authUrl',
	'accessTokenUrl',
	'grantType',
	'authentication',
	'requestTokenUrl',
	'signatureMethod',
] as const;

/** CLI `restrictToCredentialDomains`: a hook's requests obey the credential's own allowlist. */
function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions): Promise<unknown> => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeType: INodeType = {
	description: {
		displayName: 'Mock',
		name: 'mock',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};

const mockNodeTypes: INodeTypes = {
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
	getKnownTypes: () => ({}),
};

/** Plain `ICredentials` (the CLI returns n8n-core's encrypted `Credentials`; n8n-core 2.41.1 never calls this). */
class PlainCredentials extends ICredentials {
	private stored: ICredentialDataDecryptedObject;

	constructor(stored: StoredCredential) {
		super({ id: stored.id, name: stored.name }, stored.type, JSON.stringify(stored.data));
		this.stored = deepCopy(stored.data);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return deepCopy(this.stored);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.stored) };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.stored = deepCopy(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		this.stored = { ...this.stored, ...deepCopy(toUpdate) } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete this.stored[key];
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, StoredCredential>();

	readonly writes: CredentialWrite[] = [];

	constructor(
		private readonly credentialTypes: HarnessCredentialTypes,
		private readonly options: { pinHiddenOAuthFields: boolean },
	) {
		super();
	}

	// ---- store --------------------------------------------------------------------------

	set(type: string, id: string, data: ICredentialDataDecryptedObject, name = id): void {
		this.credentialTypes.getByName(type); // fail fast on typos
		this.store.set(id, { id, name, type, data: deepCopy(data) });
	}

	private lookup(nodeCredentials: INodeCredentialsDetails, type: string): StoredCredential {
		if (!nodeCredentials?.id) {
			throw new UserError(
				`Credential "${nodeCredentials?.name ?? ''}" of type "${type}" has no ID (set node.credentials.${type}.id)`,
			);
		}
		const stored = this.store.get(nodeCredentials.id);
		if (!stored || stored.type !== type) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return stored;
	}

	// ---- ICredentialsHelper -------------------------------------------------------------

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getCredentialsProperties(type);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (!workflow || !node) {
			throw new UnexpectedError(
				'Workflow and node are required for declarative credential authentication',
			);
		}
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as IDataObject)) {
					const keyResolved = this.resolveValue(key, credentials, workflow, node);
					const valueResolved = this.resolveValue(value as string, credentials, workflow, node);
					const target = requestOptions as unknown as Record<string, IDataObject | undefined>;
					target[outerKey] ??= {};
					(target[outerKey] as IDataObject)[keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: WorkflowType,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		if (!resolved) return '';
		return String(resolved as string);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		// the CLI's credential tester runs on a temp `n8n-nodes-base.noOp` node with parameter `temp`
		const isTestingCredentials =
			node?.parameters?.temp === '' &&
			(node?.type === 'n8n-nodes-base.noOp' || node?.type === 'harness.noOp');
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;

		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials?.[credentialType.name];
		if (!nodeCredentials) return undefined;
		const stored = this.lookup(nodeCredentials, credentialType.name);
		const toPersist: ICredentialDataDecryptedObject = { ...stored.data };
		for (const [key, value] of Object.entries(output as ICredentialDataDecryptedObject)) {
			if (key === expirable.name || !isExpression(stored.data[key])) toPersist[key] = value;
		}
		await this.updateCredentials(nodeCredentials, credentialType.name, toPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const stored = this.lookup(nodeCredentials, type);
		return new PlainCredentials(stored);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.lookup(nodeCredentials, type);
		const data = deepCopy(stored.data);
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		const storedData = { ...original };
		if (this.options.pinHiddenOAuthFields) {
			for (const field of OAUTH_PINNED_FIELDS) {
				if (properties.some((p) => p.name === field && p.type === 'hidden'))
					delete storedData[field];
			}
		}

		let decrypted = NodeHelpers.getNodeParameters(
			properties,
			storedData as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;
		for (const key of ['allowedHttpRequestDomains', 'allowedDomains'] as const) {
			if (decrypted[key] === undefined && original[key] !== undefined)
				decrypted[key] = original[key];
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			try {
				decrypted = expressionResolveValues.workflow.expression.getParameterValue(
					decrypted as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				const error = e as Error;
				error.message += ' [Error resolving credentials]';
				throw error;
			}
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decrypted = workflow.expression.getComplexParameterValue(
				mockNode,
				decrypted as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.lookup(nodeCredentials, type);
		stored.data = deepCopy(data);
		this.writes.push({ kind: 'updateCredentials', id: stored.id, type, data: deepCopy(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.lookup(nodeCredentials, type);
		stored.data = { ...stored.data, oauthTokenData: deepCopy(data.oauthTokenData) };
		this.writes.push({
			kind: 'updateCredentialsOauthTokenData',
			id: stored.id,
			type,
			data: deepCopy(data),
		});
	}
}
