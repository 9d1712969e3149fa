/**
 * The coach's day (npm run bench): a folder of 20 four-minute calls opened in the review app (web mode,
 * Debian's Chromium) with "Open a folder…". Reports the time from choosing the folder until the first call
 * is reviewable (its row analysed) and until every call is scored, then the same folder opened again after
 * a reload, from the report cache. The calls are made once into bench-out/queue-20x4min/ (16 kHz PCM16,
 * `make-bench-call.ts`, a different seed each).
 *
 *   npx tsx scripts/bench-queue.ts
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { e2eReady, openApp, type AppSession } from './app-harness.js';
import { makeBenchCall } from './make-bench-call.js';

const CALLS = 20;
const MINUTES = 4;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDER = join(ROOT, 'bench-out', `queue-${CALLS}x${MINUTES}min`);

if (!e2eReady()) process.exit(0);
mkdirSync(FOLDER, { recursive: true });
for (let k = 1; k <= CALLS; k++) {
  const out = join(FOLDER, `call-${String(k).padStart(2, '0')}.wav`);
  if (!existsSync(out)) makeBenchCall({ minutes: MINUTES, out, seed: 1000 + k });
}

/** Rows of the queue table in each state. */
async function states(session: AppSession): Promise<Record<string, number>> {
  const all = await session.page.$$eval('#queue-table tbody tr', (trs) =>
    trs.map((tr) => tr.getAttribute('data-state') ?? ''),
  );
  const counts: Record<string, number> = {};
  for (const state of all) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

/** Opens the folder; ms until the first row is done, and until all are. */
async function openFolder(session: AppSession): Promise<{ firstMs: number; allMs: number }> {
  const { page } = session;
  await page.waitForSelector('#open-folder');
  const started = Date.now();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#open-folder')]);
  await chooser.setFiles(FOLDER);
  await page.waitForSelector('#queue-table');
  let firstMs: number | null = null;
  for (;;) {
    const counts = await states(session);
    const done = counts['done'] ?? 0;
    if (done > 0 && firstMs === null) firstMs = Date.now() - started;
    if (done + (counts['failed'] ?? 0) === CALLS) break;
    if (Date.now() - started > 30 * 60_000)
      throw new Error(`not all scored in 30 min: ${JSON.stringify(counts)}`);
    await page.waitForTimeout(100);
  }
  const allMs = Date.now() - started;
  const failed = (await states(session))['failed'] ?? 0;
  if (failed > 0) console.log(`bench-queue: ${failed} calls failed`);
  return { firstMs: firstMs ?? allMs, allMs };
}

const session = await openApp('');
try {
  await session.page.setViewportSize({ width: 1440, height: 1000 });
  const fresh = await openFolder(session);
  await session.page.reload();
  const cached = await openFolder(session);
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const audioSec = CALLS * MINUTES * 60;
  console.log(
    `bench-queue: a folder of ${CALLS} calls of ${MINUTES} minutes (${audioSec / 60} min of audio):`,
  );
  console.log(`  first call reviewable        ${s(fresh.firstMs)}`);
  console.log(
    `  all scored                   ${s(fresh.allMs)} (${(audioSec / (fresh.allMs / 1000)).toFixed(0)}x real time)`,
  );
  console.log(`  again, from the cache: first ${s(cached.firstMs)}, all ${s(cached.allMs)}`);
  if (session.errors.length > 0) console.log(`  page errors: ${session.errors.join(' | ')}`);
} finally {
  await session.close();
}
