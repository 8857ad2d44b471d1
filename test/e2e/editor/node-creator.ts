/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * The nodes panel: searching "KornitX" finds the node, and its actions list reads the `action`
 * texts of every operation. Hooks from n8n's NodeCreator page object: `node-creator-plus-button`,
 * `node-creator`, `node-creator-search-bar`, `item-iterator-item`.
 */
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import { describeEntry, type ConsoleCollector } from './browser';
import { listDiff, type Report } from './report';

/** The `action` of every operation (node-contract: "`action` on every operation option"). */
export const NODE_ACTIONS = [
	'Update order status',
	'Update orders',
	'Export orders',
	'Cancel order items',
	'Run a query or mutation',
	'Create a shipment for order items',
	'Update stock availability',
	'Get many stock levels',
];

export async function nodeCreatorChecks(
	page: Page,
	report: Report,
	collector: ConsoleCollector,
	shotsDir: string,
): Promise<void> {
	collector.phase = 'nodes panel';
	const mark = collector.mark;
	const root = page.getByTestId('node-creator');
	const items = root.getByTestId('item-iterator-item').filter({ visible: true });
	const texts = async () => (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

	const found = await report.check(
		'nodes panel: searching "KornitX" finds the KornitX node',
		async () => {
			await page.getByTestId('node-creator-plus-button').click();
			await root.waitFor({ state: 'visible' });
			await page.getByTestId('node-creator-search-bar').fill('KornitX');
			await items.first().waitFor({ state: 'visible' });
			await page.waitForTimeout(300);
			const list = await texts();
			if (!list.some((t) => t.startsWith('KornitX')))
				throw new Error(`results: ${list.join(' | ')}`);
			return list.join(' | ');
		},
	);
	if (found) {
		await report.check('nodes panel: KornitX lists an action per operation', async () => {
			await items
				.filter({ hasText: /^\s*KornitX(?! Trigger)/ })
				.first()
				.click();
			await page.waitForTimeout(500);
			const list = await texts();
			const actions = NODE_ACTIONS.filter((a) => list.some((t) => t.startsWith(a)));
			const diff = listDiff(NODE_ACTIONS, actions, false);
			if (diff) throw new Error(`${diff}; panel shows ${list.join(' | ')}`);
			await page.mouse.move(0, 899);
			await page.screenshot({ path: path.join(shotsDir, 'actions.png'), animations: 'disabled' });
			return list.join(' | ');
		});
	}
	// close the panel: Escape leaves a sub-view first, then the panel
	for (let i = 0; i < 3 && (await root.isVisible().catch(() => false)); i++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
	const errors = collector.errorsSince(mark);
	report.expect(
		'nodes panel: no browser console errors',
		errors.length === 0,
		errors.length ? errors.map(describeEntry).join(' | ') : 'none',
	);
}
