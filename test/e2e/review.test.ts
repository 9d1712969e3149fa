/**
 * The review app end to end, in web mode, in Debian's Chromium: open the demo call from the start screen,
 * the timeline and the event list show the scripted events (assets/demo/demo-call.truth.json), a click on
 * an event or on its mark in the chart plays from just before it, the keyboard steps through events and
 * plays/pauses, the exports are written and parse, a bad file shows the engine's reason, and nothing
 * leaves the app's origin. Screenshots land in test-results/e2e/ for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav } from '../../dsp/wav.js';
import type { Report } from '../../src/report/schema.js';
import { e2eReady, offOrigin, openApp, type AppSession } from '../../scripts/app-harness.js';
import { E2E_CALL } from './make-e2e-call.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(REPO, 'test-results', 'e2e');
/** The lead-in played before a clicked event's deciding moment, by default (renderer/listen.ts). */
const LEAD_IN_SEC = 3;

interface Truth {
  durationSec: number;
  events: { type: string; start: number; end: number; atPeak?: boolean }[];
}
const truth = JSON.parse(readFileSync(join(REPO, 'assets/demo/demo-call.truth.json'), 'utf8')) as Truth;
const truthOf = (type: string) => truth.events.filter((e) => e.type === type);

const ready = e2eReady();

