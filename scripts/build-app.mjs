// Builds the review app into dist/ (run by `npm run build` after tsc; plain Node, no TypeScript needed):
//
//   dist/app/app.js(.map)      renderer/main.ts, bundled (ESM, browser, Chrome 120, minified)
//   dist/app/worker.js(.map)   renderer/worker/analysis-worker.ts, bundled the same way (a module worker)
//   dist/app/chunks/*.js       code split off both: the audio decoders, loaded when a call needs one
//   dist/app/index.html, styles.css, queue.css, agents.css copied from renderer/
//   dist/app/fonts/inter-latin-{400,600,700}-normal.woff2   from @fontsource/inter
//   dist/app/ort/ort-wasm-simd-threaded.wasm   onnxruntime-web's WebAssembly binary (its loader is bundled)
//   dist/app/model/silero_vad_v5.onnx          the VAD model, from @ricky0123/vad-web
//   dist/app/demo/*.wav                        assets/demo/
//   dist/electron/main.cjs, preload.cjs        electron/main.ts and electron/preload.ts (when present),
//                                              CommonJS for Node, `electron` left external; the preload is
//                                              one self-contained file (it runs sandboxed)
//
// Everything the app loads is in dist/app: nothing is fetched from anywhere else at run time.
// `--out DIR` builds into DIR/app and DIR/electron instead of dist/ (the end-to-end tests use a temp dir).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const at = (...parts) => join(root, ...parts);
const started = performance.now();

const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]) : at('dist');
const shown = relative(root, out) || '.';
const app = join(out, 'app');
const electronOut = join(out, 'electron');
rmSync(app, { recursive: true, force: true });
mkdirSync(app, { recursive: true });

const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8'));

/** Copies `from` into the folder `toDir` (made if needed), keeping its name unless `name` is given. */
function copy(from, toDir, name = basename(from)) {
  mkdirSync(toDir, { recursive: true });
  copyFileSync(from, join(toDir, name));
}

const browser = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
  define: { __SOFTSPOKEN_VERSION__: JSON.stringify(version) },
};
const builds = [
  build({
    ...browser,
    entryPoints: { app: at('renderer', 'main.ts'), worker: at('renderer', 'worker', 'analysis-worker.ts') },
    outdir: app,
    // each audio decoder (src/source/codecs.ts imports them on first use) is its own chunk: a WAV call
    // loads none of them
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
];
const node = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['electron'],
  logLevel: 'warning',
};
for (const name of ['main', 'preload']) {
  const entry = at('electron', `${name}.ts`);
  if (existsSync(entry))
    builds.push(build({ ...node, entryPoints: [entry], outfile: join(electronOut, `${name}.cjs`) }));
}
await Promise.all(builds);

for (const name of ['index.html', 'styles.css', 'queue.css', 'agents.css', 'icon.svg']) {
  const from = at('renderer', name);
  if (existsSync(from)) copy(from, app);
  else console.warn(`build-app: renderer/${name} is missing: dist/app has none`);
}

const fonts = dirname(require.resolve('@fontsource/inter/package.json'));
for (const weight of [400, 600, 700]) {
  copy(join(fonts, 'files', `inter-latin-${weight}-normal.woff2`), join(app, 'fonts'));
}

// onnxruntime-web/wasm resolves (for a bundler) to dist/ort.wasm.bundle.min.mjs, which carries its
// Emscripten loader inline: the one file it still fetches is the .wasm binary.
const ortDist = dirname(require.resolve('onnxruntime-web')); // its package.json is not exported
copy(join(ortDist, 'ort-wasm-simd-threaded.wasm'), join(app, 'ort'));
copy(require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx'), join(app, 'model'));

const demo = at('assets', 'demo');
if (existsSync(demo)) {
  for (const file of readdirSync(demo).filter((f) => f.endsWith('.wav')))
    copy(join(demo, file), join(app, 'demo'));
}

console.log(
  `build-app: ${shown}/app${builds.length > 1 ? ` and ${shown}/electron` : ''} in ${Math.round(performance.now() - started)} ms`,
);
