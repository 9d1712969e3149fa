/**
 * A coach's day with a folder of calls, end to end in web mode in Debian's Chromium: the agents' names and
 * the calls' dates come from the file names ({agent}_{date}_*); a correction made in one call's review
 * changes its queue row, its agent's page and the folder's exported summary; a call whose agent side is
 * an unsure guess says so in the queue and under its headline; an agent with one call gets no trend, and
 * the page says why; after a reload the folder is offered again and opens from the cache with the
 * correction still counted; the truth export never labels one moment twice (a backchannel the coach
 * replaced by an added interruption). Screenshots land in test-results/e2e/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eReady, openApp, type AppSession } from '../../scripts/app-harness.js';
import { composeScene, writeStereoWav } from '../../scripts/scene/compose.js';
import { queueRows, type QueueRowText } from './queue-rows.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(REPO, 'test-results', 'e2e');
/** The demo call (a talked-over peak, a backchannel: assets/demo/demo-call.truth.json), as Anna's. */
const ANNA = 'anna_2026-11-02_demo.wav';
const BEN = 'ben_2026-11-09_call.wav';
/** A call where nothing tells the sides apart: both open together, calm turns, no echo. */
const CARLA = 'carla_2026-11-04_unsure.wav';

type Row = QueueRowText;

const demoTruth = JSON.parse(readFileSync(join(REPO, 'assets/demo/demo-call.truth.json'), 'utf8')) as {
  events: { type: string; start: number; end: number }[];
};
const backchannel = demoTruth.events.find((e) => e.type === 'backchannel');

const ready = e2eReady();

