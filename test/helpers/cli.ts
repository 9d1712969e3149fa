/**
 * The softspoken command as users run it: `node bin/softspoken.js` (the compiled CLI in dist/; `npm run
 * build` first) in a child process, from the project's root; and a call for it to analyze.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeScene, type Scene } from '../../scripts/scene/compose.js';

/** The project's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/softspoken.js');

/** How a run of the command ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI with `args` (from the project's folder, or `options.cwd`; `options.env` added to the
 * environment); resolves with its exit code and output whatever the code.
 */
export function cli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd ?? ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        ...(options.env && { env: { ...process.env, ...options.env } }),
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * A call with a customer peak, at 16 kHz: calm sentences, then three angry ones 8 dB above them, then the
 * agent's reply.
 */
export function callWithPeak(): Scene {
  return composeScene(
    [
      { party: 'agent', clip: 'a-gbm3-calm-2', atSec: 0.5 },
      { party: 'customer', clip: 'c-usf3-calm-1', atSec: 3.0 },
      { party: 'customer', clip: 'c-usf3-calm-2', atSec: 5.4 },
      { party: 'customer', clip: 'c-usf3-angry-1', atSec: 8.0, gainDb: 2 },
      { party: 'customer', clip: 'c-usf3-angry-2', atSec: 9.8, gainDb: 2 },
      { party: 'customer', clip: 'c-usf3-angry-3', atSec: 11.6, gainDb: 2 },
      { party: 'agent', clip: 'a-gbm3-calm-1', atSec: 14.5 },
    ],
    { durationSec: 18, sampleRateHz: 16000 },
  );
}

/** Source files under `dir` (recursively) that are newer than their compiled output in dist/, or have none. */
function staleSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...staleSources(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const js = join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
      if (!existsSync(js) || statSync(join(ROOT, rel)).mtimeMs > statSync(js).mtimeMs) out.push(rel);
    }
  }
  return out;
}

/** Throws when dist/ (what the CLI runs) is older than the sources: the tests would test old code. */
export function expectBuilt(): void {
  const stale = [...staleSources('src'), ...staleSources('dsp')];
  if (stale.length > 0) {
    throw new Error(
      `the CLI runs from dist/, which is older than ${stale.slice(0, 3).join(', ')}` +
        `${stale.length > 3 ? ' and more' : ''}: run 'npm run build' first`,
    );
  }
}
