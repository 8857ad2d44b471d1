// Asset step after `tsc`: icons are not TypeScript, so tsc does not copy them. (Codex `*.node.json`
// files are in tsconfig's `include`, so tsc emits them, as it does in `n8n-node build`.)
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src('icons/**/*.{svg,png}', { encoding: false }).pipe(dest('dist/icons'));
}

function copyNodeAssets() {
	return src('nodes/**/*.{svg,png}', { encoding: false, allowEmpty: true }).pipe(
		dest('dist/nodes'),
	);
}

function copyCredentialAssets() {
	return src('credentials/**/*.{svg,png}', { encoding: false, allowEmpty: true }).pipe(
		dest('dist/credentials'),
	);
}

exports['build:assets'] = parallel(copyIcons, copyNodeAssets, copyCredentialAssets);
