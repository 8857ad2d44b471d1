/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- installs Debian's chromium when missing */
/**
 * Debian's chromium driven by playwright-core (never a downloaded browser build), and a collector
 * for what the page prints to its console.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import type { DomWindow } from './dom';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Installs Debian's `chromium` package when /usr/bin/chromium is missing (needs root). */
export function ensureChromium(log: (line: string) => void): void {
	if (fs.existsSync(CHROMIUM)) return;
	log(`${CHROMIUM} is missing: apt-get install chromium (Debian package) …`);
	const t0 = Date.now();
	const run = (args: string[]) => {
		const r = spawnSync('apt-get', args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			encoding: 'utf8',
		});
		if (r.status !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout).slice(-2000)}`,
			);
		}
	};
	run(['update']);
	run(['install', '-y', 'chromium']);
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
	log(`chromium installed in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
}

/**
 * Launches chromium headless. `chromium.launch` gives every run a fresh temporary profile
 * (user data dir), removed on close.
 */
export async function launchBrowser(): Promise<Browser> {
	// n8n's UI marks its elements with data-test-id (not Playwright's default data-testid).
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface LoginState {
	/** http://127.0.0.1:<port> */
	baseUrl: string;
	/** `n8n-auth=<jwt>` */
	cookie: string;
	/** The browser-id the cookie is bound to (n8n checks it on every REST call). */
	browserId: string;
}

/**
 * A browser context already logged in: n8n's auth cookie plus the `n8n-browserId` the editor
 * sends as `browser-id` (the cookie is only valid together with the browser-id it was issued for).
 */
export async function loggedInContext(
	browser: Browser,
	login: LoginState,
): Promise<BrowserContext> {
	const context = await browser.newContext({
		viewport: { width: 1440, height: 900 },
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	const eq = login.cookie.indexOf('=');
	await context.addCookies([
		{
			name: login.cookie.slice(0, eq),
			value: login.cookie.slice(eq + 1),
			url: login.baseUrl,
			httpOnly: true,
			sameSite: 'Lax',
		},
	]);
	await context.addInitScript((id: string) => {
		(globalThis as unknown as DomWindow).localStorage.setItem('n8n-browserId', id);
	}, login.browserId);
	return context;
}

export interface ConsoleEntry {
	/** `console.error` text or `pageerror` message. */
	kind: 'console' | 'pageerror';
	text: string;
	/** URL the console message points at (a failed resource's URL for "Failed to load resource"). */
	url: string;
	/** What the check was doing when the entry arrived. */
	phase: string;
	/** Why it is ignored, when it is. */
	ignored?: string;
}

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * Errors that are not about our node, with the reason. Anything mentioning KornitX is never
 * ignored.
 */
function ignoreReason(entry: Omit<ConsoleEntry, 'ignored' | 'phase'>): string | undefined {
	if (/kornitx/i.test(entry.text) || /kornitx/i.test(entry.url)) return undefined;
	if (/^Failed to load resource/i.test(entry.text) && entry.url && !LOOPBACK.test(entry.url)) {
		return `request to a host outside loopback (${new URL(entry.url).host}) failed: this machine's network is closed`;
	}
	return undefined;
}

/** Collects `console` errors and `pageerror`s of a page, tagged with the current phase. */
export class ConsoleCollector {
	readonly entries: ConsoleEntry[] = [];
	phase = 'load';

	attach(page: Page): void {
		page.on('console', (msg) => {
			if (msg.type() !== 'error') return;
			this.add({ kind: 'console', text: msg.text(), url: msg.location().url ?? '' });
		});
		page.on('pageerror', (err) => {
			this.add({ kind: 'pageerror', text: `${err.name}: ${err.message}`, url: '' });
		});
	}

	private add(e: Omit<ConsoleEntry, 'ignored' | 'phase'>): void {
		this.entries.push({ ...e, phase: this.phase, ignored: ignoreReason(e) });
	}

	/** Errors (not ignored) recorded since index `from`. */
	errorsSince(from: number): ConsoleEntry[] {
		return this.entries.slice(from).filter((e) => !e.ignored);
	}

	get ignored(): ConsoleEntry[] {
		return this.entries.filter((e) => e.ignored);
	}

	get mark(): number {
		return this.entries.length;
	}
}

export function describeEntry(e: ConsoleEntry): string {
	const url = e.url ? ` (${e.url})` : '';
	return `[${e.phase}] ${e.kind}: ${e.text.replace(/\s+/g, ' ').slice(0, 300)}${url}`;
}
