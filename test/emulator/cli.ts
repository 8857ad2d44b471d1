/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- dev tooling, never shipped in dist */
/**
 * Run the KornitX emulator until SIGINT/SIGTERM:
 *   npx tsx test/emulator/cli.ts [--port 8787] [--host 127.0.0.1] [--latency 0]
 * or, as KornitX calling you (push-cli.ts):
 *   npx tsx test/emulator/cli.ts push --url URL --key KEY ...   (notify: a status notification)
 * The port also comes from KORNITX_EMULATOR_PORT (flag wins). Default 8787.
 */
import { DEV_API_KEY, DEV_CLIENT, LIMITED_CLIENT, SEED_ORDER_IDS, startEmulator } from './index';
import { runPushCli } from './push-cli';

function flag(name: string): string | undefined {
	const args = process.argv.slice(2);
	for (let i = 0; i < args.length; i++) {
		if (args[i] === `--${name}`) return args[i + 1];
		if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
	}
	return undefined;
}

function numberOption(value: string | undefined, fallback: number, what: string): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) {
		console.error(`Invalid ${what}: ${value}`);
		process.exit(2);
	}
	return n;
}

async function main(): Promise<void> {
	const command = process.argv[2];
	if (command === 'push' || command === 'notify') {
		process.exitCode = await runPushCli(command, process.argv.slice(3));
		return;
	}
	if (process.argv.includes('--help') || process.argv.includes('-h')) {
		console.log(
			'Usage: tsx test/emulator/cli.ts [--port N] [--host H] [--latency MS]\nEnv: KORNITX_EMULATOR_PORT\n' +
				'       tsx test/emulator/cli.ts push|notify --help   (KornitX calling you)',
		);
		return;
	}
	const port = numberOption(flag('port') ?? process.env.KORNITX_EMULATOR_PORT, 8787, 'port');
	const latencyMs = numberOption(flag('latency'), 0, 'latency');
	const host = flag('host') ?? '127.0.0.1';
	const emulator = await startEmulator({ host, port, latencyMs });
	const u = emulator.urls;
	console.log(`KornitX emulator listening on ${emulator.baseUrl}`);
	console.log('');
	console.log(`  OAuth token        ${u.token}`);
	console.log(`  REST v2.3 base     ${u.rest}`);
	console.log(`  REST v2.2 base     ${u.restV22}`);
	console.log(`  GraphQL            ${u.graphql}`);
	console.log(`  Export             ${u.export}`);
	console.log(`  Admin (no auth)    ${u.admin}`);
	console.log('');
	console.log(
		`  Dev client         ${DEV_CLIENT.clientId} / ${DEV_CLIENT.clientSecret}   (all scopes)`,
	);
	console.log(
		`  Limited client     ${LIMITED_CLIENT.clientId} / ${LIMITED_CLIENT.clientSecret}   (v2.3 status + cancellation only)`,
	);
	console.log(
		`  v2.2 API key       ${DEV_API_KEY.companyRefId} / ${DEV_API_KEY.apiKey}   (Authorization: basic REF:KEY)`,
	);
	console.log('');
	console.log(
		`  Seed orders        ${Object.entries(SEED_ORDER_IDS)
			.slice(0, 8)
			.map(([k, v]) => `${k}=${v}`)
			.join(', ')}, ...`,
	);
	console.log('  Press Ctrl+C to stop.');

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping KornitX emulator`);
		void emulator.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
