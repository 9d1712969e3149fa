/**
 * The review reads at a glance, at 1440, 1000 and 800 px wide, in Debian's Chromium (web mode): no
 * sideways scroll (the chart follows the window), the headline names the failed peaks and what went wrong
 * (from the demo call's script, assets/demo/demo-call.truth.json), and the selected event's explanation is
 * in view, in readable text, after a click on the list or on a mark. Then a 4-minute call (the benchmark's
 * composer) at the same widths. Screenshots land in test-results/e2e/ for a person to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eReady, openApp, type AppSession } from '../../scripts/app-harness.js';
import { makeBenchCall } from '../../scripts/make-bench-call.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(REPO, 'test-results', 'e2e');
const WIDTHS = [1440, 1000, 800] as const;
const HEIGHT = 900;

interface Truth {
  events: { type: string; start: number; end: number; atPeak?: boolean }[];
}
const truth = JSON.parse(readFileSync(join(REPO, 'assets/demo/demo-call.truth.json'), 'utf8')) as Truth;
const count = (type: string, atPeak?: boolean) =>
  truth.events.filter((e) => e.type === type && (atPeak === undefined || e.atPeak === atPeak)).length;

/** WCAG 2.1 contrast of two CSS `rgb(…)` colours (what getComputedStyle gives). */
function contrast(a: string, b: string): number {
  const lum = (css: string): number => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** What the code run in the page uses of its globals (the e2e files are checked without the DOM library). */
interface PageElement {
  parentElement: PageElement | null;
  dataset: Record<string, string>;
}
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { scrollTo(x: number, y: number): void };
declare function getComputedStyle(el: PageElement): {
  fontSize: string;
  color: string;
  backgroundColor: string;
  textDecorationLine: string;
};

const ready = e2eReady();

describe.skipIf(!ready)('the review’s layout at 1440, 1000 and 800 px (Chromium, web mode)', () => {
  let s: AppSession;
  let tmp = '';

  const shot = (name: string) => s.page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const atWidth = async (width: number) => {
    await s.page.setViewportSize({ width, height: HEIGHT });
    // the chart redraws on resize (Chart.js observes its box): wait until it fits
    await expect
      .poll(() => s.page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5000 })
      .toBeLessThanOrEqual(width);
  };
  /** The explanation box is on screen, whole, in text of at least 14 px and 4.5:1 contrast. */
  const expectDetailReadable = async () => {
    const box = await s.page.locator('#event-detail').boundingBox();
    expect(box).not.toBeNull();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(HEIGHT);
    const style = await s.page
      .locator('#event-detail p')
      .first()
      .evaluate((el: PageElement) => {
        const cs = getComputedStyle(el);
        let bg = 'rgba(0, 0, 0, 0)';
        for (
          let n: PageElement | null = el;
          n && /rgba\(0, 0, 0, 0\)|transparent/.test(bg);
          n = n.parentElement
        )
          bg = getComputedStyle(n).backgroundColor;
        return { size: parseFloat(cs.fontSize), color: cs.color, bg };
      });
    expect(style.size).toBeGreaterThanOrEqual(14);
    expect(contrast(style.color, style.bg)).toBeGreaterThanOrEqual(4.5);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'softspoken-layout-'));
    s = await openApp('');
    await s.page.setViewportSize({ width: 1440, height: HEIGHT });
    await s.page.click('#open-demo');
    await s.page.waitForSelector('#scorecard', { timeout: 90_000 });
    await s.page.waitForSelector('#timeline canvas');
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('names the failed peaks and what went wrong at each in the headline', async () => {
    // the demo's script: 3 peaks; one talked over, one answered in a raised voice, one complied with
    expect(count('customerPeak')).toBe(3);
    expect(await s.page.locator('#score-headline').innerText()).toBe('2 of 3 peaks not complied:');
    const chips = await s.page.locator('#score-compliance .peak-chip').allInnerTexts();
    expect(chips).toHaveLength(count('customerPeak') - 1);
    expect(chips.filter((c) => /^P[1-3] .*talked over/.test(c))).toHaveLength(count('interruption', true));
    expect(chips.filter((c) => /^P[1-3] .*raised reply/.test(c))).toHaveLength(count('raisedVoice'));
    // the median wait is never green on a call that failed its peaks
    expect(await s.page.locator('#score-wait').getAttribute('class')).not.toMatch(/good/);
  });

  for (const width of WIDTHS) {
    it(`fits ${width} px: no sideways scroll, the chart and its controls inside the window`, async () => {
      await atWidth(width);
      expect(await s.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      for (const selector of ['#timeline canvas', '#zoom-fit', '#scorecard', '#event-list']) {
        const box = await s.page.locator(selector).boundingBox();
        expect((box?.x ?? 0) + (box?.width ?? Infinity), selector).toBeLessThanOrEqual(width);
      }
      await s.page.evaluate(() => window.scrollTo(0, 0));
      await shot(`layout-demo-${width}`);
    });

    it(`shows the explanation of an event picked in the list, in view, at ${width} px`, async () => {
      await atWidth(width);
      await s.page.locator('#event-list .event-item[data-kind="interruptionAtPeak"]').click();
      await s.page.click('#play'); // pause: a playing call keeps moving the page's focus of interest
      await expectDetailReadable();
      expect(await s.page.locator('#event-detail').innerText()).toMatch(/Interruption at a peak/);
      await shot(`layout-demo-${width}-list-pick`);
    });

    it(`shows the explanation of a mark clicked on the chart, in view, at ${width} px`, async () => {
      await atWidth(width);
      await s.page.click('#zoom-fit');
      await s.page.locator('#timeline').scrollIntoViewIfNeeded();
      const data = await s.page.locator('#timeline').evaluate((el: PageElement) => ({ ...el.dataset }));
      const [left, right, from, to, lanesTop] = [
        'plotLeft',
        'plotRight',
        'viewFrom',
        'viewTo',
        'lanesTop',
      ].map((k) => Number(data[k])) as [number, number, number, number, number];
      const backchannel = truth.events.find((e) => e.type === 'backchannel');
      const x = left + (((backchannel?.start ?? 0) - from) / (to - from)) * (right - left);
      await s.page.locator('#timeline canvas').click({ position: { x, y: lanesTop + 9 } });
      if ((await s.page.getAttribute('#play', 'aria-label')) === 'Pause') await s.page.click('#play');
      await expectDetailReadable();
      expect(await s.page.locator('#event-detail').innerText()).toMatch(/Backchannel/);
      await shot(`layout-demo-${width}-mark-pick`);
    });
  }

  it('keeps the filter chip that is off readable, not struck through', async () => {
    const chip = s.page.locator('.chip[data-group="replies"]');
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    const style = await chip.evaluate((el: PageElement) => {
      const cs = getComputedStyle(el);
      return { line: cs.textDecorationLine, color: cs.color, bg: cs.backgroundColor };
    });
    expect(style.line).not.toContain('line-through');
    expect(contrast(style.color, style.bg)).toBeGreaterThanOrEqual(4.5);
  });

  it('describes the chart in words: a summary and a table of the peaks and events', async () => {
    const canvas = s.page.locator('#timeline canvas');
    const describedBy = await canvas.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    const summary = await s.page.locator(`#${describedBy ?? 'none'}`).textContent();
    expect(summary).toMatch(/The customer peaked 3 times: P1 at \d:\d\d, P2 at \d:\d\d, P3 at \d:\d\d\./);
    await s.page.click('#timeline-text summary');
    const rows = await s.page.locator('#timeline-text tbody tr').count();
    expect(rows).toBe(await s.page.locator('#event-list .event-item').count());
  });

  it('reads a 4-minute call at every width: no sideways scroll, each failed peak named', async () => {
    const call = join(tmp, 'call-4min.wav');
    makeBenchCall({ minutes: 4, out: call, seed: 42 });
    await s.page.click('#back');
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.click('#open-call')]);
    await chooser.setFiles(call);
    await s.page.waitForSelector('#scorecard', { timeout: 120_000 });
    const failed = await s.page.locator('#peaks-table tbody tr', { hasText: 'not complied' }).count();
    expect(await s.page.locator('#score-compliance .peak-chip').count()).toBe(failed);
    for (const width of WIDTHS) {
      await atWidth(width);
      await s.page.evaluate(() => window.scrollTo(0, 0));
      await shot(`layout-4min-${width}`);
    }
  }, 180_000);
});
