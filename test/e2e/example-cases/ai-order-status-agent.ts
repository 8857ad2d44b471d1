/**
 * examples/ai-order-status-agent.json in n8n (`n8n execute`, the Chat Trigger fed by a Code node).
 */
import { SEED_ORDER_IDS as IDS } from '../../emulator';
import { runCase, items, type Stubs, type ExecuteSetup, CHAT_MESSAGES, execute } from './common';

export async function testAgent(label: string, setup: ExecuteSetup, stubs: Stubs): Promise<void> {
	await runCase(
		`${label} › ai-order-status-agent: the agent looks orders up with the KornitX tool and answers`,
		async (c) => {
			const { emulator } = setup;
			emulator.reset();
			const chatBefore = stubs.openai.chatRequests().length;
			const run = await execute(c, setup, setup.ids.agent);

			const answers = items(run, 'Order status agent').map((item) => String(item.output ?? ''));
			c.equal(answers.length, CHAT_MESSAGES.length, 'answers');
			c.check(
				answers[0]?.includes(`KornitX ${IDS.receivedBySupplier}`) &&
					answers[0]?.includes('Received by Supplier (status 513)'),
				`answer 1 gives the status from KornitX: ${JSON.stringify(answers[0])}`,
			);
			c.check(
				answers[1]?.includes('SHOP-1004') &&
					answers[1]?.includes('Dispatched (status 8)') &&
					answers[1]?.includes('RM123456785GB'),
				`answer 2 gives status and tracking from KornitX: ${JSON.stringify(answers[1])}`,
			);
			const queries = emulator.log.filter(
				(entry) => entry.api === 'graphql' && entry.status === 200,
			);
			const variables = queries.map((entry) => (entry.body as { variables?: unknown })?.variables);
			c.equal(
				variables,
				[{ filter: { id: [IDS.receivedBySupplier] } }, { filter: { external_ref: ['SHOP-1004'] } }],
				'GraphQL orders queries the tool sent (ID, then external ref)',
			);
			c.check(
				queries.every((entry) =>
					/core\s*\{\s*orders\(filter: \$filter, page: 1, count: 10\)/.test(
						String((entry.body as { query?: string })?.query),
					),
				),
				"the tool ran the example's core { orders } query (inferred shape, served by the emulator's schema)",
			);
			const chats = stubs.openai.chatRequests().slice(chatBefore);
			c.equal(
				chats.length,
				4,
				'chat-completion requests (a tool call, then an answer, per message)',
			);
			const toolNames = chats[0]?.tools?.map((tool) => tool.function?.name) ?? [];
			c.check(
				toolNames.some((name) => /look_up_order/i.test(name ?? '')),
				`the model was offered the KornitX tool: ${JSON.stringify(toolNames)}`,
			);
		},
	);
}
