// Asset step after `tsc`: node icons and codex JSON files are not TypeScript, so tsc does not copy them.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src('icons/**/*.{svg,png}', { encoding: false }).pipe(dest('dist/icons'));
}

function copyNodeAssets() {
	return src('nodes/**/*.{json,svg,png}', { encoding: false }).pipe(dest('dist/nodes'));
}

function copyCredentialAssets() {
	return src('credentials/**/*.{svg,png}', { encoding: false, allowEmpty: true }).pipe(dest('dist/credentials'));
}

exports['build:assets'] = parallel(copyIcons, copyNodeAssets, copyCredentialAssets);
