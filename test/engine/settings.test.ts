import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  resolveSettings,
  SETTING_NAMES,
  SETTING_TABLE,
  type Settings,
} from '../../src/engine/settings.js';

const numeric = SETTING_NAMES.filter((n) => SETTING_TABLE[n].kind === 'number');
const levels = SETTING_NAMES.filter((n) => SETTING_TABLE[n].kind === 'level');

describe('the settings table', () => {
  it('makes the defaults: every setting, in the table order, frozen', () => {
    expect(Object.keys(DEFAULT_SETTINGS)).toEqual(SETTING_NAMES);
    for (const name of SETTING_NAMES) expect(DEFAULT_SETTINGS[name]).toBe(SETTING_TABLE[name].default);
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(resolveSettings()).toEqual({ ...DEFAULT_SETTINGS });
    // the two level seeds are the only settings that may be null, and the only ones measured by default
    expect(levels).toEqual(['customerCalmDb', 'agentNormalDb']);
    expect(SETTING_NAMES.filter((n) => DEFAULT_SETTINGS[n] === null)).toEqual(levels);
  });

  it('gives every setting a unit, a range holding its default, a meaning and a reason', () => {
    for (const name of SETTING_NAMES) {
      const s = SETTING_TABLE[name];
      expect(s.min, name).toBeLessThan(s.max);
      if (s.default !== null) {
        expect(s.default, name).toBeGreaterThanOrEqual(s.min);
        expect(s.default, name).toBeLessThanOrEqual(s.max);
      }
      expect(s.meaning.length, name).toBeGreaterThan(10);
      expect(s.why.length, name).toBeGreaterThan(20);
      // the unit the name carries (the project's naming rule: …Ms, …Sec, …Db)
      const suffix = name.endsWith('Ms')
        ? 'ms'
        : name.endsWith('Sec')
          ? 's'
          : name.endsWith('Db')
            ? 'dB'
            : null;
      if (suffix !== null) expect(s.unit, name).toBe(suffix);
    }
  });

  it.for(numeric)('accepts %s from its min to its max and refuses just outside, naming it', (name) => {
    const { min, max } = SETTING_TABLE[name];
    // vadOffThreshold must not exceed vadOnThreshold: test each against the other's extreme
    const other: Partial<Settings> =
      name === 'vadOffThreshold'
        ? { vadOnThreshold: 1 }
        : name === 'vadOnThreshold'
          ? { vadOffThreshold: 0 }
          : {};
    for (const value of [min, max]) expect(resolveSettings({ ...other, [name]: value })[name]).toBe(value);
    const step = (max - min) / 1000;
    for (const value of [min - step, max + step, NaN, Infinity, '1', null]) {
      expect(() => resolveSettings({ [name]: value })).toThrow(
        new RangeError(`${name} must be a number from ${min} to ${max}, not ${String(value)}`),
      );
    }
  });

  it.for(levels)('accepts %s as null or a level strictly inside its range', (name) => {
    expect(resolveSettings({ [name]: null })[name]).toBeNull();
    expect(resolveSettings({ [name]: -30.5 })[name]).toBe(-30.5);
    for (const value of [-100, 0, 3, -120, NaN, 'loud']) {
      expect(() => resolveSettings({ [name]: value })).toThrow(
        new RangeError(`${name} must be a level in dB between -100 and 0 (or null), not ${String(value)}`),
      );
    }
  });

  it('refuses an unknown setting and a stop threshold over the start one', () => {
    expect(() => resolveSettings({ loudnessWar: 1 })).toThrow(
      new RangeError("unknown setting 'loudnessWar'"),
    );
    expect(() => resolveSettings({ vadOnThreshold: 0.4, vadOffThreshold: 0.45 })).toThrow(
      new RangeError('vadOffThreshold (0.45) must not exceed vadOnThreshold (0.4)'),
    );
  });
});
