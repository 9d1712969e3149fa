/**
 * The live cues of labelled calls, engine only: each call goes through the live session (engine, cue
 * policy, report) as fast as it can be analysed, with no capture and no first pass, as a live call is
 * judged. Reports, per call and in all, each cue's delay in call time from the labelled start of what it
 * is about (what the engine adds; capture adds its own: scripts/bench-live.ts), the labelled peaks and
 * raised voices no cue came for, and the cues the final report contradicts. Reports nothing else and
 * asserts nothing: a tool for working on the engine's early decisions.
 *
 *   npx tsx scripts/live-cue-study.ts [--calls DIR] [--only a,b] [--reports DIR] [--profile] [--verbose]
 *
 * With --profile, each call is taken as one of an agent's calls on one line, with the agent's profile as
 * it would stand after the others (scripts/line-profiles.ts).
 *
 * With --reports, each call's report is written there as NAME.json, to score with the shared scorer
 * (`node ../shared/eval/score.mjs CALLS DIR`): what a live call of that audio would score.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SileroStreams } from '../dsp/silero.js';
import { DEFAULT_SETTINGS } from '../src/engine/settings.js';
import { LiveSession } from '../src/live/session.js';
import type { LiveCue } from '../src/live/protocol.js';
import { VERSION } from '../src/node/analyze.js';
import { openStereoCall } from '../src/node/audio-source.js';
import { createNodeSileroInfer } from '../src/node/onnx-vad.js';
import { lineProfiles, type LineProfile } from './line-profiles.js';
import {
  contradicted,
  cueAppearance,
  cueLatencies,
  percentile,
  type CueShown,
  type Truth,
} from './live-cue-measure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: join(ROOT, '../shared/calls/dev') },
    only: { type: 'string' },
    reports: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});

const callsDir = values.calls as string;
const names = values.only
  ? values.only.split(',')
  : readdirSync(callsDir)
      .filter((f) => f.endsWith('.truth.json'))
      .map((f) => f.replace(/\.truth\.json$/, ''))
      .sort();
if (values.reports) mkdirSync(values.reports, { recursive: true });

const infer = await createNodeSileroInfer();

/** With --profile, each call's agent profile as it would stand after the folder's other calls. */
const profiles = values.profile ? await lineProfiles(callsDir, names, DEFAULT_SETTINGS) : null;
const profileSeeds = (name: string): Partial<LineProfile> => profiles?.get(name) ?? {};

const all: Record<string, number[]> = { talkingOver: [], customerVenting: [], louderThanNormal: [] };
let shownCount = 0;
let against = 0;
const againstByKind: Record<string, number> = { talkingOver: 0, customerVenting: 0, louderThanNormal: 0 };
let minutes = 0;
const missed: string[] = [];
for (const name of names) {
  const truth = JSON.parse(readFileSync(join(callsDir, `${name}.truth.json`), 'utf8')) as Truth;
  const source = await openStereoCall(join(callsDir, `${name}.wav`), truth.agentChannel);
  const shown: CueShown[] = [];
  const seen = new Set<number>();
  let lastSec = 0;
  const session = new LiveSession(
    {
      sessionId: name,
      startedAt: new Date(0).toISOString(),
      agentDevice: 'file:agent',
      callDevice: 'file:customer',
      agent: null,
      recordingPath: null,
      settings: DEFAULT_SETTINGS,
      vad: new SileroStreams(infer, 8000, 2),
      rateHz: source.info.sampleRateHz,
      seeds: { agentNormalDb: null, customerCalmDb: null, ...profileSeeds(name) },
      version: VERSION,
    },
    {
      update: (u) => {
        if (u.type === 'points') lastSec = u.points.at(-1)?.t ?? lastSec;
        if (u.type !== 'cue') return;
        const appeared = cueAppearance(u.cue, seen);
        if (!appeared) return;
        const atSec = appeared === 'joined' ? Math.max(u.cue.atSec, lastSec) : u.cue.atSec;
        shown.push({ kind: u.cue.kind, callMs: atSec * 1000 });
      },
    },
  );
  for await (const b of source.blocks()) await session.push(b.agent, b.customer);
  const report = await session.finish();
  if (values.reports) writeFileSync(join(values.reports, `${name}.json`), JSON.stringify(report));
  const cues: LiveCue[] = report.live?.cues ?? [];
  const wrong = cues.filter((c) => contradicted(c, report));
  const m = cueLatencies(shown, truth);
  for (const [kind, xs] of Object.entries(m.latencies)) all[kind]?.push(...xs);
  shownCount += cues.length;
  against += wrong.length;
  for (const c of wrong) againstByKind[c.kind] = (againstByKind[c.kind] ?? 0) + 1;
  minutes += report.source.durationSec / 60;
  missed.push(...m.missed.map((x) => `${name} ${x}`));
  const lat = Object.entries(m.latencies)
    .map(([k, xs]) => `${k} ${xs.map((x) => Math.round(x)).join('/') || '-'}`)
    .join(', ');
  console.log(
    `${name}: ${cues.length} cues, ${wrong.length} contradicted; calm ${report.baselines.customerCalmDb?.toFixed(1)} normal ${report.baselines.agentNormalDb?.toFixed(1)}; ${lat}`,
  );
  if (values.verbose) {
    for (const c of cues) {
      const bad = wrong.includes(c) ? '  CONTRADICTED' : '';
      console.log(`    ${c.atSec.toFixed(2)}-${c.endedSec?.toFixed(2)} ${c.kind} ${c.outcome}${bad}`);
    }
    if (m.missed.length > 0) console.log(`    no cue for: ${m.missed.join(', ')}`);
  }
}
const ms = (x: number | null): string => (x === null ? '-' : `${Math.round(x)} ms`);
console.log('\nIn all (engine only, call time from the labelled start):');
for (const [kind, xs] of Object.entries(all)) {
  console.log(
    `  ${kind.padEnd(17)} n=${String(xs.length).padStart(3)}  p50 ${ms(percentile(xs, 50))}  p95 ${ms(percentile(xs, 95))}  max ${ms(xs.length ? Math.max(...xs) : null)}`,
  );
}
console.log(
  `  cues shown ${shownCount} (${(shownCount / Math.max(minutes, 1e-9)).toFixed(1)} a minute), contradicted by the final report ${against} ` +
    `(talk-over ${againstByKind['talkingOver']}, venting ${againstByKind['customerVenting']}, raised voice ${againstByKind['louderThanNormal']})`,
);
console.log(`  labelled peaks and raised voices no cue came for: ${missed.length} ${missed.join('; ')}`);
