/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling, never shipped in dist */
/**
 * examples/cancel-items-from-form.json in a started n8n: the form submitted over HTTP.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { SEED_ORDER_IDS as IDS } from '../../emulator';
import { ERROR_OUTPUT_HINT, runCase } from './common';
import { type LiveSetup, fetchWithin } from './live';

export async function submitForm(
	setup: LiveSetup,
	values: string[],
): Promise<{ page: string; steps: string[] }> {
	const steps: string[] = [];
	const body = new FormData();
	values.forEach((value, index) => body.append(`field-${index}`, value));
	const posted = await fetchWithin(30_000, `${setup.url}/form/${setup.formPath}`, {
		method: 'POST',
		body,
		redirect: 'manual',
	});
	if (!posted) throw new Error(`POST /form/${setup.formPath}: no answer within 30s`);
	const answer = await posted.text();
	steps.push(`POST /form/${setup.formPath} → ${posted.status}`);
	let next = posted.headers.get('location') ?? undefined;
	try {
		next ??= (JSON.parse(answer) as { formWaitingUrl?: string }).formWaitingUrl;
	} catch {
		// not JSON
	}
	if (!next) return { page: pageText(answer), steps };

	// formWaitingUrl names the host n8n thinks it has (localhost): ask the instance directly.
	const target = new URL(next, setup.url);
	const local = (suffix: string) => `${setup.url}${target.pathname}${suffix}${target.search}`;
	// Like the form page's script: poll the execution's status (n8n holds a page request open
	// while the execution runs), then load the page once a Form Ending waits to be shown.
	const deadline = Date.now() + 60_000;
	let status = '';
	while (Date.now() < deadline) {
		const response = await fetchWithin(5_000, local('/n8n-execution-status'));
		status = response ? (await response.text()).trim().slice(0, 40) : 'no answer';
		if (!['running', 'new', 'no answer'].includes(status)) break;
		await sleep(300);
	}
	steps.push(`execution status ${status}`);
	const response = await fetchWithin(15_000, local(''), { redirect: 'manual' });
	const last = response ? pageText(await response.text()) : '';
	steps.push(`GET ${target.pathname} → ${response?.status ?? 'no answer'}`);
	return { page: last, steps };
}

export function pageText(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/gi, ' ')
		.replace(/<style[\s\S]*?<\/style>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#39;|&#x27;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/&times;/g, '×')
		.replace(/\s+/g, ' ')
		.trim();
}

export async function testForm(label: string, setup: LiveSetup): Promise<void> {
	await runCase(
		`${label} › cancel-items-from-form: a form submission cancels items and the form shows the result`,
		async (c) => {
			const { emulator } = setup;
			const page = await fetch(`${setup.url}/form/${setup.formPath}`);
			const pageHtml = await page.text();
			c.check(
				page.status === 200 && pageHtml.includes('Cancel KornitX order items'),
				`GET /form/${setup.formPath}: HTTP ${page.status}, the form's title shown`,
			);

			const order = emulator.getOrder(IDS.inProduction)!;
			const [first, , third] = order.items;
			const before = order.items.map((item) => item.cancelled_quantity);
			const result = await submitForm(setup, [
				String(order.id),
				`${first.id}, ${third.id}`,
				'1, 2',
				'Customer request',
			]);
			c.note(result.steps.join('; '));
			const call = emulator.log.find(
				(entry) =>
					entry.api === 'rest' &&
					entry.method === 'POST' &&
					entry.path.endsWith(`/order/${order.id}/cancellation`),
			);
			c.equal(
				call?.body,
				{
					items: [
						{ id: first.id, quantity: 1 },
						{ id: third.id, quantity: 2 },
					],
					reference: 'Customer request',
				},
				'cancellation request built from the form',
			);
			const after = emulator
				.getOrder(IDS.inProduction)!
				.items.map((item) => item.cancelled_quantity);
			c.equal(
				after,
				[before[0] + 1, before[1], before[2] + 2],
				"cancelled quantities of the order's items",
			);
			const cancellationId = emulator.getOrder(IDS.inProduction)!.cancellations[0]?.id;
			const text = result.page;
			c.check(
				text.includes('Items cancelled') &&
					text.includes(`KornitX cancellation ${cancellationId} for order ${order.id}`) &&
					text.includes(`1 × item ${first.id}, 2 × item ${third.id}`),
				`the ending page shows the cancellation: ${JSON.stringify(text.slice(0, 400))}`,
			);

			// Too many of an item: KornitX refuses, nothing changes, the refusal page says why.
			const refused = await submitForm(setup, [
				String(order.id),
				String(first.id),
				String(first.quantity + 5),
				'Out of stock',
			]);
			c.note(refused.steps.join('; '));
			c.equal(
				emulator.getOrder(IDS.inProduction)!.items.map((item) => item.cancelled_quantity),
				after,
				'a refused cancellation changes nothing',
			);
			const refusedText = refused.page;
			c.check(
				!refusedText.includes('Items cancelled'),
				`a refused cancellation reached the success page. ${ERROR_OUTPUT_HINT}`,
			);
			c.check(
				refusedText.includes('Cancellation refused') &&
					refusedText.includes('Invalid item specified') &&
					refusedText.includes('KornitX refused entry 1 of Items'),
				`the refusal page says why: ${JSON.stringify(refusedText.slice(0, 400))}`,
			);
		},
	);
}
