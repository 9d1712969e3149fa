// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.dirname(new URL(import.meta.url).pathname);

/**
 * The project's layers, and which layers each may import (DEVELOPERS.md):
 * dsp/ imports nothing of ours; src/ imports dsp/; renderer/ and electron/ import src/ and dsp/;
 * nothing imports electron/ or renderer/. src/node/ is the Node-only part of src/: only src/node,
 * electron/, scripts and tests may import it. Portable layers may not use Node built-ins or
 * onnxruntime-node.
 */
const LAYERS = ['dsp', 'src/node', 'src', 'renderer', 'electron', 'test', 'scripts'];
const ALLOWED = {
  dsp: ['dsp'],
  src: ['src', 'dsp'],
  'src/node': ['src/node', 'src', 'dsp'],
  renderer: ['renderer', 'src', 'dsp'],
  electron: ['electron', 'src/node', 'src', 'dsp'],
  test: ['test', 'scripts', 'src/node', 'src', 'dsp', 'renderer', 'electron'],
  scripts: ['scripts', 'src/node', 'src', 'dsp'],
};
const PORTABLE = new Set(['dsp', 'src', 'renderer']);
const NODE_ONLY_PACKAGES = new Set(['onnxruntime-node', 'node-record-lpcm16', 'electron']);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** @param {string} file */
function layerOf(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return LAYERS.find((l) => rel === l || rel.startsWith(`${l}/`));
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: { type: 'problem', schema: [], docs: { description: 'Imports go one way between layers' } },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    /** @param {any} node */
    const check = (node) => {
      const spec = node.source && typeof node.source.value === 'string' ? node.source.value : null;
      if (spec === null) return;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(context.filename), spec);
        const to = layerOf(target);
        if (to && !(ALLOWED[from] ?? []).includes(to)) {
          context.report({ node, message: `${from}/ may not import ${to}/ ('${spec}')` });
        }
        return;
      }
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (
        PORTABLE.has(from) &&
        (builtins.has(spec) || builtins.has(pkg ?? '') || NODE_ONLY_PACKAGES.has(pkg ?? ''))
      ) {
        context.report({ node, message: `${from}/ must run in the browser too: '${spec}' is Node-only` });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'bench-out/**', '.cache/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    plugins: { softspoken: { rules: { layers: layersRule } } },
    rules: {
      'softspoken/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['dsp/**', 'src/**'],
    ignores: ['src/node/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Portable code reads no environment: settings are passed in.' },
        { name: 'Buffer', message: 'Use Uint8Array in portable code.' },
        { name: 'require', message: 'Portable code is ESM.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
