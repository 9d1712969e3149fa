/**
 * The app's live window in Debian's Chromium (web mode) over the real LiveController and PulseAudio: a
 * known call (test/fixtures/calls/e2e-call.wav, 20 s: a customer peak at ~12.6 s, the agent talking over
 * it at ~15.4 s) is played in real time into two null sinks, one per party, and the page captures their
 * monitors through the web-mode server. The test picks the devices, runs the 3-second test on the call
 * device while a tone plays into it, starts the call, reads the cues from the status region while they
 * happen, marks one wrong, and ends the call into its review (the session's events, the Live cues section
 * with the mark). Screenshots at 420 x 560 land in test-results/e2e/live-pulse-*.png.
 *
 * Needs PulseAudio and sox (.ci/run starts the daemon): without them this fails, it does not skip.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/node/analyze.js';
import { createLiveController, type NodeLiveController } from '../../src/node/live/live-controller.js';
import { e2eReady, offOrigin, openApp, type AppSession } from '../../scripts/app-harness.js';
import { ensurePulse, nullSink, playInto, PULSE_HELP, type NullSink } from '../helpers/pulse.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(REPO, 'test-results', 'e2e');
const CALL = join(REPO, 'test/fixtures/calls/e2e-call.wav'); // 20 s, the agent on the right channel
const LIVE_WINDOW = { width: 420, height: 560 };
const tag = `ss_e2e_live_${process.pid}`;
const ready = e2eReady();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pixels in the live chart's plot area (right of its lane labels) drawn in each party's colour: the
 * agent's blue and the customer's orange are the only saturated colours there (background, grid, the
 * usual-level line and the time labels are white and greys), so these count drawn points.
 */
const CHART_INK = `(() => {
  const canvas = document.querySelector('#live-chart canvas');
  if (!canvas || canvas.width === 0) return { agent: 0, customer: 0 };
  const ratio = canvas.width / canvas.clientWidth;
  const left = Math.ceil(60 * ratio);
  const data = canvas.getContext('2d').getImageData(left, 0, canvas.width - left, canvas.height).data;
  let agent = 0, customer = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (a < 128) continue;
    if (b - r > 60) agent++;
    else if (r - b > 60 && g > b) customer++;
  }
  return { agent, customer };
})()`;

