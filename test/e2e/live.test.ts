/**
 * Live mode end to end, in web mode, in Debian's Chromium: the start screen's Live call and its offer of a
 * cut-off session, setup (devices preselected, a device test with its meter), the live window at 420 x 560
 * (cues read from its status region, a provisional talk-over taken back quietly, wrong cue by key, snooze,
 * mute, device trouble), End call into the review with its Live cues section, the review without audio and
 * with a recording, and nothing leaving the origin. Screenshots land in test-results/e2e/live-*.png.
 *
 * The controller is injected (`openApp(…, { live })`): here a scripted one the test drives step by step
 * (`driver.emit`); a PulseAudio variant passes the real controller and plays a call into null sinks.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SileroStreams } from '../../dsp/silero.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings.js';
import type { LiveCue, LivePoint, LiveTally } from '../../src/live/protocol.js';
import { openStereoCall } from '../../src/node/audio-source.js';
import { createNodeSileroInfer } from '../../src/node/onnx-vad.js';
import type { Report } from '../../src/report/schema.js';
import { analyzeCall } from '../../src/source/analyze-call.js';
import { e2eReady, offOrigin, openApp, type AppSession } from '../../scripts/app-harness.js';
import { FakeLiveController } from '../helpers/fake-live-controller.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(REPO, 'test-results', 'e2e');
const DEMO = join(REPO, 'assets/demo/demo-call.wav');
const ready = e2eReady();

/** The demo call's own report: the review of the "live" call shows real events and plays real audio. */
async function demoReport(): Promise<Report> {
  const vad = new SileroStreams(await createNodeSileroInfer(), 8000, 2);
  return analyzeCall(await openStereoCall(DEMO, 0), {
    settings: DEFAULT_SETTINGS,
    vad,
    version: 'e2e',
    agentChannel: 0,
  });
}

/** 40 s of a call, 10 points a second: the customer speaks 2-12 s and 18-30 s (loud from 20 s), the agent between. */
function callPoints(toSec: number): LivePoint[] {
  const out: LivePoint[] = [];
  for (let i = 1; i <= toSec * 10; i++) {
    const t = i / 10;
    const customer = (t >= 2 && t < 12) || (t >= 18 && t < 30);
    const agent = (t >= 12.5 && t < 16) || (t >= 31 && t < 38);
    const wave = Math.sin(t * 3);
    out.push({
      t,
      agentDb: agent ? -32 + 3 * wave : -62,
      customerDb: customer ? -28 + 4 * wave + (t >= 20 ? 8 : 0) : -65,
      agentRelDb: t < 13 ? null : agent ? 1 + 2 * wave : -28,
      customerRelDb: customer ? 1 + 3 * wave + (t >= 20 ? 8 : 0) : -30,
      agentSpeaking: agent,
      customerSpeaking: customer,
    });
  }
  return out;
}

const tally = (seconds: number, over: Partial<LiveTally> = {}): LiveTally => ({
  seconds,
  customerPeaks: 1,
  compliedPeaks: 0,
  missedPeaks: 0,
  unansweredPeaks: 0,
  interruptions: 0,
  interruptionsAtPeak: 0,
  backchannels: 1,
  raisedVoiceSpans: 0,
  raisedVoiceSec: 0,
  medianWaitSec: null,
  customerCalmDb: -29,
  agentNormalDb: -33,
  ...over,
});

const cue = (id: number, over: Partial<LiveCue>): LiveCue => ({
  id,
  kind: 'customerVenting',
  atSec: 20,
  title: 'Let them vent',
  detail: 'the customer is well above their calm level: wait for the pause',
  positive: false,
  provisional: false,
  outcome: null,
  endedSec: null,
  wrong: false,
  ...over,
});

