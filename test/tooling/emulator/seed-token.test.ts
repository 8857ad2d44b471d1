import {
	ALL_SCOPES,
	DEV_CLIENT,
	LIMITED_CLIENT,
	SEED_ORDER_IDS as IDS,
	SHIPMENT_SCOPES,
	STATUS_NAMES,
} from '../../emulator';
import { useEmulator } from './client';

const env = useEmulator();
const { requestToken, token, putStatus, order } = env;

describe('seed', () => {
	it('covers every status code, awkward refs and a split order', () => {
		const statuses = new Set([...env.emu.orders.values()].map((o) => o.status));
		for (const code of Object.keys(STATUS_NAMES).map(Number)) expect(statuses.has(code)).toBe(true);
		expect(ALL_SCOPES).toHaveLength(5);
		expect(order(IDS.spaceRef).external_ref).toBe('ORDER 2002');
		expect(order(IDS.unicodeRef).external_ref).toBe('Bestellung-Größe-ü');
		expect(order(IDS.splitA).external_ref).toBe(order(IDS.splitB).external_ref);
		expect(order(IDS.sameSecondA).completion_datetime).toBe(
			order(IDS.sameSecondB).completion_datetime,
		);
		for (const o of env.emu.orders.values()) {
			expect(o.items.length).toBeGreaterThanOrEqual(1);
			expect(o.items.length).toBeLessThanOrEqual(4);
		}
	});
});

describe('token endpoint', () => {
	it('issues a token from body credentials and from a Basic header, logging no secrets', async () => {
		const fromBody = await requestToken({
			grant_type: 'client_credentials',
			client_id: DEV_CLIENT.clientId,
			client_secret: DEV_CLIENT.clientSecret,
		});
		expect(fromBody.status).toBe(200);
		expect(fromBody.json.token_type).toBe('Bearer');
		expect(fromBody.json.expires_in).toBe(3600);
		expect(fromBody.json.scope.split(' ')).toEqual(SHIPMENT_SCOPES);

		const basic = Buffer.from(`${LIMITED_CLIENT.clientId}:${LIMITED_CLIENT.clientSecret}`).toString(
			'base64',
		);
		const fromHeader = await requestToken(
			{ grant_type: 'client_credentials' },
			{ authorization: `Basic ${basic}` },
		);
		expect(fromHeader.status).toBe(200);
		expect(fromHeader.json.scope).toBe(
			'api-sl-2-3.order-status.update api-sl-2-3.order-cancellation.create',
		);

		const logText = JSON.stringify(env.emu.log);
		expect(logText).not.toContain(DEV_CLIENT.clientSecret);
		expect(logText).not.toContain(fromBody.json.access_token);
		expect(env.emu.log[1].auth).toMatchObject({
			scheme: 'basic',
			clientId: LIMITED_CLIENT.clientId,
		});
		expect(env.emu.counters.tokenRequests).toBe(2);
	});

	it('refuses a wrong secret, an unknown client and a wrong grant', async () => {
		const badSecret = await requestToken({
			grant_type: 'client_credentials',
			client_id: DEV_CLIENT.clientId,
			client_secret: 'nope',
		});
		expect(badSecret.status).toBe(401);
		expect(badSecret.json).toEqual({
			error: 'invalid_client',
			error_description: 'Client authentication failed',
		});
		const unknown = await requestToken({
			grant_type: 'client_credentials',
			client_id: 'who',
			client_secret: 'x',
		});
		expect(unknown.status).toBe(401);
		const grant = await requestToken({
			grant_type: 'password',
			client_id: DEV_CLIENT.clientId,
			client_secret: DEV_CLIENT.clientSecret,
		});
		expect(grant.status).toBe(400);
		expect(grant.json.error).toBe('unsupported_grant_type');
	});

	it('refuses the whole request when one scope is not allowed, without naming it', async () => {
		const res = await requestToken({
			grant_type: 'client_credentials',
			client_id: LIMITED_CLIENT.clientId,
			client_secret: LIMITED_CLIENT.clientSecret,
			scope: 'api-sl-2-3.order-status.update export-api.order-item-details',
		});
		expect(res.status).toBe(400);
		expect(res.json).toEqual({
			error: 'invalid_scope',
			error_description: 'The requested scope is invalid, unknown, or malformed',
		});
		expect(res.json.access_token).toBeUndefined();

		const ok = await requestToken({
			grant_type: 'client_credentials',
			client_id: LIMITED_CLIENT.clientId,
			client_secret: LIMITED_CLIENT.clientSecret,
			scope: 'api-sl-2-3.order-status.update+api-sl-2-3.order-cancellation.create',
		});
		expect(ok.status).toBe(200);
		expect(ok.json.scope).toBe(
			'api-sl-2-3.order-status.update api-sl-2-3.order-cancellation.create',
		);
	});

	it('expires tokens after N requests, by time, and on expireAllTokens()', async () => {
		env.emu.configure({ expireTokensAfterRequests: 2 });
		const tok = await token();
		expect((await putStatus(String(IDS.received), tok, 'bad')).status).toBe(400);
		expect((await putStatus(String(IDS.received), tok, 128)).status).toBe(200);
		const third = await putStatus(String(IDS.onHold), tok, 1);
		expect(third.status).toBe(401);
		expect(third.json).toEqual({ error: { message: 'Authentication required', code: 0 } });
		expect(order(IDS.onHold).status).toBe(256);

		env.emu.configure({ expireTokensAfterRequests: null, tokenTtlSeconds: 0 });
		const instantlyExpired = await token();
		expect((await putStatus(String(IDS.onHold), instantlyExpired, 1)).status).toBe(401);

		env.emu.configure({ tokenTtlSeconds: 3600 });
		const fresh = await token();
		env.emu.expireAllTokens();
		expect((await putStatus(String(IDS.onHold), fresh, 1)).status).toBe(401);
		expect((await putStatus(String(IDS.onHold), await token(), 1)).status).toBe(200);
	});
});
