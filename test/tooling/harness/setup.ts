/**
 * Proves the in-process n8n harness (test/harness) with fixture node/credential types and a
 * local token + API server.
 *
 * Shared setup for the harness self-tests (test/tooling/harness/*.test.ts): one fixture server per
 * test file, a fresh harness with the fixture types before each test (disposed after it).
 */
import type { IDataObject } from 'n8n-workflow';

import { createHarness, type Harness } from '../../harness';
import { FixtureServer } from './fixture-server';
import {
	FixtureNode,
	FixtureTrigger,
	fixtureApi,
	fixtureOAuth2Api,
	fixtureTestedApi,
	observed,
} from './fixture-types';

export interface HarnessEnv {
	server: FixtureServer;
	/** A fresh harness per test, set in `beforeEach`. */
	harness: Harness;
	/** Observations made inside the fixture node's execute(), cleared before each test. */
	observed: typeof observed;
	/** The fixture OAuth2 credential's data (client credentials against `server`). */
	oauthCredential(): { baseUrl: string; clientId: string; clientSecret: string };
	/** A new harness with the fixture types and the OAuth2 credential stored as `oauth-1`. */
	newHarness(): Harness;
}

export const fixtureWorkflow = (parameters: IDataObject = {}) => ({
	nodes: [
		{
			id: 's',
			name: 'Start',
			type: 'harness.start',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		},
		{
			id: 'f',
			name: 'Fixture',
			type: 'fixture',
			typeVersion: 2,
			position: [200, 0] as [number, number],
			parameters: { authentication: 'oAuth2', ...parameters },
			credentials: { fixtureOAuth2Api: { id: 'oauth-1', name: 'Fixture OAuth' } },
		},
	],
	connections: { Start: { main: [[{ node: 'Fixture', type: 'main' as const, index: 0 }]] } },
});

export const form = (r: { body: string }) => Object.fromEntries(new URLSearchParams(r.body));

export function useHarness(): HarnessEnv {
	const server = new FixtureServer();
	const oauthCredential = () => ({
		baseUrl: server.baseUrl,
		clientId: 'client-123',
		clientSecret: 'shh-secret',
	});
	function newHarness(): Harness {
		const h = createHarness({
			nodeTypes: [new FixtureNode(), new FixtureTrigger()],
			credentialTypes: [fixtureOAuth2Api, fixtureApi, fixtureTestedApi],
		});
		h.setCredential('fixtureOAuth2Api', 'oauth-1', oauthCredential(), 'Fixture OAuth');
		return h;
	}
	const env = { server, observed, oauthCredential, newHarness } as Omit<
		HarnessEnv,
		'harness'
	> as HarnessEnv;

	beforeAll(async () => {
		await server.start();
	});

	afterAll(async () => {
		await server.stop();
	});

	beforeEach(() => {
		server.reset();
		observed.continueOnFail.length = 0;
		env.harness = newHarness();
	});

	afterEach(() => env.harness.dispose());

	return env;
}