describe.skipIf(!ready)('live mode in Chromium over PulseAudio (web mode, real controller)', () => {
  let s: AppSession;
  let dir: string;
  let agentWav: string;
  let customerWav: string;
  let toneWav: string;
  let agentSink: NullSink;
  let callSink: NullSink;
  let live: NodeLiveController;
  /** The title of the cue marked wrong during the call. */
  let markedWrong: string | null = null;

  beforeAll(async () => {
    if (!(await ensurePulse())) throw new Error(PULSE_HELP);
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'softspoken-e2e-pulse-'));
    agentWav = join(dir, 'agent.wav');
    customerWav = join(dir, 'customer.wav');
    toneWav = join(dir, 'tone.wav');
    execFileSync('sox', [CALL, agentWav, 'remix', '2']);
    execFileSync('sox', [CALL, customerWav, 'remix', '1']);
    // a 440 Hz tone at -12 dBFS, longer than the 3-second test
    execFileSync('sox', [
      '-n',
      ...'-r 16000 -c 1 -b 16'.split(' '),
      toneWav,
      ...'synth 4.5 sine 440 vol 0.25'.split(' '),
    ]);
    agentSink = await nullSink(`${tag}_agent`);
    callSink = await nullSink(`${tag}_call`);
    live = createLiveController({ version: VERSION, dataDir: join(dir, 'data') });
    s = await openApp('', {}, { live });
    await s.page.setViewportSize({ width: 1100, height: 800 });
  }, 60_000);

  afterAll(async () => {
    if (live?.running) await live.stop().catch(() => undefined);
    await s?.close();
    await agentSink?.unload().catch(() => undefined);
    await callSink?.unload().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('picks the two monitors and hears a tone in the 3-second test of the call device', async () => {
    await s.page.click('#live-call');
    await s.page.waitForSelector('#live-agent-device');
    await s.page.selectOption('#live-agent-device', agentSink.monitor);
    await s.page.selectOption('#live-call-device', callSink.monitor);
    expect(await s.page.inputValue('#live-agent-device')).toBe(agentSink.monitor);
    expect(await s.page.inputValue('#live-call-device')).toBe(callSink.monitor);
    // every null sink's monitor is "Monitor of Null Output": the pickers name the device as well
    expect(await s.page.locator('#live-agent-device option:checked').innerText()).toContain(
      agentSink.monitor,
    );
    expect(await s.page.locator('#live-call-device option:checked').innerText()).toContain(callSink.monitor);

    const tone = playInto(callSink.sink, toneWav);
    await sleep(300); // the tone is flowing before the test listens
    await s.page.click('#live-call-test');
    // the meter moves while the test listens, then the result names the peak
    let meterMax = -60;
    const until = Date.now() + 8000;
    while (Date.now() < until) {
      meterMax = Math.max(meterMax, Number(await s.page.getAttribute('#live-call-meter', 'aria-valuenow')));
      const result = await s.page.locator('#live-call-result').innerText();
      if (result !== 'listening…' && result !== '') break;
      await sleep(100);
    }
    tone.process.kill();
    await tone.finished;
    const result = await s.page.locator('#live-call-result').innerText();
    expect(result).not.toMatch(/nothing heard/);
    const peak = /^peak (-?\d+) dBFS$/.exec(result);
    expect(peak, result).not.toBeNull();
    // the tone is at -12 dBFS; the sink and the capture may resample, so allow a few dB
    expect(Number(peak?.[1])).toBeGreaterThan(-20);
    expect(Number(peak?.[1])).toBeLessThanOrEqual(0);
    expect(meterMax).toBeGreaterThan(-30);
    await s.page.screenshot({ path: join(SHOTS, 'live-pulse-0-setup.png') });
  }, 20_000);

  it('shows the cues of the call as it is played, keeps the scorecard and draws the chart', async () => {
    await s.page.setViewportSize(LIVE_WINDOW);
    await s.page.click('#live-start');
    await s.page.waitForSelector('#live-window', { timeout: 20_000 });
    expect(live.running).toBe(true);

    const started = Date.now();
    const agent = playInto(agentSink.sink, agentWav);
    const customer = playInto(callSink.sink, customerWav);
    let playing = true;
    const done = Promise.all([agent.finished, customer.finished]).then(() => (playing = false));

    /** What the status region said, and when: s since the call began to play, and the window's call clock. */
    const seen: { wallSec: number; clock: string; text: string }[] = [];
    while (playing) {
      const [text, clock] = (await s.page.evaluate(
        "[document.querySelector('#live-cue').innerText.trim(), document.querySelector('#live-clock').textContent]",
      )) as [string, string];
      if (seen.at(-1)?.text !== text) seen.push({ wallSec: (Date.now() - started) / 1000, clock, text });
      if (markedWrong === null && /^Let them vent\n/.test(text)) {
        // a confirmed cue showing: the screenshot of the window, then "Wrong cue" on it
        await s.page.screenshot({ path: join(SHOTS, 'live-pulse-1-cue.png') });
        const wrong = s.page.locator('#live-wrong');
        markedWrong = /^Mark “(.+)” as wrong/.exec((await wrong.getAttribute('title')) ?? '')?.[1] ?? null;
        await wrong.click();
      }
      await sleep(100);
    }
    await done;
    const log = JSON.stringify(seen);
    const callSec = (clock: string): number => {
      const [m, ss] = clock.split(':').map(Number);
      return (m ?? 0) * 60 + (ss ?? 0);
    };

    // a peak cue while the customer peaked (from ~12.6 s of the call)
    const vent = seen.find((x) => x.text.startsWith('Let them vent'));
    expect(vent, log).toBeDefined();
    expect(callSec(vent?.clock ?? ''), log).toBeGreaterThanOrEqual(12);
    expect(callSec(vent?.clock ?? ''), log).toBeLessThanOrEqual(14);
    // the agent's talk over the peak (from ~15.4 s) cued and confirmed
    expect(
      seen.some(
        (x) => callSec(x.clock) >= 15 && /^Let them finish\n/.test(x.text) && !x.text.includes('checking'),
      ),
      log,
    ).toBe(true);
    expect(markedWrong, log).toBe('Let them vent');

    // the running scorecard: one customer peak once the engine has decided it
    await expect
      .poll(() => s.page.locator('#live-tally-peaks').innerText(), { timeout: 5000 })
      .toMatch(/^Peaks 1\b/);
    expect(await s.page.locator('#live-clock').innerText()).toMatch(/^0:(19|2\d)$/);
    // both lanes of the chart have drawn points
    const ink = (await s.page.evaluate(CHART_INK)) as { agent: number; customer: number };
    expect(ink.agent, JSON.stringify(ink)).toBeGreaterThan(50);
    expect(ink.customer, JSON.stringify(ink)).toBeGreaterThan(50);
    // it still fits the compact window without scrolling
    const fits = await s.page.evaluate(
      '[document.documentElement.scrollHeight, document.documentElement.scrollWidth]',
    );
    expect(fits).toEqual([LIVE_WINDOW.height, LIVE_WINDOW.width]);
    await s.page.screenshot({ path: join(SHOTS, 'live-pulse-2-end.png') });
  }, 45_000);

  it('ends the call into its review: the events of the session and the cue marked wrong', async () => {
    await s.page.click('#live-end');
    await s.page.waitForSelector('#live-cues', { timeout: 20_000 });
    expect(live.running).toBe(false);
    const kinds = await s.page.$$eval('#event-list .event-item', (items) =>
      items.map((item) => item.getAttribute('data-kind')),
    );
    expect(kinds, JSON.stringify(kinds)).toContain('peak');
    expect(
      kinds.some((k) => k === 'interruption' || k === 'interruptionAtPeak'),
      JSON.stringify(kinds),
    ).toBe(true);

    const rows = await s.page.$$eval('#live-cues tbody tr', (trs) =>
      trs.map((tr) => ({ wrong: tr.classList.contains('wrong'), text: tr.textContent ?? '' })),
    );
    // the cue at the peak, in call time
    expect(rows.find((r) => r.text.includes('Let them vent'))?.text, JSON.stringify(rows)).toMatch(
      /^0:1[2-4]/,
    );
    expect(
      rows.some((r) => /Let them (vent|finish)/.test(r.text)),
      JSON.stringify(rows),
    ).toBe(true);
    const wrong = rows.filter((r) => r.wrong);
    expect(wrong.length, JSON.stringify(rows)).toBe(1);
    expect(wrong[0]?.text).toContain(markedWrong ?? '(none marked)');
    expect(wrong[0]?.text).toContain('marked wrong by the agent');
    expect(await s.page.locator('#live-source').innerText()).toContain('Live call');
    expect(await s.page.locator('#no-audio').innerText()).toBe('No audio was recorded for this live call.');
    await s.page.waitForSelector('#timeline canvas');
    // at the live window's size the review wraps and scrolls down, never sideways
    expect(await s.page.evaluate('document.documentElement.scrollWidth')).toBe(LIVE_WINDOW.width);
    await s.page.screenshot({ path: join(SHOTS, 'live-pulse-3-review.png') });
    await s.page.screenshot({ path: join(SHOTS, 'live-pulse-4-review-full.png'), fullPage: true });
  }, 30_000);

  it('made no request outside its own origin and logged no error', () => {
    expect(offOrigin(s)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