describe.skipIf(!ready)('a coach’s day with a folder of calls (Chromium, web mode)', () => {
  let s: AppSession;
  let folder: string;
  const shot = (name: string) => s.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const rows = (): Promise<Row[]> => queueRows(s.page);
  const row = async (name: string): Promise<Row | undefined> => (await rows()).find((r) => r.name === name);
  const allScored = () =>
    expect
      .poll(async () => (await rows()).filter((r) => r.state === 'done').length, {
        timeout: 240_000,
        interval: 500,
      })
      .toBe(3);
  /** summary.csv as the queue exports it, by file: each column by its header. */
  const summary = async (): Promise<Map<string, Record<string, string>>> => {
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('#queue-summary')]);
    expect(download.suggestedFilename()).toBe('summary.csv');
    const [head, ...lines] = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    const columns = (head ?? '').split(',');
    return new Map(
      lines.map((line) => {
        const cells = line.split(',');
        return [cells[0] ?? '', Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']))];
      }),
    );
  };
  /** The calls of the agent shown on the agents page: [date, name, compliance]. */
  const agentCalls = () =>
    s.page.$$eval('#agent-calls tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    folder = mkdtempSync(join(tmpdir(), 'softspoken-coach-day-'));
    copyFileSync(join(REPO, 'assets/demo/demo-call.wav'), join(folder, ANNA));
    copyFileSync(join(REPO, 'test/fixtures/calls/e2e-call.wav'), join(folder, BEN));
    const unsure = composeScene(
      [
        { party: 'agent', clip: 'a-kal16-calm-1', atSec: 0.5 },
        { party: 'customer', clip: 'c-slt-calm-1', atSec: 0.8 },
        { party: 'agent', clip: 'a-kal16-calm-2', atSec: 5 },
        { party: 'customer', clip: 'c-slt-calm-2', atSec: 9 },
        { party: 'agent', clip: 'a-kal16-calm-3', atSec: 13 },
        { party: 'customer', clip: 'c-slt-calm-3', atSec: 17 },
      ],
      { durationSec: 22, sampleRateHz: 16000 },
    );
    writeStereoWav(join(folder, CARLA), unsure);
    s = await openApp('');
    await s.page.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('names the agents and dates the calls by their file names, and scores the folder', async () => {
    await s.page.click('#open-agents');
    await s.page.fill('#agent-pattern', '{agent}_{date}_*');
    await s.page.click('#agent-pattern-save');
    await expect.poll(() => s.page.locator('#agent-pattern-status').innerText()).toMatch(/^Saved/);
    await s.page.click('#agents-back');
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.click('#open-folder')]);
    await chooser.setFiles(folder);
    await s.page.waitForSelector('#queue-table');
    await allScored();
    expect((await rows()).map((r) => r.name).sort()).toEqual([ANNA, BEN, CARLA]);
  });

  it('flags an unsure agent side in the queue and under the headline', async () => {
    expect((await row(CARLA))?.sideUnsure).toBe(true);
    expect((await row(ANNA))?.sideUnsure).toBe(false);
    expect((await row(BEN))?.sideUnsure).toBe(false);
    await shot('coach-day-1-queue-unsure');
    await s.page.locator('#queue-table tbody tr', { hasText: CARLA }).click();
    await s.page.waitForSelector('#scorecard');
    expect(await s.page.locator('#side-unsure').innerText()).toMatch(/only a guess, and an unsure one/);
    expect(await s.page.locator('#side-control').innerText()).toMatch(/guessed · unsure/i);
    await shot('coach-day-2-headline-unsure');
    await s.page.click('#queue-return');
    await s.page.waitForSelector('#queue-table');
  });

  let scoreBefore = '';
  let scoreAfter = '';
  let summaryBefore: Record<string, string> = {};

  it('a correction changes the queue row, the agent’s page and the exported summary', async () => {
    scoreBefore = (await row(ANNA))?.score ?? '';
    summaryBefore = (await summary()).get(ANNA) ?? {};
    expect(summaryBefore['compliance']).not.toBe('');
    // Anna's page before: her call as analysed
    await s.page.click('#queue-agents');
    await s.page.click('#agent-list [data-agent="anna"]');
    await expect.poll(async () => (await agentCalls())[0]?.[2]).toBe(scoreBefore);
    expect((await agentCalls())[0]?.[0]).toBe('2 Nov 2026 · the file name');
    await s.page.click('#agents-queue');

    // the review: the talk-over that spoiled the first peak was a backchannel
    await s.page.locator('#queue-table tbody tr', { hasText: ANNA }).click();
    await s.page.waitForSelector('#scorecard');
    await s.page.click('#event-list .event-item[data-kind="interruptionAtPeak"]');
    if ((await s.page.getAttribute('#play', 'aria-label')) === 'Pause') await s.page.click('#play');
    await s.page.click('#mark-wrong-open');
    await s.page.selectOption('#wrong-reason', 'otherKind');
    await s.page.click('#mark-wrong');
    await s.page.waitForSelector('#coach-badge');
    scoreAfter = (await s.page.locator('#score-compliance .stat-value').innerText())
      .replace(/^\D+/, '')
      .trim();
    expect(scoreAfter).not.toBe(scoreBefore);

    // the queue counts it corrected
    await s.page.click('#queue-return');
    await s.page.waitForSelector('#queue-table');
    await expect.poll(async () => (await row(ANNA))?.score).toBe(scoreAfter);
    await shot('coach-day-3-queue-corrected');
    // the folder's summary too: one talk-over at a peak less, the compliance the review shows
    const corrected = (await summary()).get(ANNA) ?? {};
    expect(Number(corrected['interruptionsAtPeak'])).toBe(Number(summaryBefore['interruptionsAtPeak']) - 1);
    expect(`${Math.round(Number(corrected['compliance']) * 100)} %`).toBe(scoreAfter);
    expect(`${Math.round(Number(summaryBefore['compliance']) * 100)} %`).toBe(scoreBefore);
    // and Anna's page
    await s.page.click('#queue-agents');
    await s.page.click('#agent-list [data-agent="anna"]');
    await expect.poll(async () => (await agentCalls())[0]?.[2]).toBe(scoreAfter);
  });

  it('shows no trend for an agent with one call, and says so', async () => {
    await s.page.click('#agent-list [data-agent="carla"]');
    await expect.poll(() => s.page.locator('#agent-detail-title').innerText()).toBe('carla');
    expect(await s.page.locator('#agent-no-trend').innerText()).toBe(
      'One call so far: no trend from one call. Its numbers are below.',
    );
    expect(await s.page.locator('#agent-detail .trend-canvas').count()).toBe(0);
    expect(await s.page.locator('#agent-detail canvas').count()).toBe(0);
    // the numbers are there, as a table
    expect(await s.page.locator('#trend-table-compliance tbody tr').count()).toBe(1);
    await shot('coach-day-4-one-call-no-trend');
  });

  it('after a reload, reopens the folder from the start screen, from the cache, still corrected', async () => {
    await s.page.reload();
    await s.page.waitForSelector('#recent-folders .recent-open');
    const offered = await s.page.locator('#recent-folders .recent-open').first().innerText();
    expect(offered).toMatch(/3 calls/);
    await shot('coach-day-5-recent-folder');
    await s.page.click('#recent-folders .recent-open');
    await s.page.waitForSelector('#queue-table');
    await allScored();
    expect(await s.page.getAttribute('#queue-table', 'data-analyses')).toBe('0');
    expect((await row(ANNA))?.score).toBe(scoreAfter);
    expect((await row(CARLA))?.sideUnsure).toBe(true);
  });

  it('exports truth that never labels one moment twice (a backchannel replaced by an added interruption)', async () => {
    expect(backchannel).toBeDefined();
    const bc = backchannel as { start: number; end: number };
    await s.page.locator('#queue-table tbody tr', { hasText: ANNA }).click();
    await s.page.waitForSelector('#scorecard');
    // the coach hears the "mm hmm" as a talk-over: an interruption added over it, the backchannel not marked
    await s.page.locator('#scrubber').fill(String((bc.start + bc.end) / 2));
    await s.page.click('#add-missed');
    await s.page.selectOption('#missed-type', 'interruption');
    await s.page.fill('#missed-start', bc.start.toFixed(1));
    await s.page.fill('#missed-end', bc.end.toFixed(1));
    await s.page.click('#missed-add');
    await s.page.waitForSelector('#event-list .event-struck[data-kind="backchannel"]');
    expect(await s.page.locator('#event-list .event-struck[data-kind="backchannel"]').innerText()).toMatch(
      /Replaced by the interruption the coach added/,
    );
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.click('#export-truth')]);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      events: { type: string; start: number; end: number }[];
    };
    const onsets = file.events.filter((e) => ['interruption', 'backchannel', 'response'].includes(e.type));
    const twice = onsets.filter((a, i) => onsets.some((b, j) => j > i && a.start < b.end && b.start < a.end));
    expect(twice).toEqual([]);
    expect(file.events.some((e) => e.type === 'backchannel' && e.start < bc.end && bc.start < e.end)).toBe(
      false,
    );
    expect(file.events.some((e) => e.type === 'interruption' && e.start < bc.end && bc.start < e.end)).toBe(
      true,
    );
    expect(s.errors).toEqual([]);
  });
});
