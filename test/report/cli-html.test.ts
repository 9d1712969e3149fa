/**
 * `softspoken analyze --html`: the compiled CLI (dist/, as users run it; `npm run build` first) writes the
 * HTML report of a call, and one NAME.html per call for a folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStereoWav } from '../../scripts/scene/compose.js';
import { buildEventList, DEFAULT_EVENT_GROUPS, filterEvents } from '../../src/report/presentation.js';
import type { Report } from '../../src/report/schema.js';
import { callWithPeak, cli, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-html-'));
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/report/html.js')))
    throw new Error("dist/ has no HTML report: run 'npm run build' first");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('softspoken analyze --html', () => {
  it('writes a standalone HTML report next to the JSON report', async () => {
    const call = join(dir, 'peak & <call>.wav');
    writeStereoWav(call, callWithPeak());
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const run = await cli(['analyze', call, '--json', json, '--html', html]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`html report: ${html}`);
    const page = readFileSync(html, 'utf8');
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script|https?:\/\//i);
    expect(page).toContain('peak &amp; &lt;call&gt;.wav');
    expect(report.events.some((e) => e.type === 'customerPeak')).toBe(true);
    for (const e of filterEvents(buildEventList(report), DEFAULT_EVENT_GROUPS))
      expect(page).toContain(`data-id="${e.id}"`);
  });

  it('writes NAME.html for each call of a folder', async () => {
    const calls = join(dir, 'calls');
    const out = join(dir, 'reports');
    mkdirSync(calls);
    writeStereoWav(join(calls, 'monday.wav'), callWithPeak());
    const run = await cli(['analyze', calls, '--out-dir', out, '--quiet']);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'monday.csv',
      'monday.html',
      'monday.json',
      'monday.labels.txt',
      'monday.rttm',
      'summary.csv',
    ]);
    expect(readFileSync(join(out, 'monday.html'), 'utf8')).toContain('Call review: monday.wav');
  });

  it('lists --html in the help', async () => {
    const run = await cli(['--help']);
    expect(run.stdout).toMatch(/^\s+--html FILE\s/m);
  });
});
