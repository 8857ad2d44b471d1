/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- dev tooling, never shipped in dist */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- spawning npm and the scanner is the point of this dev tool */
/**
 * n8n's package gate, offline: `@n8n/scan-community-package` (what n8n runs before it verifies a
 * community package) lints the repository source and the packed npm tarball with inline
 * eslint-disable comments ignored. Normally it downloads the published package; here its exported
 * `analyzePackage` runs on this checkout and on `npm pack`'s tarball, so no later change slips
 * past it before a release.
 *
 *   npm run scan        (= npm run build && tsx scripts/scan.ts)
 *
 * The scanner is installed once into the n8n cache (scripts/README.md). Its pinned typescript 7
 * crashes the TypeScript ESLint parser, so typescript 5.9.3 is forced; it needs n8n-workflow (a
 * peer of its rules) and --legacy-peer-deps. Prints a line per part and `scan: N passed, N failed`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ensureCachedPackages } from './n8n-runtime';

export const SCANNER_VERSION = '0.32.0';
const ROOT = path.resolve(__dirname, '..');

async function ensureScanner(): Promise<string> {
	return await ensureCachedPackages(
		`scan-community-package-${SCANNER_VERSION}`,
		{
			dependencies: {
				'@n8n/scan-community-package': SCANNER_VERSION,
				typescript: '5.9.3',
				'n8n-workflow': '2.41.0',
			},
			overrides: { typescript: '$typescript' },
		},
		['--legacy-peer-deps'],
	);
}

/** Runs the scanner's analyzePackage in its own install (its modules resolve from there). */
function analyze(
	scannerDir: string,
	folder: string,
	patterns: string[] | 'source',
): { passed: boolean; text: string } {
	const script = `
		const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
		const [folder, patterns] = JSON.parse(process.argv[1]);
		const result = await analyzePackage(folder, patterns === 'source' ? SOURCE_FILE_PATTERNS : patterns);
		console.log(JSON.stringify(result));`;
	const child = spawnSync(
		process.execPath,
		['--input-type=module', '-e', script, JSON.stringify([folder, patterns])],
		{
			cwd: scannerDir,
			encoding: 'utf8',
			env: { ...process.env, NODE_OPTIONS: '' },
		},
	);
	const last = child.stdout.trim().split('\n').pop() ?? '';
	try {
		const result = JSON.parse(last) as { passed: boolean; message?: string; details?: string };
		return {
			passed: result.passed,
			text: [result.message, result.details].filter(Boolean).join('\n'),
		};
	} catch {
		return {
			passed: false,
			text: `scanner did not run (exit ${child.status}): ${child.stderr.slice(-2000)}`,
		};
	}
}

async function main(): Promise<number> {
	const scannerDir = await ensureScanner();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kornitx-scan-'));
	try {
		const packed = execFileSync(
			'npm',
			['pack', '--ignore-scripts', '--pack-destination', work, '--json'],
			{
				cwd: ROOT,
				encoding: 'utf8',
			},
		);
		const [{ filename, size, entryCount }] = JSON.parse(packed) as Array<{
			filename: string;
			size: number;
			entryCount: number;
		}>;
		execFileSync('tar', ['xzf', path.join(work, filename), '-C', work]);
		console.log(
			`[scan] tarball ${filename}: ${entryCount} files, ${(size / 1024).toFixed(1)} kB packed`,
		);
		const parts: Array<[string, string, string[] | 'source']> = [
			['repository source (package.json, nodes/, credentials/)', ROOT, 'source'],
			[
				'npm tarball (**/*.js, package.json)',
				path.join(work, 'package'),
				['**/*.js', 'package.json'],
			],
		];
		let passed = 0;
		let failed = 0;
		for (const [label, folder, patterns] of parts) {
			const result = analyze(scannerDir, folder, patterns);
			console.log(
				`[scan] ${result.passed ? 'ok  ' : 'FAIL'} ${label}${result.text ? `\n${result.text}` : ''}`,
			);
			if (result.passed) passed++;
			else failed++;
		}
		console.log(`scan: ${passed} passed, ${failed} failed`);
		return failed ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().then(
		(code) => (process.exitCode = code),
		(error: unknown) => {
			console.error(error);
			console.log('scan: 0 passed, 1 failed');
			process.exitCode = 1;
		},
	);
}
