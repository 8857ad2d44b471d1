/**
 * Credentials for a real n8n pointing at the KornitX emulator. Collect them in a `CredentialSet`
 * (each `add` returns the node's credential reference), then import them all with one
 * `n8n import:credentials` call (`n8n.importCredentials(set.imports)`).
 *
 * Only the public fields of docs/node-contract.md are set: hidden fields (grantType,
 * authentication, accessTokenUrl) must come from the credential type's defaults inside n8n.
 */
import { n8nId, type CredentialImport } from '../../../scripts/n8n-runtime';
import {
	apiKeyCredentialData,
	LIMITED_CLIENT,
	oauthCredentialData,
	type KornitxEmulator,
} from '../../emulator';
import type { CredentialRef } from './workflow';

/** Credential type names of this package. */
export const CREDENTIAL_TYPES = {
	clientCredentials: 'kornitxOAuth2Api',
	legacyV22: 'kornitxApi',
} as const;

export function oauthData(
	emu: KornitxEmulator,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return oauthCredentialData(emu.urls, overrides);
}

/** The limited client (v2.3 REST scopes only); with the default scope list its token request is refused. */
export function limitedOauthData(
	emu: KornitxEmulator,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return oauthData(emu, {
		clientId: LIMITED_CLIENT.clientId,
		clientSecret: LIMITED_CLIENT.clientSecret,
		...overrides,
	});
}

/** `baseUrl` defaults to the emulator's v2.2 base. */
export function apiKeyData(
	emu: KornitxEmulator,
	headerFormat: 'raw' | 'base64' = 'raw',
	baseUrl = emu.urls.restV22,
): Record<string, unknown> {
	return apiKeyCredentialData(emu.urls, { headerFormat, baseUrl });
}

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	ref: CredentialRef;
}

export class CredentialSet {
	readonly imports: CredentialImport[] = [];

	add(type: string, name: string, data: Record<string, unknown>): StoredCredential {
		const id = n8nId();
		this.imports.push({ id, name, type, data });
		return { id, name, type, ref: { [type]: { id, name } } };
	}

	oauth(name: string, data: Record<string, unknown>): StoredCredential {
		return this.add(CREDENTIAL_TYPES.clientCredentials, name, data);
	}

	apiKey(name: string, data: Record<string, unknown>): StoredCredential {
		return this.add(CREDENTIAL_TYPES.legacyV22, name, data);
	}
}
