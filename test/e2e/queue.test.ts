/**
 * The queue of calls end to end, in web mode, in Debian's Chromium: a folder of the project's own fixture
 * calls (three formats), a mono recording and a text file named like a recording is opened with the folder picker; every
 * file gets a row, the calls are scored in the background, the table sorts worst first and by a clicked
 * column, the bad file shows the engine's reason; a row opens its review, `n` goes to the next call, the
 * Queue button goes back; after a reload the same folder opens from the cache (no analysis runs); more than
 * two files dropped at once make a queue too. Screenshots land in test-results/e2e/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eReady, offOrigin, openApp, type AppSession } from '../../scripts/app-harness.js';
import { queueRows, type QueueRowText } from './queue-rows.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(REPO, 'test-results', 'e2e');
/** The folder's calls: file name in the folder → fixture. */
const CALLS: Record<string, string> = {
  'e2e-call.wav': join(REPO, 'test/fixtures/calls/e2e-call.wav'),
  'demo-call.wav': join(REPO, 'assets/demo/demo-call.wav'),
  'call.mp3': join(REPO, 'test/fixtures/codecs/call.mp3'),
  'call.m4a': join(REPO, 'test/fixtures/codecs/call.m4a'),
};
const BAD = 'notes.wav';
/** A mono recording: one side of a call, which a queue (one file, one call) cannot analyse. */
const MONO = 'mono.wav';
const FAILING = [BAD, MONO];
const ALL = [...Object.keys(CALLS), ...FAILING];

type Row = QueueRowText;

const ready = e2eReady();

