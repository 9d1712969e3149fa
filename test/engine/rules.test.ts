import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_GROUPS, RULE_TABLE, RULES } from '../../src/engine/rules.js';

const source = (dir: string): string =>
  readdirSync(new URL(`../../${dir}/`, import.meta.url))
    .filter((f) => f.endsWith('.ts') && f !== 'rules.ts')
    .map((f) => readFileSync(new URL(`../../${dir}/${f}`, import.meta.url), 'utf8'))
    .join('\n');

describe('the rule constants', () => {
  it('are read from the table: every value, with a group, a unit and a reason', () => {
    expect(Object.keys(RULES)).toEqual(Object.keys(RULE_TABLE));
    for (const [name, spec] of Object.entries(RULE_TABLE)) {
      expect(RULES[name as keyof typeof RULES], name).toBe(spec.value);
      expect(RULE_GROUPS, name).toContain(spec.group);
      expect(spec.why.length, name).toBeGreaterThan(20);
    }
    expect(Object.isFrozen(RULES)).toBe(true);
  });

  it('are each used by the engine or the report (no constant is kept that no rule reads)', () => {
    const code = source('src/engine') + source('src/report');
    for (const name of Object.keys(RULE_TABLE)) expect(code, name).toContain(`RULES.${name}`);
  });

  it('say the 50 ms edge once, in seconds, and it is a whole number of samples at 8 kHz', () => {
    expect(RULES.edgeSec).toBe(0.05);
    expect(RULES.edgeSec * 8000).toBe(400);
  });
});
