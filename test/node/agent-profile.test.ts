import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LevelOrigin } from '../../src/engine/events.js';
import {
  AGENT_PROFILE_SCHEMA,
  AgentProfileError,
  type AgentProfile,
  profileAfterCall,
  readAgentProfile,
  writeAgentProfile,
} from '../../src/node/agent-profile.js';

const dir = mkdtempSync(join(tmpdir(), 'softspoken-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(dir, `profile-${n++}.json`);

const profile = (agentNormalDb: number, calls: number): AgentProfile => ({
  schema: AGENT_PROFILE_SCHEMA,
  agent: 'Anna',
  agentNormalDb,
  calls,
  updated: '2026-11-01T09:00:00.000Z',
});

/** The report's part that the update reads (the customer's calm level: -28 dB measured on the call, unless said). */
const report = (
  agentNormalDb: number | null,
  agentNormalFrom: LevelOrigin,
  customerCalmDb: number | null = -28,
  customerCalmFrom: LevelOrigin = 'call',
) => ({
  baselines: { customerCalmDb, customerCalmFrom, agentNormalDb, agentNormalFrom },
});

const NOW = new Date('2026-11-27T12:00:00.000Z');

describe('reading an agent profile', () => {
  it('a missing file is no profile yet, not an error', () => {
    expect(readAgentProfile(join(dir, 'nobody.json'))).toBeNull();
  });

  it('reads a valid profile, and one written by hand without a name or date', () => {
    const file = fresh();
    writeFileSync(file, JSON.stringify(profile(-31.2, 7)));
    expect(readAgentProfile(file)).toEqual(profile(-31.2, 7));
    writeFileSync(file, `{ "schema": "${AGENT_PROFILE_SCHEMA}", "agentNormalDb": -30, "calls": 0 }`);
    expect(readAgentProfile(file)).toMatchObject({ agent: null, agentNormalDb: -30, calls: 0 });
  });

  const bad: [string, string, RegExp][] = [
    ['invalid JSON', '{ "schema": ', /is not valid JSON/],
    ['not an object', '[1, 2]', /must hold a JSON object/],
    ['another schema', JSON.stringify({ ...profile(-30, 1), schema: 'softspoken.report/1' }), /schema/],
    ['no schema', JSON.stringify({ agentNormalDb: -30, calls: 1 }), /schema null/],
    ['a level above 0 dB', JSON.stringify(profile(3, 1)), /agentNormalDb .* -100 to 0 dB, not 3/],
    ['a level below -100 dB', JSON.stringify(profile(-140, 1)), /agentNormalDb .*not -140/],
    ['a level that is text', JSON.stringify({ ...profile(-30, 1), agentNormalDb: '-30' }), /agentNormalDb/],
    ['a negative call count', JSON.stringify(profile(-30, -1)), /calls must be/],
  ];

  it.each(bad)('%s is an error naming the file and the problem', (_name, text, message) => {
    const file = fresh();
    writeFileSync(file, text);
    let error: unknown;
    try {
      readAgentProfile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentProfileError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a folder in the profile’s place is an error, not "no profile yet"', () => {
    expect(() => readAgentProfile(dir)).toThrow(AgentProfileError);
  });
});

describe('updating after a call', () => {
  it('a first measured call starts the profile with its level, and the customer’s calm level on the line', () => {
    expect(profileAfterCall(null, report(-27.6, 'call'), NOW)).toEqual({
      profile: {
        schema: AGENT_PROFILE_SCHEMA,
        agent: null,
        agentNormalDb: -27.6,
        calls: 1,
        customerCalmDb: -28,
        customerCalls: 1,
        updated: NOW.toISOString(),
      },
    });
  });

  it('is the running mean over calls, keeping the name', () => {
    const next = profileAfterCall(profile(-30, 3), report(-26, 'call', null, 'firstWords'), NOW);
    // (-30 x 3 + -26) / 4
    expect(next).toEqual({ profile: { ...profile(-29, 4), updated: NOW.toISOString() } });
  });

  it('keeps the customers’ calm level as a running mean of the calls that measured it, counted apart', () => {
    // a profile written before the line was kept gets it from the next call that measures it
    const first = profileAfterCall(profile(-30, 3), report(-30, 'call', -26), NOW);
    expect(first).toMatchObject({ profile: { calls: 4, customerCalmDb: -26, customerCalls: 1 } });
    if (!('profile' in first)) throw new Error(first.reason);
    const second = profileAfterCall(first.profile, report(-30, 'call', -30), NOW);
    expect(second).toMatchObject({ profile: { calls: 5, customerCalmDb: -28, customerCalls: 2 } });
    if (!('profile' in second)) throw new Error(second.reason);
    // a call whose customer level was not measured (a setting, too little speech) leaves it as it was
    const third = profileAfterCall(second.profile, report(-30, 'call', -20, 'setting'), NOW);
    expect(third).toMatchObject({ profile: { calls: 6, customerCalmDb: -28, customerCalls: 2 } });
    // a live call: the level the engine tracked to its end, from the first words or from this prior
    const live = { ...report(-30, 'profile', -24, 'profile'), live: {} as never };
    expect(profileAfterCall(second.profile, live, NOW)).toMatchObject({
      profile: { customerCalmDb: -26.67, customerCalls: 3 },
    });
  });

  it('reads the customers’ level back, and refuses one that is not a level', () => {
    const file = fresh();
    const withLine = { ...profile(-30, 3), customerCalmDb: -27.5, customerCalls: 2 };
    writeAgentProfile(file, withLine);
    expect(readAgentProfile(file)).toEqual(withLine);
    writeFileSync(file, JSON.stringify({ ...profile(-30, 3), customerCalmDb: 12 }));
    expect(() => readAgentProfile(file)).toThrow(/customerCalmDb must be a level from -100 to 0 dB, not 12/);
  });

  it('weights the old level by at most 9 calls, so it follows a slowly changing gain', () => {
    const next = profileAfterCall(profile(-30, 40), report(-20, 'call'), NOW);
    expect(next).toMatchObject({ profile: { agentNormalDb: -29, calls: 41 } });
    // repeated calls at a new gain move it there
    let p = profile(-30, 40);
    for (let i = 0; i < 60; i++) {
      const r = profileAfterCall(p, report(-20, 'call'), NOW);
      if (!('profile' in r)) throw new Error(r.reason);
      p = r.profile;
    }
    expect(p.agentNormalDb).toBeCloseTo(-20, 0);
    expect(p.calls).toBe(100);
  });

  it.each<[LevelOrigin, number | null, RegExp]>([
    ['setting', -31, /setting \(agentNormalDb\)/],
    ['profile', -30, /too little agent speech/],
    ['firstWords', -25, /too little agent speech/],
    ['firstWords', null, /too little agent speech/],
    ['call', null, /too little agent speech/],
  ])('leaves the profile as it is when the level came from %s (%s dB), saying why', (from, db, why) => {
    const next = profileAfterCall(profile(-30, 3), report(db, from), NOW);
    expect(next).not.toHaveProperty('profile');
    expect('reason' in next && next.reason).toMatch(why);
    expect('reason' in next && next.reason).not.toContain('\n');
  });
});

describe('writing a profile', () => {
  it('writes 2-space JSON with a trailing newline, through a temporary file that is gone after', () => {
    const sub = join(dir, 'profiles', 'team');
    const file = join(sub, 'anna.json');
    writeAgentProfile(file, profile(-31.2, 7));
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(JSON.stringify(profile(-31.2, 7), null, 2) + '\n');
    expect(readAgentProfile(file)).toEqual(profile(-31.2, 7));
    // over an existing profile: replaced whole, no temporary file left beside it
    writeAgentProfile(file, profile(-30.5, 8));
    expect(readAgentProfile(file)).toEqual(profile(-30.5, 8));
    expect(readdirSync(sub)).toEqual(['anna.json']);
  });

  it('a failed write is an error naming the file, and leaves the old profile whole', () => {
    const file = fresh();
    writeAgentProfile(file, profile(-30, 2));
    const inFile = join(file, 'cannot.json'); // a "folder" that is a file
    expect(() => writeAgentProfile(inFile, profile(-30, 2))).toThrow(
      new RegExp(`cannot write agent profile ${inFile.replace(/[.\\]/g, '\\$&')}`),
    );
    expect(readAgentProfile(file)).toEqual(profile(-30, 2));
  });
});
