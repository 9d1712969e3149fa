/**
 * A per-agent level profile: the agent's normal level remembered from their earlier calls, and the calm
 * level of the customers on their line, in a small plain JSON file a person can read and edit. Live use has
 * no first pass over the call, so it starts from here (the customer's level as a prior: docs/live.md);
 * offline the agent's level is the fallback where a call holds too little agent speech to measure.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Report } from '../report/schema.js';
import { writeFileAtomic, writeReason } from './atomic-file.js';
import { readSmallFile, SmallFileError } from './small-file.js';

export const AGENT_PROFILE_SCHEMA = 'softspoken.agent-profile/1';

export interface AgentProfile {
  schema: typeof AGENT_PROFILE_SCHEMA;
  /** Who the profile is for, as the user wrote it; null when not named. */
  agent: string | null;
  /** The agent's normal level, dB (the report's baselines.agentNormalDb). */
  agentNormalDb: number;
  /** How many calls the level rests on. */
  calls: number;
  /**
   * The calm level of the customers on this agent's line, dB (the report's baselines.customerCalmDb): the
   * mean over `customerCalls` calls. Absent until a call measured one (profiles written before it was kept).
   */
  customerCalmDb?: number;
  customerCalls?: number;
  /** When it was last updated (ISO 8601). */
  updated: string;
}

/** A profile file that cannot be read or written, or does not hold a valid profile; the message names it. */
export class AgentProfileError extends Error {}

/** Levels outside this range (dB re full scale) are a typing mistake, not a voice. */
const MIN_DB = -100;
const MAX_DB = 0;
/** The old level weighs at most this many calls, so the mean follows a slowly changing headset gain. */
const MAX_OLD_WEIGHT = 9;

/** The profile in `text` (the contents of `path`, named in errors). */
export function parseAgentProfile(text: string, path: string): AgentProfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AgentProfileError(`agent profile ${path} is not valid JSON`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new AgentProfileError(`agent profile ${path} must hold a JSON object`);
  }
  const o = data as Record<string, unknown>;
  if (o['schema'] !== AGENT_PROFILE_SCHEMA) {
    throw new AgentProfileError(
      `agent profile ${path} has schema ${JSON.stringify(o['schema'] ?? null)}, not '${AGENT_PROFILE_SCHEMA}'`,
    );
  }
  const level = levelField(o, 'agentNormalDb', path);
  const calls = o['calls'];
  if (typeof calls !== 'number' || !Number.isInteger(calls) || calls < 0) {
    throw new AgentProfileError(
      `agent profile ${path}: calls must be a whole number of 0 or more, not ${JSON.stringify(calls ?? null)}`,
    );
  }
  const agent = o['agent'] ?? null;
  if (agent !== null && typeof agent !== 'string') {
    throw new AgentProfileError(`agent profile ${path}: agent must be a name or null`);
  }
  const updated = o['updated'] ?? '';
  if (typeof updated !== 'string') {
    throw new AgentProfileError(`agent profile ${path}: updated must be a date string`);
  }
  const profile: AgentProfile = { schema: AGENT_PROFILE_SCHEMA, agent, agentNormalDb: level, calls, updated };
  if ((o['customerCalmDb'] ?? null) !== null) {
    const customer = levelField(o, 'customerCalmDb', path);
    const customerCalls = o['customerCalls'] ?? 1;
    if (typeof customerCalls !== 'number' || !Number.isInteger(customerCalls) || customerCalls < 1) {
      throw new AgentProfileError(
        `agent profile ${path}: customerCalls must be a whole number of 1 or more, not ${JSON.stringify(customerCalls)}`,
      );
    }
    profile.customerCalmDb = customer;
    profile.customerCalls = customerCalls;
  }
  return profile;
}

