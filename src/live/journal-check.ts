/**
 * Checks each line read back from a session journal before the report is rebuilt from it: every field
 * the report reads is there and of its type (a number is finite), so a damaged line is skipped and named
 * instead of turning into "+NaN dB" or an internal error. One table per kind of line and per kind of
 * event: a new kind fails to compile until it is checked.
 */
import type { CallEvent } from '../engine/events.js';
import { resolveSettings } from '../engine/settings.js';
import type { JournalLine } from './journal-line.js';
import { LIVE_CUE_KINDS } from './protocol.js';

/** A field's check: null when the value is right, else what is wrong with it (a few words). */
type Check = (value: unknown) => string | null;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const num: Check = (x) => (typeof x === 'number' && Number.isFinite(x) ? null : 'not a number');
const str: Check = (x) => (typeof x === 'string' ? null : 'not text');
const bool: Check = (x) => (typeof x === 'boolean' ? null : 'not true or false');
const orNull =
  (check: Check): Check =>
  (x) =>
    x === null ? null : check(x);
const oneOf =
  (values: readonly unknown[]): Check =>
  (x) =>
    values.includes(x) ? null : 'not one of its values';
const optional =
  (check: Check): Check =>
  (x) =>
    x === undefined ? null : check(x);
const listOf =
  (check: Check): Check =>
  (x) =>
    Array.isArray(x) && x.every((v) => check(v) === null) ? null : 'not a list of its values';
const fields =
  (table: Record<string, Check>): Check =>
  (x) => {
    if (!isRecord(x)) return 'not an object';
    for (const [name, check] of Object.entries(table)) {
      const why = check(x[name]);
      if (why !== null) return `${name} ${x[name] === undefined ? 'missing' : why}`;
    }
    return null;
  };

const span = { startSample: num, endSample: num };
const party = oneOf(['agent', 'customer']);
const origin = oneOf(['setting', 'call', 'profile', 'firstWords']);

const EVENT_FIELDS: { [K in CallEvent['type']]: Record<string, Check> } = {
  speech: { ...span, party, levelDb: num },
  customerPeak: {
    ...span,
    levelAboveCalmDb: num,
    brightnessRiseHz: orNull(num),
    utteranceStarts: optional(listOf(num)),
  },
  raisedVoice: { ...span, levelAboveNormalDb: num, utteranceStarts: optional(listOf(num)) },
  interruption: { ...span, atPeak: bool },
  backchannel: span,
  response: { ...span, afterPeak: bool, gapSamples: num, onsetSample: num },
  peakVerdict: {
    ...span,
    complied: orNull(bool),
    interrupted: bool,
    reply: orNull(fields(span)),
    raisedReply: bool,
    unanswered: orNull(oneOf(['customerWentOn', 'callEnded'])),
  },
};

const event: Check = (x) => {
  if (!isRecord(x)) return 'not an object';
  const type = x['type'];
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_FIELDS, type))
    return `of an unknown kind '${String(type)}'`;
  const why = fields(EVENT_FIELDS[type as CallEvent['type']])(x);
  return why === null ? null : `(${String(x['type'])}): ${why}`;
};

const settings: Check = (x) => {
  if (!isRecord(x)) return 'not an object';
  try {
    resolveSettings(x);
    return null;
  } catch (error) {
    return `wrong: ${(error as Error).message}`;
  }
};

/** A compact timeline point: sample, four levels, two relative levels (or null), speaking flags 0-3. */
const point: Check = (x) => {
  if (!Array.isArray(x) || x.length !== 8) return 'not a timeline point';
  const ok = x.every((v, i) =>
    i === 5 || i === 6 ? v === null || num(v) === null : i === 7 ? [0, 1, 2, 3].includes(v) : num(v) === null,
  );
  return ok ? null : 'not a timeline point';
};

const LINE_FIELDS: { [K in JournalLine['type']]: Record<string, Check> } = {
  start: {
    schema: optional(str),
    sessionId: str,
    startedAt: str,
    version: str,
    settings,
    source: fields({
      files: listOf(str),
      codec: str,
      sampleRateHz: num,
      channels: num,
      agentChannel: orNull(oneOf([0, 1])),
    }),
    agent: orNull(str),
    agentDevice: str,
    callDevice: str,
    recordingPath: orNull(str),
  },
  event: { e: event },
  point: { p: point },
  cue: {
    cue: fields({
      id: num,
      kind: oneOf(LIVE_CUE_KINDS),
      atSec: num,
      title: str,
      detail: str,
      positive: bool,
      provisional: bool,
      outcome: orNull(oneOf(['cleared', 'confirmed', 'withdrawn', 'replaced', 'callEnded'])),
      endedSec: orNull(num),
      wrong: bool,
    }),
  },
  controls: {
    controls: fields({ snoozedUntilSec: orNull(num), muted: listOf(oneOf(LIVE_CUE_KINDS)), heldBack: num }),
  },
  baselines: {
    baselines: fields({
      customerCalmDb: orNull(num),
      agentNormalDb: orNull(num),
      customerCalmFrom: origin,
      agentNormalFrom: origin,
    }),
  },
  device: {
    party,
    state: oneOf(['starting', 'running', 'retrying', 'failed']),
    message: orNull(str),
    atSec: num,
  },
  end: { atSec: num, recovered: optional(oneOf([true])) },
};

/**
 * The journal line `value` is, or what is wrong with it in a few words ("a point line: p missing", "an
 * event line: e (customerPeak): levelAboveCalmDb not a number", "an unknown kind of line 'foo'").
 */
export function checkJournalLine(value: unknown): JournalLine | string {
  if (!isRecord(value)) return 'not a journal line (no object)';
  const type = value['type'];
  if (typeof type !== 'string' || !Object.hasOwn(LINE_FIELDS, type))
    return `an unknown kind of line '${String(type)}'`;
  const why = fields(LINE_FIELDS[type as JournalLine['type']])(value);
  return why === null ? (value as unknown as JournalLine) : `a ${type} line: ${why}`;
}