describe.skipIf(!ready)('live mode in Chromium (web mode, scripted controller)', () => {
  let s: AppSession;
  let driver: FakeLiveController;
  const shot = (name: string) => s.page.screenshot({ path: join(SHOTS, `live-${name}.png`) });
  const status = () => s.page.locator('#live-cue[role="status"]');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const report = await demoReport();
    driver = new FakeLiveController({
      report: () => report,
      recordingPath: DEMO,
      recoverable: [
        {
          sessionId: 'cut-1',
          startedAt: new Date(Date.now() - 3_600_000).toISOString(),
          agent: 'Sam',
          seconds: 754,
        },
      ],
    });
    s = await openApp('', {}, { live: driver });
    await s.page.setViewportSize({ width: 1100, height: 800 });
  }, 120_000);
  afterAll(async () => s?.close());

  it('offers Live call and the cut-off session on the start screen', async () => {
    await s.page.waitForSelector('#live-offers:not([hidden])');
    expect(await s.page.locator('#live-call').isEnabled()).toBe(true);
    await shot('0-start');
    expect(await s.page.locator('#live-offers').innerText()).toMatch(
      /A live call was cut off at \d\d:\d\d \(13 min\) · Sam/,
    );
  });

  it('sets up: devices preselected by their guess, a 3 s test with its meter, recording off and said so', async () => {
    await s.page.click('#live-call');
    await s.page.waitForSelector('#live-agent-device');
    expect(await s.page.inputValue('#live-agent-device')).toBe('alsa_input.usb-Headset.mono');
    expect(await s.page.inputValue('#live-call-device')).toBe('alsa_output.pci-Speakers.monitor');
    expect(await s.page.locator('#live-record').isChecked()).toBe(false);
    expect(await s.page.locator('#live-record-note').innerText()).toBe(
      'Recording is off: only the analysis is kept',
    );
    await s.page.click('#live-call-test');
    await expect.poll(() => s.page.getAttribute('#live-call-meter', 'aria-valuenow')).toBe('-24');
    await expect.poll(() => s.page.locator('#live-call-result').innerText()).toBe('peak -24 dBFS');
    expect(driver.tests.at(-1)).toEqual({ device: 'alsa_output.pci-Speakers.monitor', seconds: 3 });
    await s.page.click('#live-record');
    expect(await s.page.locator('#live-record-note').innerText()).toBe(
      'A two-channel WAV of the call is kept on this computer',
    );
    await s.page.click('#live-record');
    await s.page.fill('#live-agent', 'Sam');
    await shot('1-setup');
  });

  it('starts: the live window fits 420 x 560 and reads the cue from its status region', async () => {
    await s.page.setViewportSize({ width: 420, height: 560 });
    await s.page.click('#live-start');
    await s.page.waitForSelector('#live-window');
    expect(driver.starts.at(-1)).toEqual({
      agentDevice: 'alsa_input.usb-Headset.mono',
      callDevice: 'alsa_output.pci-Speakers.monitor',
      agent: 'Sam',
      record: false,
    });
    driver.emit({ type: 'points', points: callPoints(40) });
    driver.emit({ type: 'tally', tally: tally(40) });
    driver.emit({ type: 'cue', cue: cue(1, {}) });
    await expect.poll(() => status().innerText()).toContain('Let them vent');
    expect(await status().getAttribute('aria-live')).toBe('polite');
    expect(await s.page.locator('#live-tally').innerText()).toMatch(
      /Peaks 1\s+waited for the pause 0, missed 0, open 1/,
    );
    expect(await s.page.locator('#live-clock').innerText()).toBe('0:40');
    const fits = await s.page.evaluate(
      '[document.documentElement.scrollHeight, document.documentElement.scrollWidth]',
    );
    expect(fits).toEqual([560, 420]);
    await shot('2-window');
  });

  it('draws a talk-over lighter while it is checked, and lets it go quietly when it was a backchannel', async () => {
    driver.emit({ type: 'cue', cue: cue(1, { outcome: 'cleared', endedSec: 30.6 }) });
    const talkOver = cue(2, {
      kind: 'talkingOver',
      atSec: 41,
      title: 'Let them finish',
      detail: 'you are talking over the customer',
      provisional: true,
    });
    driver.emit({ type: 'cue', cue: talkOver });
    await expect.poll(() => status().innerText()).toContain('checking…');
    expect(await s.page.locator('.cue-box').getAttribute('class')).toContain('provisional');
    await shot('3-provisional');
    driver.emit({ type: 'cue', cue: { ...talkOver, outcome: 'withdrawn', endedSec: 41.6 } });
    await expect.poll(() => status().innerText()).toBe('');
    expect(await s.page.locator('#live-history').innerText()).toBe('0:20 Let them vent · cleared');
  });

  it('marks the cue showing wrong with W, snoozes with S, mutes a kind, and says what a device’s trouble needs', async () => {
    await s.page.click('#live-sound'); // the next cue plays its tone (no error if the machine has no audio)
    expect(await s.page.locator('#live-sound').isChecked()).toBe(true);
    driver.emit({
      type: 'cue',
      cue: cue(3, {
        kind: 'louderThanNormal',
        atSec: 44,
        title: 'Lower your voice',
        detail: '+7 dB over your usual level',
      }),
    });
    await expect.poll(() => status().innerText()).toContain('Lower your voice');
    await s.page.keyboard.press('w');
    await expect.poll(() => s.page.locator('#live-wrong').innerText()).toBe('Wrong cue: marked');
    expect(driver.actions.at(-1)).toEqual({ type: 'wrongCue', id: 3 });
    await s.page.keyboard.press('s');
    await expect.poll(() => s.page.locator('#live-snooze').innerText()).toBe('Snoozed to 2:40 (S)');
    await s.page.click('.live-menu summary');
    await s.page.click('#live-mute-menu input[data-kind="peakMissed"]');
    await shot('3b-menu');
    await expect.poll(() => driver.actions.at(-1)).toEqual({ type: 'mute', kind: 'peakMissed' });
    await s.page.click('.live-menu summary');
    driver.emit({ type: 'device', party: 'customer', state: 'retrying', message: 'the capture stopped' });
    await expect
      .poll(() => s.page.locator('#live-problems').innerText())
      .toBe('The call audio stopped: the capture stopped. Trying again; the call goes on.');
    expect(await s.page.locator('.live-private').innerText()).toContain('Cues are private to you');
    driver.emit({
      type: 'tally',
      tally: tally(45, {
        interruptions: 2,
        interruptionsAtPeak: 1,
        raisedVoiceSpans: 1,
        raisedVoiceSec: 2.4,
      }),
    });
    await expect
      .poll(() => s.page.locator('#live-tally-interruptions').innerText())
      .toMatch(/2 \(1 at a peak\)/);
    // with a history, a device message and every control, it still fits without scrolling
    const fits = await s.page.evaluate(
      '[document.documentElement.scrollHeight, document.documentElement.scrollWidth]',
    );
    expect(fits).toEqual([560, 420]);
    await shot('4-marked');
  });

  it('ends the call into its review: the Live cues section, the wrong one highlighted, no audio said so', async () => {
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.click('#live-end');
    await s.page.waitForSelector('#live-cues', { timeout: 30_000 });
    const rows = await s.page.$$eval('#live-cues tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-cue'), tr.getAttribute('class'), tr.textContent]),
    );
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3']);
    expect(rows[1]?.[2]).toMatch(/Let them finishyou are talking over the customertaken back/);
    expect(rows[2]?.[1]).toContain('wrong');
    expect(rows[2]?.[2]).toContain('marked wrong by the agent');
    expect(await s.page.locator('#no-audio').innerText()).toBe('No audio was recorded for this live call.');
    expect(await s.page.locator('#play').isHidden()).toBe(true);
    expect(await s.page.locator('#live-source').innerText()).toContain('Live call · Sam');
    expect(await s.page.locator('#scorecard').isVisible()).toBe(true);
    await s.page.waitForSelector('#timeline canvas');
    await s.page.screenshot({ path: join(SHOTS, 'live-5-review.png'), fullPage: true });
  });

  it('opens the review of a cut-off session from the start screen', async () => {
    await s.page.click('#back');
    await s.page.click('#live-offers .live-offer button:has-text("Open its review")');
    await s.page.waitForSelector('#live-source');
    expect(await s.page.locator('#live-source').innerText()).toMatch(/recovered/i);
    expect(driver.recovered).toEqual(['cut-1']);
    await s.page.click('#back');
    await s.page.waitForSelector('#live-call');
    expect(await s.page.locator('#live-offers').isHidden()).toBe(true);
  });

  it('plays the recording of a call recorded on request', async () => {
    await s.page.click('#live-call');
    await s.page.waitForSelector('#live-record');
    expect(await s.page.inputValue('#live-agent')).toBe('Sam'); // remembered
    await s.page.click('#live-record');
    await s.page.click('#live-start');
    await s.page.waitForSelector('#live-window');
    await s.page.click('#live-end');
    await s.page.waitForSelector('#play:not([hidden])', { timeout: 30_000 });
    expect(await s.page.locator('#no-audio').count()).toBe(0);
    await s.page.click('#play');
    await expect.poll(() => s.page.getAttribute('#play', 'aria-label')).toBe('Pause');
    await expect
      .poll(async () => Number(await s.page.inputValue('#scrubber')), { timeout: 5000 })
      .toBeGreaterThan(0.2);
    await s.page.click('#play');
    expect(s.requests.some((url) => url === `${s.origin}/api/live/recording/fake-2`)).toBe(true);
  });

  it('made no request outside its own origin and logged no error', () => {
    expect(offOrigin(s)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