/** The level in field `name` of a profile, dB; an AgentProfileError unless a number from MIN_DB to MAX_DB. */
function levelField(o: Record<string, unknown>, name: string, path: string): number {
  const level = o[name];
  if (typeof level !== 'number' || !Number.isFinite(level) || level < MIN_DB || level > MAX_DB) {
    throw new AgentProfileError(
      `agent profile ${path}: ${name} must be a level from ${MIN_DB} to ${MAX_DB} dB, not ${JSON.stringify(level ?? null)}`,
    );
  }
  return level;
}

/** The profile at `path` (a regular file of at most 1 MiB); null when there is no such file yet (a new profile). */
export function readAgentProfile(path: string): AgentProfile | null {
  let text: string;
  try {
    text = readSmallFile(path);
  } catch (error) {
    if (!(error instanceof SmallFileError)) throw error;
    if (error.missing) return null;
    throw new AgentProfileError(`cannot read agent profile ${path}: ${error.reason}`);
  }
  return parseAgentProfile(text, path);
}

/**
 * The profile after one more call: the running mean of the agent's level, the old value weighted by
 * min(calls, 9) and this call by 1. Only a level measured on the call counts (baselines.agentNormalFrom
 * 'call'; in a live call, the level the engine tracked to the call's end from the first words or the
 * profile); otherwise `reason` says why the profile stays as it is. The customer's calm level on the line is
 * kept the same way, when the call measured it too.
 */
export function profileAfterCall(
  profile: AgentProfile | null,
  report: Pick<Report, 'baselines' | 'live'>,
  now: Date = new Date(),
): { profile: AgentProfile } | { reason: string } {
  const { agentNormalDb: level, agentNormalFrom: from } = report.baselines;
  const measured = from === 'call' || (report.live !== undefined && from !== 'setting');
  if (!measured || typeof level !== 'number') {
    const why =
      from === 'setting'
        ? 'the agent level was given as a setting (agentNormalDb), not measured on this call'
        : 'too little agent speech to measure their level on this call';
    return { reason: why };
  }
  const { customerCalmDb: customer, customerCalmFrom } = report.baselines;
  const customerMeasured =
    customerCalmFrom === 'call' || (report.live !== undefined && customerCalmFrom !== 'setting');
  const customerCalls = profile?.customerCalls ?? 0;
  const line: Pick<AgentProfile, 'customerCalmDb' | 'customerCalls'> =
    customerMeasured && typeof customer === 'number'
      ? {
          customerCalmDb: runningMean(profile?.customerCalmDb, customerCalls, customer),
          customerCalls: customerCalls + 1,
        }
      : profile?.customerCalmDb !== undefined
        ? { customerCalmDb: profile.customerCalmDb, customerCalls }
        : {};
  return {
    profile: {
      schema: AGENT_PROFILE_SCHEMA,
      agent: profile?.agent ?? null,
      agentNormalDb: runningMean(profile?.agentNormalDb, profile?.calls ?? 0, level),
      calls: (profile?.calls ?? 0) + 1,
      ...line,
      updated: now.toISOString(),
    },
  };
}

/** The mean after one more value, the old one (over `n` values, if any) weighted by at most MAX_OLD_WEIGHT, in hundredths of a dB. */
function runningMean(old: number | undefined, n: number, value: number): number {
  const weight = old === undefined ? 0 : Math.min(n, MAX_OLD_WEIGHT);
  const mean = old === undefined ? value : (old * weight + value) / (weight + 1);
  return Math.round(mean * 100) / 100; // hundredths of a dB: readable, and exact enough
}

/**
 * Writes `profile` to `path` (2-space JSON, a trailing newline) atomically (atomic-file.ts: a temporary file
 * in the same folder, then a rename), so a reader never sees half a profile; its folder is made if missing.
 */
export function writeAgentProfile(path: string, profile: AgentProfile): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, JSON.stringify(profile, null, 2) + '\n');
  } catch (error) {
    throw new AgentProfileError(`cannot write agent profile ${path}: ${writeReason(error)}`);
  }
}
