import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderThresholdDocs, THRESHOLDS_DOC } from '../../scripts/threshold-docs.js';
import { RULE_TABLE } from '../../src/engine/rules.js';
import { SETTING_NAMES, SETTING_TABLE } from '../../src/engine/settings.js';

describe('docs/thresholds.md', () => {
  it('is what the settings and rule tables make (run `npm run docs` after changing them)', async () => {
    expect(readFileSync(THRESHOLDS_DOC, 'utf8')).toBe(await renderThresholdDocs());
  });

  it('has a row for every setting and every rule constant, with its value', () => {
    const doc = readFileSync(THRESHOLDS_DOC, 'utf8');
    const row = (name: string): string | undefined =>
      doc.split('\n').find((line) => line.startsWith(`| \`${name}\` `));
    for (const name of SETTING_NAMES) {
      const spec = SETTING_TABLE[name];
      expect(row(name), name).toMatch(new RegExp(`^\\| \`${name}\` +\\| \`${String(spec.default)}\` +\\|`));
      expect(row(name), name).toContain(spec.meaning);
    }
    for (const [name, spec] of Object.entries(RULE_TABLE)) {
      expect(row(name), name).toMatch(
        new RegExp(
          `^\\| \`${name}\` +\\| ${String(spec.value)} +\\| ${spec.unit.replace(/[()]/g, '\\$&')} +\\|`,
        ),
      );
    }
  });

  it('is linked from docs/algorithms.md', () => {
    expect(readFileSync(new URL('../../docs/algorithms.md', import.meta.url), 'utf8')).toContain(
      '(thresholds.md)',
    );
  });
});
