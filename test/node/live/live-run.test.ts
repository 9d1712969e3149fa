/**
 * A live call whose files cannot be written (a full disk): LiveRun says so at the first failed write of
 * the journal and of the recording, once each, goes on in memory, and still builds the whole report, the
 * same events as a call whose files were written. The call (test/fixtures/calls/e2e-call.wav) is fed by
 * hand, faster than real time, on a simulated clock; the journal is /dev/full (a symlink in its place) and
 * the recording one that fails after its first second.
 */
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SileroInfer } from '../../../dsp/silero.js';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings.js';
import type { LiveUpdate } from '../../../src/live/protocol.js';
import { openStereoCall } from '../../../src/node/audio-source.js';
import { LIVE_RATE_HZ, LiveRun, type Recording } from '../../../src/node/live/live-run.js';
import { RecordingError } from '../../../src/node/live/wav-recorder.js';
import { createNodeSileroInfer } from '../../../src/node/onnx-vad.js';
import type { Report } from '../../../src/report/schema.js';
import { ROOT } from '../../helpers/cli.js';
import { handInput } from '../../../scripts/hand-input.js';

const CALL = join(ROOT, 'test/fixtures/calls/e2e-call.wav');
const dir = mkdtempSync(join(tmpdir(), 'softspoken-live-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let infer: SileroInfer;
beforeAll(async () => {
  infer = await createNodeSileroInfer();
}, 60_000);

/** A recording that takes `okBlocks` blocks, then fails as a full disk does (and keeps nothing more). */
function failingRecording(okBlocks: number): Recording & { blocks: number } {
  let failed = false;
  const r = {
    blocks: 0,
    write(): void {
      if (failed) return;
      if (r.blocks >= okBlocks) {
        failed = true;
        throw new RecordingError('cannot write the recording /x/call.wav: the disk is full');
      }
      r.blocks++;
    },
    close(): void {},
  };
  return r;
}

async function runCall(
  sessionId: string,
  files: { journalFull: boolean; recording: Recording | null },
): Promise<{ report: Report; updates: LiveUpdate[]; problems: string[] }> {
  if (files.journalFull) symlinkSync('/dev/full', join(dir, `${sessionId}.jsonl`));
  const clock = { nowMs: 0 };
  const agent = handInput();
  const customer = handInput();
  const updates: LiveUpdate[] = [];
  const run = await LiveRun.start({
    agentDevice: 'file:agent',
    callDevice: 'file:call',
    inputs: { agent, customer },
    agent: null,
    sessionId,
    sessionsDir: dir,
    recordingPath: files.recording ? '/x/call.wav' : null,
    settings: DEFAULT_SETTINGS,
    infer,
    version: 'test',
    agentProfileDb: null,
    onUpdate: (u) => updates.push(u),
    now: () => clock.nowMs,
    ...(files.recording && { openRecording: () => files.recording as Recording }),
  });
  const source = await openStereoCall(CALL, 1);
  const chunk = LIVE_RATE_HZ / 50;
  let delivered = 0;
  for await (const b of source.blocks()) {
    for (let at = 0; at + chunk <= b.agent.length; at += chunk) {
      delivered += chunk;
      clock.nowMs = (delivered / LIVE_RATE_HZ) * 1000 + 20;
      agent.deliver(b.agent.slice(at, at + chunk), clock.nowMs);
      customer.deliver(b.customer.slice(at, at + chunk), clock.nowMs);
      if (delivered % LIVE_RATE_HZ === 0) await run.whenIdle();
    }
  }
  const report = await run.stop();
  return { report, updates, problems: run.problems };
}

describe('LiveRun with a full disk', () => {
  it('warns once per file at its first failed write, keeps the call in memory, and builds the whole report', async () => {
    const healthy = await runCall('healthy', { journalFull: false, recording: null });
    expect(healthy.problems).toEqual([]);
    expect(healthy.updates.filter((u) => u.type === 'warning')).toEqual([]);

    const recording = failingRecording(LIVE_RATE_HZ / 512); // about the first second
    const full = await runCall('full', { journalFull: true, recording });
    const warnings = full.updates.filter((u) => u.type === 'warning').map((u) => u.message);
    expect(warnings).toHaveLength(2);
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^cannot write the recording \/x\/call\.wav: the disk is full \(at 0:0\d of the call\): the recording stops there/,
      ),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^cannot write the session journal ${join(dir, 'full.jsonl')}: the disk is full \\(at 0:\\d\\d of the call\\): ` +
            'the call goes on in memory',
        ),
      ),
    );
    // the same problems, once each, at the end and among the report's warnings
    expect(full.problems.sort()).toEqual([...warnings].sort());
    expect(full.report.warnings).toEqual(expect.arrayContaining(warnings));
    // the analysis lost nothing: the same events as the call whose files were written
    expect(full.report.events).toEqual(healthy.report.events);
    expect(full.report.speech).toEqual(healthy.report.speech);
    expect(full.report.events.map((e) => e.type)).toContain('customerPeak');
    expect(existsSync(join(dir, 'healthy.jsonl'))).toBe(true);
  }, 120_000);
});
