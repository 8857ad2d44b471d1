/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- tests of the package itself (they run git, npm and n8n-node), never shipped in dist */
/**
 * The package as n8n and npm see it: documentation links that land, one consistent identity in
 * package.json, and `n8n-node build` (n8n's own CLI) producing the same dist/ as `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	homepage: string;
	main?: string;
	bugs?: { url: string };
	author: { name: string; email?: string };
	repository: { url: string };
	n8n: { credentials: string[]; nodes: string[] };
};

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function githubAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) fenced = !fenced;
		const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
		if (!heading) continue;
		const text = heading[1]
			.replace(/`/g, '')
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.trim();
		const slug = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/** The repository's https address, from package.json's repository field. */
const repoUrl = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

function listFiles(dir: string, suffix: string): string[] {
	return fs
		.readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith(suffix))
		.map((file) => path.join(dir, file));
}

/** Every documentation link a user can click in n8n: credentials' documentationUrl and codex resources. */
function documentationLinks(): Array<{ where: string; url: string }> {
	const links: Array<{ where: string; url: string }> = [];
	for (const file of listFiles(path.join(ROOT, 'credentials'), '.credentials.ts')) {
		const match = /documentationUrl\s*=\s*'([^']+)'/.exec(fs.readFileSync(file, 'utf8'));
		if (match) links.push({ where: path.relative(ROOT, file), url: match[1] });
	}
	for (const file of listFiles(path.join(ROOT, 'nodes'), '.node.json')) {
		const codex = JSON.parse(fs.readFileSync(file, 'utf8')) as {
			resources?: Record<string, Array<{ url: string }>>;
		};
		for (const entries of Object.values(codex.resources ?? {})) {
			for (const entry of entries) links.push({ where: path.relative(ROOT, file), url: entry.url });
		}
	}
	return links;
}

describe('documentation links', () => {
	const anchors = githubAnchors(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

	it('computes GitHub anchors as GitHub does', () => {
		expect([
			...githubAnchors(
				'# A `code` B\n## KornitX Legacy v2.2 API\n## Same\n## Same\n```\n# not a heading\n```',
			),
		]).toEqual(['a-code-b', 'kornitx-legacy-v22-api', 'same', 'same-1']);
	});

	it('every credential has a documentation link, and every link lands on a README heading', () => {
		const links = documentationLinks();
		const credentialFiles = listFiles(path.join(ROOT, 'credentials'), '.credentials.ts');
		expect(links.filter((link) => link.where.startsWith('credentials')).length).toBe(
			credentialFiles.length,
		);
		const broken = links
			.filter(({ url }) => {
				if (!url.startsWith(`${repoUrl}#`)) return true; // every link points at this repository's README
				const anchor = url.slice(repoUrl.length + 1);
				return anchor !== 'readme' && !anchors.has(anchor);
			})
			.map(({ where, url }) => `${where}: ${url}`);
		expect(broken).toEqual([]);
	});
});

describe('package.json', () => {
	it('names one identity: homepage, bugs, repository and documentation links share the repository', () => {
		expect(repoUrl).toMatch(/^https:\/\/github\.com\/[^/]+\/n8n-nodes-kornitx$/);
		expect(pkg.homepage).toBe(`${repoUrl}#readme`);
		expect(pkg.bugs?.url).toBe(`${repoUrl}/issues`);
		const owner = repoUrl.split('/')[3];
		expect(pkg.author.name).toBe(owner);
	});

	it('points only at files the build produces', () => {
		if (pkg.main !== undefined) expect(fs.existsSync(path.join(ROOT, pkg.main))).toBe(true);
		for (const entry of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
			expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
		}
	});
});

/** Relative path → sha256 of every file below `dir`. */
function tree(dir: string): Record<string, string> {
	const files: Record<string, string> = {};
	for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
		const full = path.join(dir, file);
		if (fs.statSync(full).isFile())
			files[file] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
	}
	return files;
}

describe('build', () => {
	it('`n8n-node build` (n8n CLI) gives the same dist/ as `npm run build`', () => {
		// In a copy of the tracked and untracked-but-not-ignored files, so the working tree's dist/ is untouched.
		const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kornitx-build-'));
		try {
			const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
				cwd: ROOT,
				encoding: 'utf8',
			})
				.split('\0')
				.filter((file) => file && fs.existsSync(path.join(ROOT, file)));
			for (const file of files) {
				fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
				fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
			}
			fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
			const env = { ...process.env, CI: 'true' };
			execFileSync('npm', ['run', 'build'], { cwd: copy, env, stdio: 'pipe' });
			const ours = tree(path.join(copy, 'dist'));
			execFileSync(path.join(ROOT, 'node_modules', '.bin', 'n8n-node'), ['build'], {
				cwd: copy,
				env,
				stdio: 'pipe',
			});
			const theirs = tree(path.join(copy, 'dist'));
			expect(Object.keys(theirs)).toEqual(Object.keys(ours));
			expect(theirs).toEqual(ours);
			// what n8n loads is there
			for (const entry of [...pkg.n8n.credentials, ...pkg.n8n.nodes])
				expect(ours[entry.replace(/^dist\//, '')]).toBeDefined();
			expect(Object.keys(ours).filter((file) => file.endsWith('.node.json')).length).toBe(
				pkg.n8n.nodes.length,
			);
			expect(Object.keys(ours).filter((file) => file.endsWith('.png'))).toEqual([]);
		} finally {
			fs.rmSync(copy, { recursive: true, force: true });
		}
	}, 180_000);
});
