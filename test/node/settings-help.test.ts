import { describe, expect, it } from 'vitest';
import { SETTING_NAMES, SETTING_TABLE } from '../../src/engine/settings.js';
import { SETTINGS_HELP } from '../../src/node/settings-help.js';

describe('the settings in --help', () => {
  const lines = SETTINGS_HELP.split('\n');

  it('has one line per setting, in the table order, with its default, meaning, unit and range', () => {
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(SETTING_NAMES);
    SETTING_NAMES.forEach((name, i) => {
      const s = SETTING_TABLE[name];
      const line = lines[i] as string;
      expect(line).toMatch(new RegExp(`^  ${name} +${String(s.default).replace('.', '\\.')} +\\S`));
      expect(line).toContain(s.meaning);
      expect(line).toContain(`${s.min} to ${s.max}`);
      if (s.unit !== 'probability') expect(line).toContain(`[${s.unit}, `);
    });
  });

  it('reads as before for a known setting', () => {
    expect(lines).toContain(
      '  minSilenceMs            320    silence that ends an utterance [ms, 100 to 2000]',
    );
    expect(lines).toContain(
      "  customerCalmDb          null   seed for the customer's calm level (null: measured on the call) [dB, -100 to 0, or null]",
    );
  });
});
