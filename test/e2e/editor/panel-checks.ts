/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/** Opens each panel of PANELS in the editor and checks what it shows. */
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import { describeEntry, type ConsoleCollector } from './browser';
import {
	closeNdv,
	collectionAdd,
	credentialShown,
	nodeParameters,
	openNode,
	parameterInput,
	parameterIssues,
	readDropdown,
	screenshotPanel,
	visibleLabels,
	visibleParams,
} from './ndv';
import type { PanelSpec } from './panels';
import { listDiff, type Report } from './report';

export async function panelChecks(
	page: Page,
	spec: PanelSpec,
	report: Report,
	collector: ConsoleCollector,
	shotsDir: string,
): Promise<void> {
	const name = `panel ${spec.key}`;
	collector.phase = name;
	const mark = collector.mark;

	const opened = await report.check(`${name}: opens ("${spec.nodeName}")`, async () => {
		await openNode(page, spec.nodeName);
	});
	if (!opened) {
		await closeNdv(page).catch(() => undefined);
		return;
	}

	const labels = await visibleLabels(page);
	const params = await visibleParams(page);
	await report.check(`${name}: fields visible`, async () => {
		const missingLabels = spec.labels.filter((l) => !labels.includes(l));
		const missingParams = spec.params.filter((p) => !params.includes(p));
		const present = spec.absent.filter((l) => labels.includes(l));
		const problems = [
			missingLabels.length ? `missing labels [${missingLabels.join(', ')}]` : '',
			missingParams.length ? `missing inputs [${missingParams.join(', ')}]` : '',
			present.length ? `should not show [${present.join(', ')}]` : '',
		].filter(Boolean);
		if (problems.length) throw new Error(`${problems.join('; ')}; saw [${labels.join(', ')}]`);
		return labels.join(', ');
	});

	await report.check(`${name}: credential "${spec.credentialName}" selected`, async () => {
		const shown = await credentialShown(page);
		if (shown !== spec.credentialName) throw new Error(`credential select shows "${shown}"`);
	});

	if (spec.notice) {
		const notice = spec.notice;
		await report.check(`${name}: notice "${notice}…" shown`, async () => {
			await nodeParameters(page)
				.getByText(notice, { exact: false })
				.first()
				.waitFor({ state: 'visible', timeout: 3000 });
		});
	}

	await report.check(`${name}: no parameter flagged with an issue`, async () => {
		const issues = await parameterIssues(page);
		if (issues.length) throw new Error(`issues on [${issues.join(', ')}]`);
	});

	for (const d of spec.dropdowns) {
		await report.check(`${name}: "${d.param}" offers ${d.options.length} options`, async () => {
			const options = await readDropdown(page, parameterInput(page, d.param));
			const diff = listDiff(d.options, options);
			if (diff) throw new Error(diff);
			return options.join(', ');
		});
	}

	for (const a of spec.addOptions) {
		await report.check(`${name}: "${a.placeholder}" offers the remaining options`, async () => {
			const options = await readDropdown(page, collectionAdd(page, a.placeholder)).catch(
				async (error: unknown) => {
					// a collection with one option shows a plain button that adds it straight away
					if (a.options.length !== 1) throw error;
					await nodeParameters(page).getByRole('button', { name: a.placeholder }).first().click();
					await nodeParameters(page)
						.getByText(a.options[0], { exact: true })
						.first()
						.waitFor({ state: 'visible', timeout: 5000 });
					return a.options;
				},
			);
			const diff = listDiff(a.options, options, false);
			if (diff) throw new Error(diff);
			return options.join(', ');
		});
	}

	await report.check(`${name}: screenshot ${spec.screenshot}`, async () => {
		const { height } = await screenshotPanel(page, path.join(shotsDir, spec.screenshot));
		return `1440×${height}`;
	});

	await closeNdv(page).catch(() => undefined);
	const errors = collector.errorsSince(mark);
	report.expect(
		`${name}: no browser console errors`,
		errors.length === 0,
		errors.length ? errors.map(describeEntry).join(' | ') : 'none',
	);
}
