/**
 * The controller checks for sox once per call start and once per device test, not again for each
 * device's capture; sox missing, a start and a device test each fail with the one message. A stand-in
 * `sox` on PATH logs every run (its `--version` answers, a capture sends nothing), so the checks are
 * counted without a sound server.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SileroInfer } from '../../../dsp/silero.js';
import type { LiveDevice } from '../../../src/live/controller.js';
import type { LiveUpdate } from '../../../src/live/protocol.js';
import { SOX_MISSING } from '../../../src/node/live/capture-error.js';
import { createLiveController } from '../../../src/node/live/live-controller.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-soxcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEVICES: LiveDevice[] = [
  {
    name: 'agent-mic',
    description: 'Headset',
    kind: 'microphone',
    system: 'alsa',
    guess: 'agent',
    isDefault: true,
  },
  {
    name: 'call-out',
    description: 'Speakers',
    kind: 'monitor',
    system: 'alsa',
    guess: 'call',
    isDefault: false,
  },
];
/** Speech nowhere: the model is not what is tested here. */
const silentInfer: SileroInfer = (_input, state, batch) =>
  Promise.resolve({ probabilities: new Float32Array(batch), state });

/** A `sox` that appends its arguments to `log`: `--version` answers, anything else runs silent until killed. */
function fakeSox(bin: string, log: string): void {
  writeFileSync(
    join(bin, 'sox'),
    `#!/bin/sh\necho "$*" >> '${log}'\n` +
      `if [ "$1" = --version ]; then echo 'sox: SoX v14.4.2'; exit 0; fi\nexec /bin/sleep 60\n`,
  );
  chmodSync(join(bin, 'sox'), 0o755);
}

async function withPath<T>(path: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env['PATH'];
  process.env['PATH'] = path;
  try {
    return await body();
  } finally {
    process.env['PATH'] = saved;
  }
}

const controller = (name: string) =>
  createLiveController({
    version: 'test',
    dataDir: join(dir, name),
    infer: silentInfer,
    listDevices: () => Promise.resolve(DEVICES),
  });

describe('the sox check', () => {
  it('runs once per call start and once per device test, not again for each device', async () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    const log = join(bin, 'runs.log');
    fakeSox(bin, log);
    const runs = (): string[] => readFileSync(log, 'utf8').split('\n');
    const versionChecks = (): number => runs().filter((l) => l === '--version').length;
    const captures = (): number => runs().filter((l) => l.startsWith('--default-device')).length;
    const live = controller('present');
    await withPath(`${bin}:/usr/bin:/bin`, async () => {
      await live.start({ agentDevice: 'agent-mic', callDevice: 'call-out', record: false });
      // both devices are captured all the same (each stand-in logs once its shell is up)
      for (let i = 0; i < 200 && captures() < 2; i++) await new Promise((r) => setTimeout(r, 25));
      expect(captures()).toBe(2);
      await live.stop();
      expect(versionChecks()).toBe(1);
      await live.testDevice('agent-mic', 0.3, () => undefined);
      expect(versionChecks()).toBe(2);
    });
    await live.close();
  }, 30_000);

  it('missing: a start and a device test each fail with the one message, and nothing else is said', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const live = controller('missing');
    const updates: LiveUpdate[] = [];
    live.subscribe((u) => updates.push(u));
    await withPath(empty, async () => {
      await expect(
        live.start({ agentDevice: 'agent-mic', callDevice: 'call-out', record: false }),
      ).rejects.toThrow(SOX_MISSING);
      await expect(live.testDevice('agent-mic', 0.3, () => undefined)).rejects.toThrow(SOX_MISSING);
    });
    expect(SOX_MISSING).not.toContain('\n');
    expect(updates).toEqual([]);
    expect(live.running).toBe(false);
    await live.close();
  });
});