describe.skipIf(!ready)('the review app in Chromium (web mode)', () => {
  let s: AppSession;

  /** The playhead's time as the page shows it (the position slider follows playback). */
  const playheadSec = async (): Promise<number> => Number(await s.page.inputValue('#scrubber'));
  const selectedKind = async (): Promise<string | null> =>
    s.page.locator('#event-list .event-item.selected').getAttribute('data-kind');
  /** Where time `tSec` is on the chart, in px from the chart's left edge, and the top of its mark lane. */
  const chartGeometry = async () => {
    const data = await s.page.locator('#timeline').evaluate((el) => ({
      ...(el as unknown as { dataset: Record<string, string> }).dataset,
    }));
    const [left, right, from, to] = ['plotLeft', 'plotRight', 'viewFrom', 'viewTo'].map((k) =>
      Number(data[k]),
    );
    return {
      xOf: (tSec: number) =>
        (left ?? 0) + ((tSec - (from ?? 0)) / ((to ?? 1) - (from ?? 0))) * ((right ?? 0) - (left ?? 0)),
      lanesTop: Number(data['lanesTop']),
    };
  };
  const pause = async () => {
    if ((await s.page.getAttribute('#play', 'aria-label')) === 'Pause') await s.page.click('#play');
  };
  const shot = (name: string) => s.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s = await openApp('');
    await s.page.setViewportSize({ width: 1440, height: 1000 });
  }, 120_000);
  afterAll(async () => s?.close());

  it('offers the recording dialog, the demo call and (empty) recent calls', async () => {
    await s.page.waitForSelector('#open-demo');
    expect(await s.page.locator('#open-call').isVisible()).toBe(true);
    expect(await s.page.locator('#recent-list').innerText()).toContain('No recent calls yet');
    await shot('1-start');
  });

  it('opens the demo call and lists the scripted events', async () => {
    await s.page.click('#open-demo');
    await s.page.waitForSelector('#scorecard', { timeout: 90_000 });
    const kinds = await s.page.$$eval('#event-list .event-item', (items) =>
      items.map((item) => item.getAttribute('data-kind')),
    );
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect(count('peak')).toBe(truthOf('customerPeak').length);
    expect(count('interruptionAtPeak')).toBe(truthOf('interruption').filter((e) => e.atPeak).length);
    expect(count('backchannel')).toBe(truthOf('backchannel').length);
    expect(count('raisedVoice')).toBe(truthOf('raisedVoice').length);
    // one peak complied with (soft reply after a pause), one answered loudly
    expect(await s.page.locator('#event-list .event-item.ok[data-kind="wait"]').count()).toBe(1);
    expect(await s.page.locator('#event-list .event-item.bad[data-kind="wait"]').count()).toBe(1);
    expect(await s.page.locator('#side-control').innerText()).toContain('Agent: left channel');
    expect(await s.page.locator('#score-compliance').innerText()).toContain('1 of 3');
    await s.page.waitForSelector('#timeline canvas');
    await shot('2-review');
  });

  it('plays from the lead-in before an event clicked in the list, and moves the playhead there', async () => {
    const interruption = truthOf('interruption')[0];
    expect(interruption).toBeDefined();
    await s.page.click('#event-list .event-item[data-kind="interruptionAtPeak"]');
    expect(await selectedKind()).toBe('interruptionAtPeak');
    expect(await playheadSec()).toBeCloseTo((interruption?.start ?? 0) - LEAD_IN_SEC, 0);
    const expectedPx = (await chartGeometry()).xOf((interruption?.start ?? 0) - LEAD_IN_SEC);
    const playheadPx = await s.page
      .locator('#playhead')
      .evaluate((el) => parseFloat((el as unknown as { style: { left: string } }).style.left));
    expect(Math.abs(playheadPx - expectedPx)).toBeLessThan(6);
    await pause(); // so the next tests start still
  });

  it('plays a clicked peak from before the reply it judges, at the speed and lead-in chosen, and loops it', async () => {
    const complied = truth.events.find((e) => e.type === 'response' && e.start > 25 && e.start < 40);
    expect(complied).toBeDefined(); // the wait after the complied peak (the second)
    await s.page.click('#event-list .event-item[data-kind="peak"] >> nth=1');
    // the peak started well before: the playhead goes to 3 s before the silence the reply ends
    expect(await playheadSec()).toBeCloseTo((complied?.start ?? 0) - LEAD_IN_SEC, 0);
    await pause();
    await s.page.selectOption('#listen-rate', '1.5');
    const stored = async (): Promise<unknown> =>
      JSON.parse(String(await s.page.evaluate('localStorage.getItem("softspoken.review.listen")')));
    await s.page.fill('#listen-lead-in', '1');
    await s.page.locator('#listen-lead-in').blur();
    await s.page.click('#listen-loop');
    expect(await s.page.getAttribute('#listen-loop', 'aria-pressed')).toBe('true');
    await s.page.click('#event-list .event-item[data-kind="peak"] >> nth=1');
    expect(await playheadSec()).toBeCloseTo((complied?.start ?? 0) - 1, 0);
    expect(await s.page.locator('#listen-loop-span').innerText()).toMatch(/^Looping \d:\d\d/);
    expect(await stored()).toEqual({ rate: 1.5, leadInSec: 1, loop: true }); // remembered
    await pause();
    // back to the defaults for the tests after this one (the choices are remembered)
    await s.page.click('#listen-loop');
    await s.page.fill('#listen-lead-in', String(LEAD_IN_SEC));
    await s.page.locator('#listen-lead-in').blur();
    await s.page.selectOption('#listen-rate', '1');
  });

  it('selects an event clicked on the chart (its mark above the plot)', async () => {
    const backchannel = truthOf('backchannel')[0];
    await s.page.click('#zoom-fit');
    const chart = await chartGeometry();
    await s.page
      .locator('#timeline canvas')
      .click({ position: { x: chart.xOf(backchannel?.start ?? 0), y: chart.lanesTop + 10 } });
    expect(await selectedKind()).toBe('backchannel');
    expect(await playheadSec()).toBeCloseTo(Math.max(0, (backchannel?.start ?? 0) - LEAD_IN_SEC), 0);
    await pause();
  });

  it('steps through the events with the arrow keys and plays/pauses with space', async () => {
    const listed = await s.page.$$eval('#event-list .event-item', (items) =>
      items.map((item) => item.getAttribute('data-kind')),
    );
    const at = listed.indexOf('backchannel');
    await s.page.locator('#view').focus();
    await s.page.keyboard.press('ArrowRight');
    expect(await selectedKind()).toBe(listed[at + 1]);
    await s.page.keyboard.press('ArrowRight');
    expect(await selectedKind()).toBe(listed[at + 2]);
    await s.page.keyboard.press('ArrowLeft');
    expect(await selectedKind()).toBe(listed[at + 1]);
    const before = await playheadSec();
    await s.page.keyboard.press('Space');
    await expect.poll(() => s.page.getAttribute('#play', 'aria-label')).toBe('Pause');
    await expect.poll(playheadSec, { timeout: 5000 }).toBeGreaterThan(before + 0.2);
    await s.page.keyboard.press('Space');
    await expect.poll(() => s.page.getAttribute('#play', 'aria-label')).toBe('Play');
  });

  it('highlights the event under the playhead in the list', async () => {
    const interruption = truthOf('interruption')[0];
    await s.page.locator('#scrubber').fill(String((interruption?.start ?? 0) + 0.2));
    await expect
      .poll(() => s.page.locator('#event-list .event-item.current').getAttribute('data-kind'))
      .toBe('interruptionAtPeak');
    const backchannel = truthOf('backchannel')[0];
    await s.page.locator('#scrubber').fill(String((backchannel?.start ?? 0) + 0.2));
    await expect
      .poll(() => s.page.locator('#event-list .event-item.current').getAttribute('data-kind'))
      .toBe('backchannel');
  });

  it('filters the event list by type', async () => {
    const chip = s.page.locator('.chip[data-group="backchannels"]');
    await chip.click();
    expect(await s.page.locator('#event-list [data-kind="backchannel"]').count()).toBe(0);
    await chip.click();
    expect(await s.page.locator('#event-list [data-kind="backchannel"]').count()).toBe(1);
  });

  it('exports the JSON report, the events CSV, a standalone HTML report, Audacity labels and RTTM', async () => {
    const names: string[] = [];
    const save = async (id: string): Promise<string> => {
      const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click(`#export-${id}`)]);
      names.push(download.suggestedFilename());
      const path = await download.path();
      return readFileSync(path, 'utf8');
    };
    const report = JSON.parse(await save('json')) as Report;
    expect(report.schema).toBe('softspoken.report/1');
    expect(report.events.filter((e) => e.type === 'customerPeak')).toHaveLength(
      truthOf('customerPeak').length,
    );
    const csv = (await save('csv')).trim().split('\n');
    expect(csv.length).toBe(report.events.length + 1);
    expect(csv[0]).toMatch(/^type,/);
    const html = await save('html');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
    const labels = (await save('labels')).trim().split('\n');
    expect(labels).toHaveLength(report.events.length);
    expect(labels[0]).toMatch(/^\d+\.\d{6}\t\d+\.\d{6}\t\S/);
    const turns = (await save('rttm')).trim().split('\n');
    expect(turns.length).toBe(report.speech.agent.length + report.speech.customer.length);
    expect(turns[0]).toMatch(/^SPEAKER \S+ 1 \d+\.\d{3} \d+\.\d{3} <NA> <NA> (agent|customer) <NA> <NA>$/);
    expect(names.slice(3)).toEqual([
      expect.stringMatching(/\.labels\.txt$/),
      expect.stringMatching(/\.rttm$/),
    ]);
  });

  it('remembers the call is not in recent calls (the demo) and goes back to the start screen', async () => {
    await s.page.click('#back');
    await s.page.waitForSelector('#open-demo');
  });

  it('shows the engine’s reason in plain words for a file that is not audio, and for a mono file', async () => {
    const open = async (name: string, bytes: Buffer) => {
      const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.click('#open-call')]);
      await chooser.setFiles({ name, mimeType: 'audio/wav', buffer: bytes });
      await s.page.waitForSelector('#error-message', { timeout: 30_000 });
      return s.page.locator('#error-message').innerText();
    };
    const notAudio = await open('notes.wav', Buffer.from('these are meeting notes, not audio\n'.repeat(20)));
    expect(notAudio).toMatch(/notes\.wav: not an audio file SoftSpoken can read \(it is text\)/);
    expect(notAudio).not.toMatch(/at .*\.js|Error:/);
    await shot('3-error');
    await s.page.click('#error-back');
    const mono = Buffer.from(readFileSync(join(REPO, 'test/fixtures/voices', monoClip())));
    expect(await open('mono.wav', mono)).toMatch(/mono/i);
    await s.page.click('#error-back');
  });

  it('guesses which channel is the agent, says how sure, and analyzes with it', async () => {
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.click('#open-call')]);
    await chooser.setFiles(E2E_CALL); // the agent is on the right channel and opens the call
    await s.page.waitForSelector('#side-control', { timeout: 90_000 });
    const side = await s.page.locator('#side-control').innerText();
    expect(side).toContain('Agent: right channel');
    expect(side).toMatch(/guessed · (sure|fairly sure)/i);
    await shot('4-guessed-side');
  });

  it('swaps the sides with one click and remembers the choice for the file', async () => {
    await s.page.click('#swap-sides');
    await expect
      .poll(() => s.page.locator('#side-control').innerText(), { timeout: 90_000 })
      .toContain('left channel');
    expect(await s.page.locator('#side-control').innerText()).toMatch(/your choice/i);
    await s.page.click('#back');
    const recent = s.page.locator('#recent-list .recent-open', { hasText: 'e2e-call.wav' });
    await expect.poll(() => recent.count()).toBe(1);
    expect(await recent.innerText()).toContain('agent on the left channel');
    await recent.click();
    await s.page.waitForSelector('#side-control', { timeout: 90_000 });
    const side = await s.page.locator('#side-control').innerText();
    expect(side).toContain('Agent: left channel');
    expect(side).toMatch(/your choice/i);
    await s.page.click('#back');
  });

  it('opens two mono files dropped together, the agent’s first by its name', async () => {
    const { format, channels } = decodeWav(new Uint8Array(readFileSync(E2E_CALL)));
    const mono = (i: number) =>
      Buffer.from(encodeWav([channels[i] as Float32Array], format.sampleRateHz)).toString('base64');
    // dropped in the "wrong" order: the customer's file first
    await s.page.evaluate(
      `(() => {
        const file = (name, b64) => new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'audio/wav' });
        const data = new DataTransfer();
        data.items.add(file('customer.wav', '${mono(0)}'));
        data.items.add(file('agent.wav', '${mono(1)}'));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      })()`,
    );
    await s.page.waitForSelector('#side-control', { timeout: 90_000 });
    const side = await s.page.locator('#side-control').innerText();
    expect(side).toContain('Agent: agent.wav');
    // the names decided: the audio's guess is not asked (README)
    expect(side).toMatch(/from the file names/i);
    expect(await s.page.locator('#topbar-call').innerText()).toContain('agent.wav');
    await s.page.click('#back');
  });

  it('cancels an analysis from its progress screen and goes back to the start screen', async () => {
    // ten minutes of quiet noise on both channels: long enough to still be running when Cancel is clicked
    const noise = (seed: number) => {
      let a = seed;
      return Float32Array.from({ length: 8000 * 600 }, () => {
        a = (a * 1103515245 + 12345) % 2147483648;
        return (a / 2147483648 - 0.5) * 0.02;
      });
    };
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.click('#open-call')]);
    await chooser.setFiles({
      name: 'long.wav',
      mimeType: 'audio/wav',
      buffer: Buffer.from(encodeWav([noise(1), noise(2)], 8000)),
    });
    await s.page.waitForSelector('#analysis-progress');
    await s.page.click('text=Cancel');
    await s.page.waitForSelector('#open-demo');
    expect(await s.page.locator('#error-message').count()).toBe(0);
    // the next analysis starts a fresh worker and works
    await s.page.click('#open-demo');
    await s.page.waitForSelector('#scorecard', { timeout: 90_000 });
    await s.page.click('#back');
  });

  it('made no request outside its own origin and logged no error', () => {
    // what it needs comes from its own origin: the font, the runtime's wasm, the model, the demo
    for (const shipped of [
      '/fonts/inter-latin-400-normal.woff2',
      '.wasm',
      '/model/silero_vad_v5.onnx',
      '/demo/demo-call.wav',
    ]) {
      expect(s.requests.some((url) => url.startsWith(`${s.origin}/`) && url.endsWith(shipped))).toBe(true);
    }
    expect(offOrigin(s)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});

/** A mono WAV among the committed voice clips. */
function monoClip(): string {
  const index = JSON.parse(readFileSync(join(REPO, 'test/fixtures/voices/index.json'), 'utf8')) as {
    file: string;
  }[];
  const first = index[0];
  if (!first) throw new Error('test/fixtures/voices/index.json lists no clip');
  return first.file;
}
