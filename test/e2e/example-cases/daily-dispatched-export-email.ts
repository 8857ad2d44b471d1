/**
 * examples/daily-dispatched-export-email.json in n8n (`n8n execute`).
 */
import { DateTime } from 'luxon';

import { SEED_ORDER_IDS as IDS } from '../../emulator';
import {
	EXECUTE_TIMEZONE,
	runCase,
	items,
	STUB_LOGINS,
	type Stubs,
	type ExecuteSetup,
	execute,
} from './common';

export async function testDailyExport(
	label: string,
	setup: ExecuteSetup,
	stubs: Stubs,
): Promise<void> {
	await runCase(
		`${label} › daily-dispatched-export-email: yesterday's dispatches arrive as a CSV attachment`,
		async (c) => {
			const { emulator } = setup;
			emulator.reset();
			const now = DateTime.now().setZone(EXECUTE_TIMEZONE);
			const yesterday = now.minus({ days: 1 }).startOf('day');
			const today = now.startOf('day');
			const kx = (dt: DateTime) => dt.toUTC().toFormat('yyyy-LL-dd HH:mm:ss');
			// Dispatched yesterday (in the workflow's time zone): in the report.
			emulator.setOrder(IDS.dispatched, { completion_datetime: kx(yesterday.plus({ hours: 2 })) });
			emulator.setOrder(IDS.sameSecondA, {
				completion_datetime: kx(yesterday.plus({ hours: 23, minutes: 59 })),
			});
			// Before yesterday: the export's completedAfter filter leaves it out.
			emulator.setOrder(IDS.sameSecondB, {
				completion_datetime: kx(yesterday.minus({ minutes: 1 })),
			});
			// Today: the export returns it, the "Completed yesterday" filter drops it.
			emulator.setOrder(IDS.dispatchedLater, { completion_datetime: kx(today) });
			// Completed yesterday but not Dispatched: the status filter leaves it out.
			emulator.setOrder(IDS.receivedByShipper, {
				completion_datetime: kx(yesterday.plus({ hours: 3 })),
			});
			const expectedOrders = [IDS.dispatched, IDS.sameSecondA];
			const expectedRows = expectedOrders.reduce(
				(sum, id) => sum + (emulator.getOrder(id)?.items.length ?? 0),
				0,
			);
			const mailsBefore = stubs.smtp.messages.length;

			const run = await execute(c, setup, setup.ids.daily);

			// After emulator.reset() the token n8n stored is unknown: the first call gets a 401 and n8n
			// fetches a new token and repeats it. Count the answered calls.
			const exports = emulator.log.filter(
				(entry) => entry.api === 'export' && entry.status === 200,
			);
			c.equal(exports.length, 1, 'export requests answered');
			c.equal(
				[
					exports[0]?.query['filter[status:in]'],
					exports[0]?.query['filter[completion_datetime:gt]'],
				],
				['8', kx(yesterday)],
				'export filters (statuses; completed after the start of yesterday, in UTC)',
			);
			const mail = await stubs.smtp.waitFor(
				(m) => stubs.smtp.messages.indexOf(m) >= mailsBefore,
				5_000,
			);
			if (
				!c.present(
					mail,
					`no e-mail reached the SMTP server (Send Email output: ${JSON.stringify(items(run, 'E-mail the report'))})`,
				)
			)
				return;
			const day = yesterday.toFormat('yyyy-LL-dd');
			c.equal(mail.to, ['dispatch-team@example.com'], 'recipients');
			c.equal(mail.authUser, STUB_LOGINS.smtp.user, 'SMTP login (from the credential)');
			c.equal(mail.subject, `KornitX dispatches ${day}`, 'subject');
			c.check(
				mail.text.includes(`the ${expectedRows} item rows of the ${expectedOrders.length} orders`),
				`body text counts rows and orders: ${JSON.stringify(mail.text)}`,
			);
			const csv = mail.attachments.find(
				(part) => part.filename === `kornitx-dispatched-${day}.csv`,
			);
			if (
				!c.present(
					csv,
					`no attachment kornitx-dispatched-${day}.csv (attachments: ${mail.attachments.map((a) => a.filename).join(', ') || 'none'})`,
				)
			)
				return;
			const csvText = csv.content.toString('utf8');
			c.note(
				`CSV attachment: ${csv.content.length} bytes${csvText.startsWith('\ufeff') ? ', with a UTF-8 BOM (for Excel)' : ''}`,
			);
			const rows = parseCsv(csvText.replace(/^\ufeff/, ''));
			const header = rows[0] ?? [];
			c.equal(
				header.slice(0, 8),
				[
					'Order ID',
					'Order Ref',
					'External Ref',
					'Company',
					'Completed (UTC)',
					'Carrier',
					'Method',
					'Tracking',
				],
				'CSV columns',
			);
			const body = rows.slice(1);
			c.equal(
				body.length,
				expectedRows,
				'CSV rows (one per item of the orders dispatched yesterday)',
			);
			const orderIds = [...new Set(body.map((row) => Number(row[0])))].sort();
			c.equal(orderIds, [...expectedOrders].sort(), 'orders in the CSV');
			const trackingOf = new Map(body.map((row) => [Number(row[0]), row[7]]));
			for (const id of expectedOrders) {
				c.equal(
					trackingOf.get(id),
					emulator.getOrder(id)?.shipping_tracking,
					`tracking of order ${id} in the CSV`,
				);
			}
		},
	);
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else field += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += ch;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows.filter((r) => r.length > 1 || r[0] !== '');
}
