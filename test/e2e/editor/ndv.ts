/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tooling, never shipped in dist */
/**
 * The workflow canvas and the node details view (NDV), through the data-test-id hooks n8n's own
 * Playwright page objects use (packages/testing/playwright/pages: CanvasPage, NodeDetailsViewPage):
 * `canvas-node[data-node-name]`, `ndv`, `node-parameters`, `parameter-item`, `input-label`,
 * `parameter-input-<name>`, `parameter-issues`, `collection-parameter-add`,
 * `node-credentials-select`, `ndv-close-button`; dropdown entries are role=option.
 */
import type { Locator, Page } from 'playwright-core';

import type { DomElement, DomWindow } from './dom';

export function canvasNode(page: Page, name: string): Locator {
	return page.locator(
		`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`,
	);
}

export function ndv(page: Page): Locator {
	return page.getByTestId('ndv');
}

export function nodeParameters(page: Page): Locator {
	return ndv(page).getByTestId('node-parameters');
}

/** Opens a node's NDV by double-clicking it on the canvas; waits for its parameters. */
export async function openNode(page: Page, name: string): Promise<void> {
	await canvasNode(page, name).dblclick();
	await nodeParameters(page).waitFor({ state: 'visible' });
	const title = ndv(page).getByTestId('node-title-container');
	await title.filter({ hasText: name }).waitFor({ state: 'visible' });
	// parameters render in one pass, but option lists and credential names settle a tick later
	await page.waitForTimeout(400);
}

