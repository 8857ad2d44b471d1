/**
 * Shared fixture for node tests: a fresh emulator and an in-process n8n (n8n-core) with the
 * package's real node, trigger and credential types, credentials pointing at the emulator.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { KornitxApi } from '../../credentials/KornitxApi.credentials';
import { KornitxOAuth2Api } from '../../credentials/KornitxOAuth2Api.credentials';
import { Kornitx } from '../../nodes/Kornitx/Kornitx.node';
import { KornitxTrigger } from '../../nodes/KornitxTrigger/KornitxTrigger.node';
import {
	apiKeyCredentialData,
	DEV_API_KEY,
	DEV_CLIENT,
	oauthCredentialData,
	startEmulator,
	type KornitxEmulator,
	type LoggedRequest,
} from '../emulator';
import { createHarness, type Harness, type HarnessError } from '../harness';

export const OAUTH_ID = 'cred-oauth';
export const API_KEY_ID = 'cred-apikey';

export function oauthCredential(
	emulator: KornitxEmulator,
	overrides: IDataObject = {},
): IDataObject {
	return oauthCredentialData(emulator.urls, overrides) as IDataObject;
}

export function apiKeyCredential(
	emulator: KornitxEmulator,
	overrides: IDataObject = {},
): IDataObject {
	return apiKeyCredentialData(emulator.urls, overrides) as IDataObject;
}

export interface RunOptions {
	input?: IDataObject[];
	continueOnFail?: boolean;
	apiKey?: boolean;
	/** The node's typeVersion (default: the node's defaultVersion, as a new node in the editor). */
	typeVersion?: number;
}

export interface KornitxFixture {
	emulator: KornitxEmulator;
	harness: Harness;
	/** Runs the KornitX node once over `input` items; returns its output items or its error. */
	run(
		parameters: INodeParameters,
		options?: RunOptions,
	): Promise<{ output: INodeExecutionData[]; error?: HarnessError }>;
	/** Requests the emulator received for the APIs (not token or admin calls). */
	apiCalls(): LoggedRequest[];
	tokenRequests(): number;
	useOAuth(overrides: IDataObject): void;
	close(): Promise<void>;
}

export async function createFixture(): Promise<KornitxFixture> {
	const emulator = await startEmulator();
	const harness = createHarness({
		nodeTypes: [new Kornitx(), new KornitxTrigger()],
		credentialTypes: [new KornitxOAuth2Api(), new KornitxApi()],
	});
	const useOAuth = (overrides: IDataObject) =>
		harness.setCredential(
			'kornitxOAuth2Api',
			OAUTH_ID,
			oauthCredential(emulator, overrides),
			'KornitX (emulator)',
		);
	useOAuth({});
	harness.setCredential(
		'kornitxApi',
		API_KEY_ID,
		apiKeyCredential(emulator),
		'KornitX API key (emulator)',
	);
	return {
		emulator,
		harness,
		async run(parameters, options = {}) {
			const result = await harness.runNode({
				type: 'kornitx',
				parameters: { ...(options.apiKey ? { authentication: 'apiKey' } : {}), ...parameters },
				input: options.input ?? [{}],
				credentials: options.apiKey
					? { kornitxApi: { id: API_KEY_ID, name: 'KornitX API key (emulator)' } }
					: { kornitxOAuth2Api: { id: OAUTH_ID, name: 'KornitX (emulator)' } },
				onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
				typeVersion: options.typeVersion,
			});
			return { output: result.output, error: result.error };
		},
		apiCalls: () => emulator.log.filter((entry) => entry.api !== 'token' && entry.api !== 'admin'),
		tokenRequests: () => emulator.counters.tokenRequests,
		useOAuth,
		close: async () => {
			harness.dispose();
			await emulator.close();
		},
	};
}

/** Every secret the fixture knows, to prove none leaks into outputs or errors. */
export function secretsOf(fixture: KornitxFixture): string[] {
	const tokens = fixture.harness.credentialWrites
		.map((write) => JSON.stringify(write))
		.flatMap((text) => [...text.matchAll(/"access_token":"([^"]+)"/g)].map((match) => match[1]));
	return [DEV_CLIENT.clientSecret, DEV_API_KEY.apiKey, ...tokens];
}

/**
 * One fixture per test file, reset before each test (fresh seed data, no faults, no stored
 * token). Returns the fixture object, filled in once `beforeAll` has run.
 */
export function useFixture(): KornitxFixture {
	const fixture = {} as KornitxFixture;
	beforeAll(async () => {
		Object.assign(fixture, await createFixture());
	});
	afterAll(async () => await fixture.close());
	beforeEach(() => {
		fixture.emulator.reset();
		fixture.useOAuth({});
	});
	return fixture;
}
