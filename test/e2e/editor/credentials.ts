/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * Credential checks in the editor: the imported "KornitX (emulator)" OAuth2 credential and the
 * API-key credential test green, and a credential created through the UI with the limited OAuth
 * client (all five scopes requested) shows n8n's scope error. The REST call the UI makes for the
 * test (`POST /rest/credentials/test`) is replayed and its JSON recorded.
 *
 * Hooks (n8n's CredentialModal / CredentialsPage page objects): `credential-edit-dialog`,
 * `credential-save-button`, `credential-name` + `inline-edit-input`,
 * `credentials-config-container-test-success`, `parameter-input-<name>`,
 * `new-credential-type-select-option`, `new-credential-type-button`, `add-resource-credential`.
 */
import * as path from 'node:path';

import type { Page, Response } from 'playwright-core';

import { ALL_SCOPES, LIMITED_CLIENT } from '../../emulator';
import type { ConsoleCollector } from './browser';
import type { DomElement } from './dom';
import { describeEntry } from './browser';
import { chooseOption, readDropdown } from './ndv';
import { API_KEY_CREDENTIAL, OAUTH2_CREDENTIAL } from './panels';
import { firstLine, listDiff, type Report } from './report';
import type { EditorSession } from './session';

export const LIMITED_CREDENTIAL_NAME = 'KornitX (limited client)';

interface TestReply {
	data?: { status?: string; message?: string };
}

const isCredentialTest = (r: Response) =>
	r.request().method() === 'POST' && new URL(r.url()).pathname === '/rest/credentials/test';

function dialog(page: Page) {
	return page.getByTestId('credential-edit-dialog');
}

/** The dialog has a fixed height and scrolls inside: a plain 1440×900 shot shows its top (banner, client, scope). */
async function shoot(page: Page, file: string): Promise<void> {
	await page.mouse.move(0, 899); // no hover tooltips in the picture
	await page.waitForTimeout(300);
	// not animations: 'disabled': it cancels the banner button's label transition and leaves it blank
	await page.screenshot({ path: file });
}

async function closeDialog(page: Page): Promise<void> {
	const close = page
		.getByRole('button', { name: 'Close this dialog' })
		.filter({ visible: true })
		.first();
	if (await close.isVisible().catch(() => false)) await close.click();
	await dialog(page).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Labels of the credential form's visible fields, in order. */
async function credentialLabels(page: Page): Promise<string[]> {
	return await dialog(page)
		.locator(
			'[data-test-id="credential-connection-parameter"] label, [data-test-id^="parameter-input-"]',
		)
		.evaluateAll((els) => {
			const out: string[] = [];
			for (const e of els) {
				if (e.tagName !== 'LABEL' || (e as unknown as DomElement).offsetParent === null) continue;
				const text = ((e as unknown as DomElement).innerText.split('\n')[0] ?? '')
					.replace(/\s*\*$/, '')
					.trim();
				if (text && out[out.length - 1] !== text) out.push(text);
			}
			return out;
		});
}

async function fillField(page: Page, name: string, value: string): Promise<void> {
	const input = dialog(page)
		.getByTestId(`parameter-input-${name}`)
		.locator('input, textarea')
		.first();
	await input.click();
	await input.fill(value);
}

/** Opens an existing credential from the credentials list (its card), else by URL. */
async function openCredential(
	page: Page,
	baseUrl: string,
	id: string,
	name: string,
): Promise<Response> {
	const autoTest = page.waitForResponse(isCredentialTest, { timeout: 60_000 });
	const card = page.getByTestId('resources-list-item').filter({ hasText: name }).first();
	if (await card.isVisible().catch(() => false)) await card.click();
	else await page.goto(`${baseUrl}/home/credentials/${id}`);
	await dialog(page).waitFor({ state: 'visible', timeout: 60_000 });
	// an existing credential is tested as soon as its dialog opens
	return await autoTest;
}

async function replay(
	session: EditorSession,
	request: Response,
): Promise<{ status: number; json: unknown }> {
	const body: unknown = JSON.parse(request.request().postData() ?? '{}');
	const res = await session.api('POST', '/rest/credentials/test', body);
	return { status: res.status, json: res.body };
}

export async function credentialChecks(
	page: Page,
	session: EditorSession,
	report: Report,
	collector: ConsoleCollector,
	shotsDir: string,
): Promise<void> {
	const base = session.login.baseUrl;
	const consoleCheck = async (name: string, from: number) => {
		const errors = collector.errorsSince(from);
		report.expect(
			`${name}: no browser console errors`,
			errors.length === 0,
			errors.length ? errors.map(describeEntry).join(' | ') : 'none',
		);
	};

	// --- 1. the imported OAuth2 credential tests green --------------------------------------
	collector.phase = 'credential ok';
	let mark = collector.mark;
	await page.goto(`${base}/home/credentials`);
	await report.check('credential "KornitX (emulator)": test on open says OK', async () => {
		const res = await openCredential(page, base, OAUTH2_CREDENTIAL.id, OAUTH2_CREDENTIAL.name);
		const json = (await res.json()) as TestReply;
		if (json.data?.status !== 'OK')
			throw new Error(`POST /rest/credentials/test → ${JSON.stringify(json)}`);
		return JSON.stringify(json);
	});
	let okRequest: Response | undefined;
	await report.check(
		'credential "KornitX (emulator)": Retry (test) button shows success',
		async () => {
			const banner = page.getByTestId('credentials-config-container-test-success');
			await banner.waitFor({ state: 'visible', timeout: 20_000 });
			const retest = page.waitForResponse(isCredentialTest, { timeout: 30_000 });
			await banner.getByRole('button', { name: 'Retry' }).click();
			okRequest = await retest;
			const json = (await okRequest.json()) as TestReply;
			if (json.data?.status !== 'OK') throw new Error(`retest → ${JSON.stringify(json)}`);
			await banner.waitFor({ state: 'visible', timeout: 20_000 });
			const text = (await banner.innerText())
				.replace(/\s+/g, ' ')
				.replace(/\s*Retry\s*$/, '')
				.trim();
			if (!/tested successfully/i.test(text)) throw new Error(`banner says "${text}"`);
			return `UI shows "${text}"`;
		},
	);
	await report.check('credential "KornitX (emulator)": OAuth2 fields', async () => {
		const labels = await credentialLabels(page);
		const must = [
			'Client ID',
			'Client Secret',
			'Scope',
			'Environment',
			'Token URL',
			'REST Base URL',
			'GraphQL URL',
			'Export URL',
		];
		const hidden = [
			'Grant Type',
			'Access Token URL',
			'Authorization URL',
			'Auth URI Query Parameters',
			'Authentication',
		];
		const missing = must.filter((l) => !labels.includes(l));
		const shown = hidden.filter((l) => labels.includes(l));
		if (missing.length || shown.length) {
			throw new Error(
				`missing [${missing.join(', ')}], should be hidden [${shown.join(', ')}]; saw [${labels.join(', ')}]`,
			);
		}
		return labels.join(', ');
	});
	await report.check('screenshot credential-ok.png', async () => {
		// the banner's Retry button shows a spinner (no label) while a test runs
		const button = page
			.getByTestId('credentials-config-container-test-success')
			.locator('button')
			.first();
		for (let i = 0; i < 50 && (await button.innerText().catch(() => '')).trim() !== 'Retry'; i++) {
			await page.waitForTimeout(200);
		}
		await shoot(page, path.join(shotsDir, 'credential-ok.png'));
	});
	if (okRequest) {
		const request = okRequest;
		await report.check('REST POST /rest/credentials/test (KornitX (emulator)) → OK', async () => {
			const { status, json } = await replay(session, request);
			const reply = json as TestReply;
			if (status !== 200 || reply.data?.status !== 'OK')
				throw new Error(`HTTP ${status} ${JSON.stringify(json)}`);
			return `HTTP ${status} ${JSON.stringify(json)}`;
		});
	}
	await closeDialog(page).catch(() => undefined);
	await consoleCheck('credential "KornitX (emulator)"', mark);

	// --- 2. the imported API-key credential tests green --------------------------------------
	collector.phase = 'credential api key';
	mark = collector.mark;
	await report.check('credential "KornitX API key (emulator)": test on open says OK', async () => {
		const res = await openCredential(page, base, API_KEY_CREDENTIAL.id, API_KEY_CREDENTIAL.name);
		const json = (await res.json()) as TestReply;
		if (json.data?.status !== 'OK')
			throw new Error(`POST /rest/credentials/test → ${JSON.stringify(json)}`);
		const banner = page.getByTestId('credentials-config-container-test-success');
		await banner.waitFor({ state: 'visible', timeout: 20_000 });
		const text = (await banner.innerText())
			.replace(/\s+/g, ' ')
			.replace(/\s*Retry\s*$/, '')
			.trim();
		return `${JSON.stringify(json)}; UI shows "${text}"`;
	});
	await closeDialog(page).catch(() => undefined);
	await consoleCheck('credential "KornitX API key (emulator)"', mark);

	// --- 3. a credential created in the UI with the limited client shows the scope error ------
	collector.phase = 'credential scope';
	mark = collector.mark;
	const created = await report.check(
		'create credential "KornitX OAuth2 API" in the UI',
		async () => {
			const button = page
				.getByTestId('add-resource-credential')
				.or(page.getByRole('button', { name: 'Create credential', exact: true }))
				.filter({ visible: true })
				.first();
			await button.click();
			await page.getByRole('combobox', { name: 'Search for app...' }).fill('KornitX');
			const option = page
				.getByTestId('new-credential-type-select-option')
				.filter({ hasText: 'KornitX OAuth2 API' });
			await option.first().click();
			await page.getByTestId('new-credential-type-button').click();
			await dialog(page).waitFor({ state: 'visible' });
			await dialog(page).getByTestId('parameter-input-clientId').waitFor({ state: 'visible' });
		},
	);
	if (!created) return;

	await report.check('new credential: Scope defaults to the five scopes', async () => {
		const scope = await dialog(page)
			.getByTestId('parameter-input-scope')
			.locator('input, textarea')
			.first()
			.inputValue();
		const diff = listDiff(ALL_SCOPES, scope.trim().split(/\s+/), false);
		if (diff) throw new Error(diff);
		return scope;
	});
	await report.check(
		'new credential: Environment offers Production and Custom; Production hides the URL fields',
		async () => {
			const env = dialog(page).getByTestId('parameter-input-environment');
			const value = await env.locator('input').first().inputValue();
			const labels = await credentialLabels(page);
			const shown = ['Token URL', 'REST Base URL', 'GraphQL URL'].filter((l) => labels.includes(l));
			const options = await readDropdown(page, env);
			const diff = listDiff(['Production', 'Custom'], options);
			if (value !== 'Production' || shown.length || diff) {
				throw new Error(`value "${value}", shown for Production [${shown.join(', ')}] ${diff}`);
			}
			const note = labels.includes('Export URL') ? ' (Export URL is shown for Production too)' : '';
			return `fields for Production: ${labels.join(', ')}${note}`;
		},
	);
	await report.check(
		'new credential: Custom shows Token URL, REST Base URL, GraphQL URL, Export URL',
		async () => {
			await chooseOption(page, dialog(page).getByTestId('parameter-input-environment'), 'Custom');
			for (const name of ['tokenUrl', 'restBaseUrl', 'graphqlUrl', 'exportUrl']) {
				await dialog(page)
					.getByTestId(`parameter-input-${name}`)
					.waitFor({ state: 'visible', timeout: 5000 });
			}
			return (await credentialLabels(page)).join(', ');
		},
	);

	let scopeRequest: Response | undefined;
	await report.check(
		'new credential with the limited client: Save tests it and shows an error naming the scope',
		async () => {
			const u = session.emulator.urls;
			await fillField(page, 'clientId', LIMITED_CLIENT.clientId);
			await fillField(page, 'clientSecret', LIMITED_CLIENT.clientSecret);
			await fillField(page, 'tokenUrl', u.token);
			await fillField(page, 'restBaseUrl', u.rest);
			await fillField(page, 'graphqlUrl', u.graphql);
			await fillField(page, 'exportUrl', u.export);
			await page.getByTestId('credential-name').click();
			const nameInput = page.getByTestId('credential-name').getByTestId('inline-edit-input');
			await nameInput.fill(LIMITED_CREDENTIAL_NAME);
			await nameInput.press('Enter');
			const saved = page.waitForResponse(
				(r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/rest/credentials',
				{ timeout: 30_000 },
			);
			const tested = page.waitForResponse(isCredentialTest, { timeout: 30_000 });
			await page.getByTestId('credential-save-button').click();
			const savedRes = await saved;
			if (savedRes.status() >= 300)
				throw new Error(`POST /rest/credentials → HTTP ${savedRes.status()}`);
			scopeRequest = await tested;
			const json = (await scopeRequest.json()) as TestReply;
			if (json.data?.status !== 'Error')
				throw new Error(`test → ${JSON.stringify(json)} (expected an error)`);
			const banner = dialog(page)
				.locator('.el-tag--danger')
				.filter({ hasText: 'connect with these settings' })
				.filter({ visible: true })
				.first();
			await banner.waitFor({ state: 'visible', timeout: 20_000 });
			const more = banner.getByText('More details');
			if (await more.isVisible().catch(() => false)) await more.click();
			await banner.getByText(/scope/i).first().waitFor({ state: 'visible', timeout: 5000 });
			const text = (await banner.innerText())
				.replace(/\bRetry\b/, '')
				.replace(/\s+/g, ' ')
				.trim();
			if (!/scope/i.test(text)) throw new Error(`banner says "${text}"`);
			return `UI shows "${text}"`;
		},
	);
	await report.check('screenshot credential-scope.png', async () => {
		// the toast "Credential successfully created" would cover part of the dialog
		await page
			.locator('.el-notification')
			.filter({ visible: true })
			.waitFor({ state: 'hidden', timeout: 8000 })
			.catch(() => undefined);
		await shoot(page, path.join(shotsDir, 'credential-scope.png'));
	});
	if (scopeRequest) {
		const request = scopeRequest;
		await report.check(
			`REST POST /rest/credentials/test (${LIMITED_CREDENTIAL_NAME}) → Error naming the scope`,
			async () => {
				const { status, json } = await replay(session, request);
				const reply = json as TestReply;
				if (
					status !== 200 ||
					reply.data?.status !== 'Error' ||
					!/scope/i.test(reply.data?.message ?? '')
				) {
					throw new Error(`HTTP ${status} ${JSON.stringify(json)}`);
				}
				return `HTTP ${status} ${JSON.stringify(json)}`;
			},
		);
	}
	await report.check(`credential "${LIMITED_CREDENTIAL_NAME}" was saved`, async () => {
		const res = await session.api<{ data?: Array<{ name: string; type: string }> }>(
			'GET',
			'/rest/credentials',
		);
		const found = (res.body.data ?? []).find((c) => c.name === LIMITED_CREDENTIAL_NAME);
		if (!found) throw new Error(`not in GET /rest/credentials (HTTP ${res.status})`);
		if (found.type !== 'kornitxOAuth2Api') throw new Error(`type ${found.type}`);
		return `type ${found.type}`;
	});
	await closeDialog(page).catch((e: unknown) => report.info(`closing the dialog: ${firstLine(e)}`));
	await consoleCheck(`credential "${LIMITED_CREDENTIAL_NAME}"`, mark);
}
