// The build, as gulp tasks (`npm run build` runs `gulp build`). The TypeScript and esbuild steps live
// in scripts/build.mjs (ESM); this file orders them and does the file work: icons and codex files.
const { src, dest, series, parallel, task } = require('gulp');
const { Transform } = require('node:stream');

const steps = () => import('./scripts/build.mjs');

/** Node and credential icons (light and dark SVG/PNG) into dist. */
const icons = () => src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));

/**
 * Codex files (*.node.json) into dist, each checked on the way: valid JSON naming its node, with a
 * documentation URL (n8n shows it in the node panel; test/package checks it points at a docs page).
 */
const codex = () =>
	src('nodes/**/*.node.json', { base: '.' })
		.pipe(
			new Transform({
				objectMode: true,
				transform(file, _enc, done) {
					try {
						const json = JSON.parse(file.contents.toString('utf8'));
						if (typeof json.node !== 'string' || !json.node) throw new Error('it has no "node" name');
						const docs = json.resources?.primaryDocumentation?.[0]?.url;
						if (typeof docs !== 'string' || !/^https:\/\//.test(docs)) throw new Error('it has no https primaryDocumentation URL');
						done(null, file);
					} catch (e) {
						done(new Error(`build:codex: ${file.relative}: ${e.message}`));
					}
				},
			}),
		)
		.pipe(dest('dist'));

task('clean', async () => (await steps()).clean());
task('build:types', async () => (await steps()).typecheck());
task('build:bundles', async () => (await steps()).bundle());
task('build:icons', icons);
task('build:codex', codex);
task('build:check', async () => (await steps()).checkPackage());
task('build', series('clean', 'build:types', 'build:bundles', parallel('build:icons', 'build:codex'), 'build:check'));
