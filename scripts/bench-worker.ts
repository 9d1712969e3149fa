/**
 * Times the analysis worker in Chromium on one call and reports the renderer's peak memory (the page is
 * blank: the worker is what it holds), next to the Node CLI on the same file.
 *
 *   npx tsx scripts/bench-worker.ts bench-out/call-10min.wav [--agent-channel 0|1] [--blob] [--runs N]
 *
 * `--blob` hands the worker a Blob (a file the user opened) instead of a URL of the app. Each run starts a
 * new worker in the same page: the first in a fresh profile, later ones with the runtime in the browser's cache.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { WorkerMessage } from '../src/ipc/worker-protocol.js';
import { e2eReady, openApp } from './app-harness.js';
import type { PageGlobals } from './page-globals.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Peak and current resident memory (VmHWM, VmRSS) of Chromium's renderer processes, MB. */
function rendererMemoryMb(): { pid: number; peakMb: number; nowMb: number }[] {
  const out: { pid: number; peakMb: number; nowMb: number }[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('chromium') || !cmdline.includes('--type=renderer')) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      out.push({ pid: Number(pid), peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'agent-channel': { type: 'string', default: '0' },
      blob: { type: 'boolean', default: false },
      runs: { type: 'string', default: '1' },
    },
  });
  const file = resolve(positionals[0] ?? join(REPO, 'bench-out/call-10min.wav'));
  const agentSide = values['agent-channel'] === '1' ? 1 : 0;
  if (!e2eReady()) return;

  let started = Date.now();
  execFileSync(process.execPath, [join(REPO, 'bin/softspoken.js'), 'analyze', file, '--quiet'], {
    stdio: 'inherit',
  });
  const cliMs = Date.now() - started;

  const session = await openApp('e2e-blank.html', { 'calls/bench.wav': file });
  try {
    for (let run = 1; run <= Number(values.runs); run++) {
      const before = rendererMemoryMb();
      let peak = 0;
      const poll = setInterval(() => {
        for (const p of rendererMemoryMb()) peak = Math.max(peak, p.nowMb);
      }, 100);
      started = Date.now();
      const result = await session.page.evaluate(
        async ({ name, sizeBytes, agentSide, asBlob }) => {
          const page = globalThis as unknown as PageGlobals;
          const url = new URL('calls/bench.wav', page.location.href).href;
          const part = asBlob
            ? { name, sizeBytes, blob: await (await fetch(url)).blob() }
            : { name, sizeBytes, url };
          const t0 = performance.now();
          const worker = new page.Worker('worker.js', { type: 'module' });
          let progressMessages = 0;
          const message = await new Promise<WorkerMessage>((done) => {
            worker.onmessage = (event) => {
              if (event.data.type === 'progress') progressMessages++;
              else done(event.data);
            };
            worker.postMessage({ type: 'analyze', parts: [part], agentSide });
          });
          worker.terminate();
          const ms = performance.now() - t0;
          if (message.type !== 'done') return { error: message.type === 'error' ? message.message : '?', ms };
          return {
            ms,
            progressMessages,
            durationSec: message.report.source.durationSec,
            events: message.report.events.length,
            playbackBytes: message.playback.size,
            guess: message.guess,
          };
        },
        { name: basename(file), sizeBytes: statSync(file).size, agentSide, asBlob: values.blob },
      );
      clearInterval(poll);
      const after = rendererMemoryMb();
      console.log(
        JSON.stringify({ run, file, cliMs, worker: result, wallMs: Date.now() - started }, null, 1),
      );
      console.log(
        `renderer RSS before ${before.map((p) => p.nowMb.toFixed(0)).join('/')} MB, ` +
          `peak while analysing ${peak.toFixed(0)} MB (VmHWM after: ${after.map((p) => p.peakMb.toFixed(0)).join('/')} MB)`,
      );
    }
  } finally {
    await session.close();
  }
}

await main();