describe.skipIf(!ready)('the queue of calls in Chromium (web mode)', () => {
  let s: AppSession;
  let folder: string;

  const shot = (name: string) => s.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const rows = (): Promise<Row[]> => queueRows(s.page);
  const settled = async (): Promise<Row[]> => {
    await expect
      .poll(async () => (await rows()).filter((r) => r.state === 'done' || r.state === 'failed').length, {
        timeout: 240_000,
        interval: 500,
      })
      .toBe(ALL.length);
    return rows();
  };
  const sortOf = async (): Promise<[string | null, string | null]> => {
    const th = s.page.locator('#queue-table th[aria-sort]');
    return (await th.count()) === 1
      ? [await th.getAttribute('data-column'), await th.getAttribute('aria-sort')]
      : [null, null];
  };
  const openFolder = async () => {
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.click('#open-folder')]);
    await chooser.setFiles(folder);
    await s.page.waitForSelector('#queue-table');
  };
  const percent = (score: string) => Number(score.replace(/\s*%$/, ''));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    folder = mkdtempSync(join(tmpdir(), 'softspoken-queue-'));
    for (const [name, file] of Object.entries(CALLS)) copyFileSync(file, join(folder, name));
    writeFileSync(join(folder, BAD), 'these are meeting notes, not audio\n'.repeat(20));
    copyFileSync(join(REPO, 'test/fixtures/voices', monoClip()), join(folder, MONO));
    writeFileSync(join(folder, 'README.txt'), 'not a call: left out of the queue\n');
    s = await openApp('');
    await s.page.setViewportSize({ width: 1440, height: 900 });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('opens a folder: every audio file gets a row, scored in the background with progress', async () => {
    await s.page.waitForSelector('#open-folder');
    expect(await s.page.locator('#open-folder').innerText()).toBe('Open a folder…');
    await openFolder();
    const first = await rows();
    expect(first.map((r) => r.name).sort()).toEqual([...ALL].sort());
    // four workers at most (two on this machine): some calls wait while others are analysed
    await expect
      .poll(async () => (await rows()).some((r) => /^analyzing( again)? \d+ %$/.test(r.status)), {
        timeout: 60_000,
        interval: 100,
      })
      .toBe(true);
    await shot('queue-1-analyzing');
    // the coach opens a call still waiting its turn (read and clicked in one task of the page, so it is
    // still waiting when clicked): it is analysed first, its progress on screen, then its review
    const waiting = (await s.page.evaluate(
      `(() => {
        const failing = ${JSON.stringify(FAILING)};
        const rows = [...document.querySelectorAll('#queue-table tbody tr[data-state="queued"]')].filter(
          (tr) => !failing.includes(tr.querySelector('.queue-name').textContent),
        );
        const last = rows.at(-1);
        if (!last) return null;
        last.click();
        return last.querySelector('.queue-name').textContent;
      })()`,
    )) as string | null;
    // four workers at most: with two cores (this machine) at least one good call waits its turn
    expect(waiting).not.toBeNull();
    await s.page.waitForSelector('#analysis-progress');
    expect(await s.page.locator('.status-card').innerText()).toMatch(/Analysed first/);
    // (generous: other suites may share this machine's two cores with the three workers running now)
    await s.page.waitForSelector('#scorecard', { timeout: 180_000 });
    expect(await s.page.locator('#topbar-call').innerText()).toContain(waiting);
    await s.page.click('#queue-return');
    await s.page.waitForSelector('#queue-table');
    // back in the table, the call just reviewed has the focus
    expect(await s.page.evaluate('document.activeElement?.textContent')).toContain(waiting);
    const done = await settled();
    for (const row of done.filter((r) => !FAILING.includes(r.name))) {
      expect(row.status).toBe('done');
      expect(row.score).toMatch(/^(\d+ %|–)$/);
      expect(row.problems).not.toBe('');
    }
    expect(Number(await s.page.getAttribute('#queue-table', 'data-analyses'))).toBeGreaterThanOrEqual(
      Object.keys(CALLS).length,
    );
    expect(await s.page.locator('#queue-counts').innerText()).toBe('6 calls · 4 scored · 2 failed');
    await shot('queue-2-scored');
  }, 600_000);

  it('shows why a file failed, in the engine’s words, and sorts the failed last', async () => {
    const all = await rows();
    const bad = all.find((r) => r.name === BAD);
    expect(bad?.status).toBe('failed');
    expect(bad?.problems).toMatch(/^not an audio file SoftSpoken can read \(it is text\)/);
    const mono = all.find((r) => r.name === MONO);
    expect(mono?.status).toBe('failed');
    expect(mono?.problems).toMatch(/^mono\.wav is mono: a call needs two channels/);
    expect(all.slice(-2).map((r) => r.name)).toEqual([MONO, BAD]);
  });

  it('sorts worst first by default: the lowest compliance on top, failed last', async () => {
    expect(await sortOf()).toEqual(['score', 'ascending']);
    const all = await rows();
    const scored = all.filter((r) => /%$/.test(r.score)).map((r) => percent(r.score));
    expect(scored.length).toBeGreaterThan(0);
    expect(scored).toEqual([...scored].sort((a, b) => a - b));
    // the scored calls come before those with nothing to judge, which come before the failed one
    const kinds = all.map((r) => (r.state === 'failed' ? 2 : /%$/.test(r.score) ? 0 : 1));
    expect(kinds).toEqual([...kinds].sort((a, b) => a - b));
    // the demo call complies with 1 of its 3 peaks (assets/demo/demo-call.truth.json): 33 %, 2 failed
    const demo = all.find((r) => r.name === 'demo-call.wav');
    expect(demo?.score).toBe('33 %');
    expect(demo?.problems).toMatch(/2 of 3 peaks not complied/);
  });

  it('sorts by a clicked column, and the other way on a second click', async () => {
    await s.page.click('#queue-table th[data-column="name"] button');
    expect(await sortOf()).toEqual(['name', 'ascending']);
    const names = (await rows()).map((r) => r.name);
    expect(names).toEqual([...ALL].sort((a, b) => a.localeCompare(b)));
    await s.page.click('#queue-table th[data-column="name"] button');
    expect(await sortOf()).toEqual(['name', 'descending']);
    expect((await rows()).map((r) => r.name)).toEqual([...names].reverse());
    await shot('queue-3-by-name');
    await s.page.click('#queue-table th[data-column="score"] button');
    expect(await sortOf()).toEqual(['score', 'ascending']);
  });

  it('opens a row’s review; n goes to the next call, p back, the Queue button to the table', async () => {
    const order = (await rows()).map((r) => r.name);
    await s.page.click('#queue-table tbody tr:first-child');
    await s.page.waitForSelector('#scorecard');
    expect(await s.page.locator('#topbar-call').innerText()).toContain(order[0]);
    expect(await s.page.locator('#queue-position').innerText()).toBe(`Call 1 of ${ALL.length}`);
    // one way back to the table, named once: the queue's bar has it, the review's bar none
    expect(await s.page.locator('#queue-return').innerText()).toBe('☰ Queue');
    expect(await s.page.locator('#back').count()).toBe(0);
    await shot('queue-4-review');
    // read far down the call, then the next one: it opens at its top
    await s.page.evaluate('window.scrollTo(0, document.scrollingElement.scrollHeight)');
    expect(await s.page.evaluate('window.scrollY')).toBeGreaterThan(200);
    await s.page.locator('#view').focus({ preventScroll: true } as never);
    await s.page.keyboard.press('n');
    await expect.poll(() => s.page.locator('#queue-position').innerText()).toBe(`Call 2 of ${ALL.length}`);
    await s.page.waitForSelector('#scorecard');
    expect(await s.page.evaluate('window.scrollY')).toBe(0);
    expect(await s.page.locator('#topbar-call').innerText()).toContain(order[1]);
    await s.page.keyboard.press('p');
    await expect.poll(() => s.page.locator('#queue-position').innerText()).toBe(`Call 1 of ${ALL.length}`);
    await s.page.click('#queue-next');
    await expect.poll(() => s.page.locator('#queue-position').innerText()).toBe(`Call 2 of ${ALL.length}`);
    await s.page.click('#queue-return');
    await s.page.waitForSelector('#queue-table');
    expect((await rows()).map((r) => r.name)).toEqual(order);
  });

  it('opens a row with Enter, and a failed row shows its reason', async () => {
    const order = (await rows()).map((r) => r.name);
    await s.page.locator(`#queue-table tbody tr:nth-child(${order.indexOf(BAD) + 1})`).focus();
    await s.page.keyboard.press('Enter');
    await s.page.waitForSelector('#error-message');
    expect(await s.page.locator('#error-message').innerText()).toMatch(/it is text/);
    await s.page.click('#error-back');
    await s.page.waitForSelector('#queue-table');
  });

  it('after a reload, the same folder opens from the cache at once: no analysis runs', async () => {
    await s.page.reload();
    await s.page.waitForSelector('#open-folder');
    await openFolder();
    const all = await settled();
    for (const row of all.filter((r) => !FAILING.includes(r.name))) expect(row.status).toBe('done · cached');
    // the only analyses are the failed files' (a failure is not cached: it is tried again)
    expect(await s.page.getAttribute('#queue-table', 'data-analyses')).toBe(String(FAILING.length));
    await shot('queue-5-cached');
    // a narrow window: the table fits, the page does not scroll sideways
    await s.page.setViewportSize({ width: 800, height: 900 });
    expect(
      await s.page.evaluate('document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth'),
    ).toBe(true);
    await shot('queue-6-800px');
    await s.page.setViewportSize({ width: 1440, height: 900 });
    // a cached call opens without a progress screen and plays the file itself
    const progressShown = s.page
      .waitForSelector('#analysis-progress', { timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    await s.page.click('#queue-table tbody tr:first-child');
    await s.page.waitForSelector('#scorecard');
    expect(await progressShown).toBe(false);
    await s.page.click('#queue-return');
    await s.page.waitForSelector('#queue-table');
  });

  it('makes a queue of more than two files dropped at once', async () => {
    await s.page.click('#home-link');
    await s.page.waitForSelector('#open-queue');
    await s.page.evaluate(
      `(() => {
        const data = new DataTransfer();
        for (const name of ['a.wav', 'b.wav', 'c.wav'])
          data.items.add(new File([new Uint8Array(64)], name, { type: 'audio/wav' }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      })()`,
    );
    await s.page.waitForSelector('#queue-table');
    await expect.poll(async () => (await rows()).map((r) => r.name)).toEqual(['a.wav', 'b.wav', 'c.wav']);
  });

  it('made no request outside its own origin and logged no error', () => {
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
