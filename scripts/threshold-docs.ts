/**
 * docs/thresholds.md, made from the two tables every threshold lives in: the settings
 * (src/engine/settings.ts, SETTING_TABLE) and the rule constants (src/engine/rules.ts, RULE_TABLE).
 * `npm run docs` writes it; test/scripts/threshold-docs.test.ts fails when the committed file differs
 * from what the tables make, so the docs cannot drift from the code.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { RULE_GROUPS, RULE_TABLE, type RuleName } from '../src/engine/rules.js';
import { SETTING_NAMES, SETTING_TABLE, type SettingGroup } from '../src/engine/settings.js';

export const THRESHOLDS_DOC = fileURLToPath(new URL('../docs/thresholds.md', import.meta.url));

const SETTING_GROUPS: readonly SettingGroup[] = [
  'Voice activity',
  'Loudness and baselines',
  'Overlap',
  'Verdicts',
];

/** A table cell: no line breaks, pipes escaped. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function settingsSection(): string[] {
  const out: string[] = ['## Settings', ''];
  out.push(
    'Each can be changed for a call: `softspoken settings` prints the defaults as JSON, `--settings FILE`',
    'reads any subset of them and `--set NAME=VALUE` changes one; a value out of its range is refused with',
    'a message naming it. The scorecard lists the ones a coach needs to read the verdicts.',
    '',
  );
  for (const group of SETTING_GROUPS) {
    const names = SETTING_NAMES.filter((n) => SETTING_TABLE[n].group === group);
    out.push(`### ${group}`, '');
    out.push(
      ...table(
        ['Setting', 'Default', 'Unit', 'Range', 'Meaning', 'Why this default'],
        names.map((name) => {
          const s = SETTING_TABLE[name];
          const range =
            s.kind === 'level' ? `over ${s.min}, under ${s.max}, or \`null\`` : `${s.min} to ${s.max}`;
          return [`\`${name}\``, `\`${String(s.default)}\``, s.unit, range, s.meaning, s.why];
        }),
      ),
      '',
    );
  }
  return out;
}

function rulesSection(): string[] {
  const out: string[] = ['## Rule constants', ''];
  out.push(
    "Fixed in the code (`src/engine/rules.ts`; the engine and a coach's corrected report read them from",
    'there): each with its value, its unit and why it is that number. A frame is 32 ms, a sub-frame 8 ms;',
    'a power ratio of 2.5 is 4 dB.',
    '',
  );
  const names = Object.keys(RULE_TABLE) as RuleName[];
  for (const group of RULE_GROUPS) {
    const inGroup = names.filter((n) => RULE_TABLE[n].group === group);
    if (inGroup.length === 0) continue;
    out.push(`### ${group}`, '');
    out.push(
      ...table(
        ['Constant', 'Value', 'Unit', 'Why'],
        inGroup.map((name) => {
          const r = RULE_TABLE[name];
          return [`\`${name}\``, String(r.value), r.unit, r.why];
        }),
      ),
      '',
    );
  }
  return out;
}

/** The page as the tables make it (before formatting). */
export function thresholdsMarkdown(): string {
  return [
    '<!-- Made by `npm run docs` (scripts/threshold-docs.ts) from src/engine/settings.ts and src/engine/rules.ts: edit those, not this file. -->',
    '',
    '# Every threshold',
    '',
    'Every number a judgement rests on is in one of two tables: the **settings**, which a user may change',
    'per call, and the **rule constants**, fixed in the code. [How SoftSpoken decides](algorithms.md) says',
    'how each rule uses them.',
    '',
    ...settingsSection(),
    ...rulesSection(),
  ].join('\n');
}

/** The page formatted as the repository's Prettier formats it (what `npm run lint` checks). */
export async function renderThresholdDocs(): Promise<string> {
  const options = (await prettier.resolveConfig(THRESHOLDS_DOC)) ?? {};
  return prettier.format(thresholdsMarkdown(), { ...options, filepath: THRESHOLDS_DOC });
}

async function main(): Promise<void> {
  const text = await renderThresholdDocs();
  let old = '';
  try {
    old = readFileSync(THRESHOLDS_DOC, 'utf8');
  } catch {
    // first time: written below
  }
  if (old === text) {
    console.log('docs/thresholds.md is up to date');
    return;
  }
  writeFileSync(THRESHOLDS_DOC, text);
  console.log('docs/thresholds.md written from the settings and rule tables');
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
