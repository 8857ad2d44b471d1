// prepublishOnly guard (runs before `n8n-node prerelease`, which refuses any publish outside
// `npm run release`): refuses a package that still carries the placeholder identity, has no
// CHANGELOG entry for its version, or lacks a built file that n8n loads.
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];
const identity = [pkg.homepage, pkg.repository?.url, pkg.bugs?.url, pkg.author?.name].join(' ');
if (/\bOWNER\b/.test(identity)) {
	problems.push(
		'package.json still names the placeholder OWNER: replace it everywhere (README → "Releasing")',
	);
}
const changelog = existsSync('CHANGELOG.md') ? readFileSync('CHANGELOG.md', 'utf8') : '';
if (!new RegExp(`^## \\[?${pkg.version.replace(/\./g, '\\.')}\\]?`, 'm').test(changelog)) {
	problems.push(`CHANGELOG.md has no "## ${pkg.version}" section`);
}
for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
	if (!existsSync(file)) problems.push(`${file} is missing: run npm run build`);
}
if (problems.length) {
	console.error(`Not publishing ${pkg.name}@${pkg.version}:\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