export async function closeNdv(page: Page): Promise<void> {
	if (!(await ndv(page).isVisible())) return;
	await ndv(page).getByTestId('ndv-close-button').click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/** Visible parameter labels of the Parameters tab, in page order (first line of each label). */
export async function visibleLabels(page: Page): Promise<string[]> {
	return await nodeParameters(page)
		.locator('label')
		.evaluateAll((els) =>
			els
				.filter((e) => (e as unknown as DomElement).offsetParent !== null)
				.map((e) =>
					((e as unknown as DomElement).innerText.split('\n')[0] ?? '')
						.replace(/\s*\*$/, '')
						.trim(),
				)
				.filter(Boolean),
		);
}

/** Names of the visible `parameter-input-<name>` inputs of the Parameters tab. */
export async function visibleParams(page: Page): Promise<string[]> {
	return await nodeParameters(page)
		.locator('[data-test-id^="parameter-input-"]')
		.evaluateAll((els) =>
			els
				.filter((e) => (e as unknown as DomElement).offsetParent !== null)
				.map((e) => (e.getAttribute('data-test-id') ?? '').slice('parameter-input-'.length))
				.filter((n) => n && n !== 'field' && n !== 'item' && n !== 'hint'),
		);
}

/** Parameters flagged with an issue (the red triangle), as their titles say. */
export async function parameterIssues(page: Page): Promise<string[]> {
	const issues = nodeParameters(page).getByTestId('parameter-issues').filter({ visible: true });
	const n = await issues.count();
	const out: string[] = [];
	for (let i = 0; i < n; i++) {
		const item = nodeParameters(page)
			.getByTestId('parameter-item')
			.filter({ has: issues.nth(i) })
			.last();
		const label = (
			await item
				.locator('label')
				.first()
				.innerText()
				.catch(() => '?')
		).split('\n')[0];
		out.push(label);
	}
	return out;
}

async function visibleOptions(page: Page): Promise<string[]> {
	const options = page.getByRole('option').filter({ visible: true });
	await options.first().waitFor({ state: 'visible', timeout: 5000 });
	return (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
}

/** The element-plus combobox inside a select; its aria-expanded tells whether the list is open. */
function combobox(trigger: Locator): Locator {
	return trigger.locator('[role="combobox"]').first();
}

async function setOpen(page: Page, trigger: Locator, open: boolean): Promise<void> {
	const box = combobox(trigger);
	const hasBox = (await box.count()) > 0;
	const isOpen = async () => (hasBox ? (await box.getAttribute('aria-expanded')) === 'true' : open);
	for (let attempt = 0; attempt < 3 && (await isOpen()) !== open; attempt++) {
		await (hasBox ? box : trigger).click();
		await page.waitForTimeout(150);
	}
	if (hasBox && (await isOpen()) !== open)
		throw new Error(`could not ${open ? 'open' : 'close'} the dropdown`);
}

/** Opens a select (n8n's parameter select or "Add …" select). */
export async function openDropdown(page: Page, trigger: Locator): Promise<void> {
	await setOpen(page, trigger, true);
}

/** Options a select offers: opens it, reads the visible role=option entries, closes it again. */
export async function readDropdown(page: Page, trigger: Locator): Promise<string[]> {
	await setOpen(page, trigger, true);
	try {
		return await visibleOptions(page);
	} finally {
		// clicking the select again closes it (Escape could close the NDV or the dialog)
		await setOpen(page, trigger, false).catch(() => undefined);
	}
}

/** Picks the option whose first line is `name` in an open or closed select. */
export async function chooseOption(page: Page, trigger: Locator, name: string): Promise<void> {
	await setOpen(page, trigger, true);
	const options = page.getByRole('option').filter({ visible: true });
	await options.first().waitFor({ state: 'visible', timeout: 5000 });
	// an option's text may carry its description on further lines: compare the first line
	const names = (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
	const index = names.indexOf(name);
	if (index < 0) throw new Error(`no option "${name}" (offers ${names.join(', ')})`);
	await options.nth(index).click();
}

/** The select of parameter `name` (`parameter-input-<name>`) in the Parameters tab. */
export function parameterInput(page: Page, name: string): Locator {
	return nodeParameters(page)
		.getByTestId(`parameter-input-${name}`)
		.filter({ visible: true })
		.first();
}

/** The "Add …" select of a collection, identified by its placeholder ("Add Option", "Add Field"). */
export function collectionAdd(page: Page, placeholder: string): Locator {
	return nodeParameters(page)
		.getByTestId('collection-parameter-add')
		.filter({ has: page.locator(`input[placeholder="${placeholder}"]`) })
		.filter({ visible: true })
		.first();
}

/** What the credential select shows (its input value). */
export async function credentialShown(page: Page): Promise<string> {
	const select = ndv(page).getByTestId('node-credentials-select').filter({ visible: true }).first();
	return (await select.locator('input').first().inputValue()).trim();
}

/**
 * Screenshot of the page. When `content` (e.g. the NDV's Parameters tab, a credential form) sits
 * in a scrolled container that overflows, the viewport grows (up to `maxHeight`) so all of it
 * shows, then goes back to its size.
 */
export async function screenshotGrown(
	page: Page,
	content: Locator,
	file: string,
	maxHeight = 1350,
): Promise<{ height: number }> {
	const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
	const overflow = await content.evaluate((el) => {
		const win = globalThis as unknown as DomWindow;
		let node: DomElement | null = el as unknown as DomElement;
		while (node) {
			const style = win.getComputedStyle(node);
			if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) {
				return node.scrollHeight - node.clientHeight;
			}
			node = node.parentElement;
		}
		return 0;
	});
	const height = Math.min(maxHeight, viewport.height + (overflow > 0 ? overflow + 24 : 0));
	if (height !== viewport.height) {
		await page.setViewportSize({ width: viewport.width, height });
		await page.waitForTimeout(400);
	}
	try {
		await page.mouse.move(0, height - 1); // no hover tooltips in the picture
		await page.screenshot({ path: file, animations: 'disabled' });
	} finally {
		if (height !== viewport.height) {
			await page.setViewportSize(viewport);
			await page.waitForTimeout(200);
		}
	}
	return { height };
}

/** Screenshot with the NDV open, grown to show the whole Parameters tab. */
export async function screenshotPanel(page: Page, file: string): Promise<{ height: number }> {
	return await screenshotGrown(page, nodeParameters(page), file);
}
