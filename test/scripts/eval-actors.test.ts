/**
 * `npm run eval -- --actors-only` without the actors' clips says so in one line and exits 1, before it
 * builds or analyses anything (the clips' folder given with --voices, here one that does not exist).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'softspoken-eval-actors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evalScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      TSX,
      [path.join(ROOT, 'scripts', 'eval.ts'), ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

describe('eval --actors-only', () => {
  it("without the actors' clips: one line naming their folder, exit 1, nothing analysed", async () => {
    const missing = path.join(dir, 'no-voices-here');
    const run = await evalScript(['--actors-only', '--voices', missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`eval: --actors-only: the actors' clips are not there (${missing})\n`);
    expect(run.stdout).toBe('');
  }, 60_000);
});
