// Copies what tsc does not: the node's icons and codex file, next to the compiled node.
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

task('build:icons', parallel(copyIcons, copyCodex));
module.exports.paths = { dist: path.resolve(__dirname, 'dist') };
