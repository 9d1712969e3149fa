/**
 * A coach's edits of one call: detections marked wrong (with a reason), detections the analysis missed,
 * notes pinned to a moment or an event, and the agent's name. Applied to the analysis's report they give
 * the corrected report: the same schema, the peaks judged again and the summary recomputed from the
 * corrected events, with `coach` saying what was changed. The corrected speech and events can be written
 * as a labelled truth file (../shared/eval/TRUTH.md), so a team can score SoftSpoken on its own calls with
 * the project's scorer. Portable (the app and the CLI).
 */
import { undecidedVerdict } from './builder.js';
import { roundTo } from './format.js';
import { rejudgePeaks, repliesTo, startsWithinPeak } from './rejudge.js';
import type {
  CoachNote,
  CoachRecord,
  Correction,
  DetectionType,
  EventRef,
  Report,
  ReportEvent,
  WrongReason,
} from './schema.js';
import { summarize } from './verdicts.js';

export const COACH_SCHEMA = 'softspoken.coach/1';
export const TRUTH_SCHEMA = 'softspoken.truth/1';

/** Why a detection is wrong, from a short list (the words the app shows). */
export const WRONG_REASONS = {
  notThatParty: 'not that party speaking (echo, a colleague, noise)',
  notLoud: 'not loud enough to count',
  otherKind: 'another kind of event (e.g. a backchannel, not an interruption)',
  wrongPlace: 'in the wrong place or too long',
  other: 'other',
} as const satisfies Record<WrongReason, string>;

/** Everything a coach changed on one call; saved with the call, carried in its exports. */
export interface CoachEdits {
  schema: typeof COACH_SCHEMA;
  agent: string | null;
  corrections: Correction[];
  notes: CoachNote[];
}

export function emptyEdits(): CoachEdits {
  return { schema: COACH_SCHEMA, agent: null, corrections: [], notes: [] };
}

/** Times closer than this (s) name the same event: reports round to milliseconds. */
const SAME_TIME_SEC = 0.0015;
const r3 = (x: number): number => roundTo(x, 3);

/** Whether `ref` names `event`. */
export function refersTo(ref: EventRef, event: ReportEvent): boolean {
  return (
    ref.type === event.type &&
    Math.abs(ref.start - event.start) < SAME_TIME_SEC &&
    Math.abs(ref.end - event.end) < SAME_TIME_SEC
  );
}

/** A reference to `event`, for a correction or a note. */
export function refOf(event: ReportEvent): EventRef {
  return { type: event.type, start: event.start, end: event.end };
}

/** The agent's onsets: each turn of the agent's is one of these, never two (docs/algorithms.md). */
const AGENT_ONSETS: ReadonlySet<DetectionType> = new Set(['interruption', 'backchannel', 'response']);

/**
 * Whether the detection a coach added (`added`) labels again what the analysis's `event` labelled, so that
 * it replaces it: spans that overlap, and the same kind (a peak redrawn), or both an onset of the agent's
 * (a backchannel the coach calls an interruption). One moment is never labelled twice.
 */
export function replaces(added: EventRef, event: EventRef): boolean {
  const sameThing =
    added.type === event.type || (AGENT_ONSETS.has(added.type) && AGENT_ONSETS.has(event.type));
  return sameThing && added.start < event.end && event.start < added.end;
}

/** A detection of the analysis's that the corrected report leaves out, and why. */
export interface Removal {
  event: ReportEvent;
  /** Marked wrong with this reason, or replaced by this detection the coach added. */
  why: { kind: 'wrong'; reason: WrongReason } | { kind: 'replaced'; by: EventRef };
}

/** The analysis's detections the coach's edits leave out: marked wrong, or replaced by one they added. */
export function coachRemovals(report: Report, edits: CoachEdits): Removal[] {
  const added = edits.corrections.flatMap((c) =>
    c.kind === 'missed' ? [{ type: c.type, start: c.start, end: c.end }] : [],
  );
  return report.events.flatMap((event): Removal[] => {
    const wrong = edits.corrections.find((c) => c.kind === 'wrong' && refersTo(c.event, event));
    if (wrong?.kind === 'wrong') return [{ event, why: { kind: 'wrong', reason: wrong.reason } }];
    const by = added.find((a) => replaces(a, event));
    return by ? [{ event, why: { kind: 'replaced', by } }] : [];
  });
}

/**
 * The report with the coach's edits: events marked wrong or replaced by an added one (`replaces`) left
 * out, missed ones added, every peak judged again, the summary recomputed, and `coach` holding the edits.
 * Without corrections the events and summary are the analysis's own (notes and the agent's name are
 * still carried).
 */
export function applyCoachEdits(report: Report, edits: CoachEdits): Report {
  const coach: CoachRecord = {
    corrected: edits.corrections.length > 0,
    agent: edits.agent,
    corrections: edits.corrections,
    notes: [...edits.notes].sort((a, b) => a.atSec - b.atSec),
  };
  if (!coach.corrected) return { ...report, coach };
  const removed = coachRemovals(report, edits).map((r) => r.event);
  const removedSet = new Set(removed);
  const kept = report.events.filter((event) => !removedSet.has(event)).map((event) => structuredClone(event));
  const added = edits.corrections.flatMap((c) => (c.kind === 'missed' ? [addedEvent(c, report)] : []));
  const events = [...kept, ...added].sort((a, b) => a.start - b.start || a.end - b.end);
  // an interruption or a response after a corrected peak says so again
  const peaks = events.filter((e) => e.type === 'customerPeak');
  for (const e of events) {
    if (e.type === 'interruption') e.atPeak = peaks.some((p) => startsWithinPeak(e.start, p));
    if (e.type === 'response') e.afterPeak = peaks.some((p) => repliesTo(e.start, p.end));
  }
  // each peak keeps the engine's facts but those the corrections touched (src/report/rejudge.ts)
  rejudgePeaks(events, report.speech, report.settings, [...removed, ...added], added);
  return {
    ...report,
    events,
    summary: summarize(events, report.speech, report.source.durationSec),
    coach,
  };
}

/** A detection the analysis missed, as the report would have it (levels from the timeline). */
function addedEvent(c: Extract<Correction, { kind: 'missed' }>, report: Report): ReportEvent {
  const start = r3(Math.min(c.start, c.end));
  const end = r3(Math.max(c.start, c.end));
  switch (c.type) {
    case 'customerPeak':
      return {
        type: 'customerPeak',
        start,
        end,
        levelAboveCalmDb: levelOver(report.timeline.customerRelDb, report.timeline.hopSec, start, end),
        brightnessRiseHz: null,
        verdict: undecidedVerdict(), // judged with the rest below
      };
    case 'raisedVoice':
      return {
        type: 'raisedVoice',
        start,
        end,
        levelAboveNormalDb: levelOver(report.timeline.agentRelDb, report.timeline.hopSec, start, end),
      };
    case 'interruption':
      return { type: 'interruption', start, end, atPeak: false };
    case 'backchannel':
      return { type: 'backchannel', start, end };
    case 'response':
      return { type: 'response', start, end, gapSec: r3(end - start), afterPeak: false };
  }
}

/** The loudest point of a level series over [start, end), dB (0 where the series has no value there). */
function levelOver(series: readonly (number | null)[], hopSec: number, start: number, end: number): number {
  let most = -Infinity;
  for (
    let i = Math.max(0, Math.floor(start / hopSec) - 1);
    i < series.length && (i + 1) * hopSec < end;
    i++
  ) {
    const v = series[i];
    if (v !== null && v !== undefined && (i + 1) * hopSec >= start && v > most) most = v;
  }
  return Number.isFinite(most) ? roundTo(most, 1) : 0;
}

/** A labelled truth file (../shared/eval/TRUTH.md) of a report, corrected or not. */
export interface TruthFile {
  schema: typeof TRUTH_SCHEMA;
  file: string;
  durationSec: number;
  agentChannel: number;
  /** Where the labels come from: a coach's corrections of SoftSpoken's analysis. */
  labelledBy: 'coach' | 'softspoken';
  speech: Report['speech'];
  events: TruthEvent[];
}

export type TruthEvent =
  | { type: 'customerPeak' | 'raisedVoice' | 'backchannel'; start: number; end: number }
  | { type: 'interruption'; start: number; end: number; atPeak: boolean }
  | { type: 'response'; start: number; end: number; gapSec: number; afterPeak: boolean };

/** The report's speech and events in the truth format: only the contract's fields (REPORT.md). */
export function truthFromReport(report: Report, file: string): TruthFile {
  const events = report.events.map((e): TruthEvent => {
    if (e.type === 'interruption') return { type: e.type, start: e.start, end: e.end, atPeak: e.atPeak };
    if (e.type === 'response') {
      return { type: e.type, start: e.start, end: e.end, gapSec: e.gapSec, afterPeak: e.afterPeak };
    }
    return { type: e.type, start: e.start, end: e.end };
  });
  return {
    schema: TRUTH_SCHEMA,
    file,
    durationSec: report.source.durationSec,
    agentChannel: report.source.agentChannel ?? 0,
    labelledBy: report.coach?.corrected === true ? 'coach' : 'softspoken',
    speech: report.speech,
    events,
  };
}

/** The detection types a coach can add, with the words the app shows. */
export const DETECTION_TYPES: Readonly<Record<DetectionType, string>> = {
  customerPeak: 'customer peak',
  interruption: 'interruption',
  raisedVoice: 'raised voice',
  backchannel: 'backchannel',
  response: 'response',
};

/** A note's text, at most this many characters (a note is a remark, not a transcript). */
export const MAX_NOTE_CHARS = 2000;
/** An agent's name, at most this many characters. */
const MAX_AGENT_CHARS = 100;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isType = (v: unknown): v is DetectionType =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(DETECTION_TYPES, v);
const isReason = (v: unknown): v is WrongReason =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(WRONG_REASONS, v);

function parseRef(v: unknown): EventRef | null {
  if (!isObject(v) || !isType(v['type']) || !isTime(v['start']) || !isTime(v['end'])) return null;
  return { type: v['type'], start: v['start'], end: v['end'] };
}

function parseCorrection(v: unknown): Correction | null {
  if (!isObject(v) || typeof v['at'] !== 'string') return null;
  if (v['kind'] === 'wrong') {
    const event = parseRef(v['event']);
    return event && isReason(v['reason']) ? { kind: 'wrong', event, reason: v['reason'], at: v['at'] } : null;
  }
  if (v['kind'] === 'missed' && isType(v['type']) && isTime(v['start']) && isTime(v['end'])) {
    return { kind: 'missed', type: v['type'], start: v['start'], end: v['end'], at: v['at'] };
  }
  return null;
}

function parseNote(v: unknown): CoachNote | null {
  if (!isObject(v) || !isTime(v['atSec']) || typeof v['text'] !== 'string' || typeof v['at'] !== 'string') {
    return null;
  }
  const event = v['event'] === null ? null : parseRef(v['event']);
  if (event === null && v['event'] !== null) return null;
  return { atSec: v['atSec'], event, text: v['text'].slice(0, MAX_NOTE_CHARS), at: v['at'] };
}

/**
 * Edits read back from storage or a file, checked field by field: null unless it is a `softspoken.coach/1`
 * record; a correction or a note that does not check is dropped (the rest are kept).
 */
export function parseCoachEdits(value: unknown): CoachEdits | null {
  if (!isObject(value) || value['schema'] !== COACH_SCHEMA) return null;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const agent = typeof value['agent'] === 'string' ? value['agent'].slice(0, MAX_AGENT_CHARS) : null;
  return {
    schema: COACH_SCHEMA,
    agent,
    corrections: list(value['corrections']).flatMap((c) => parseCorrection(c) ?? []),
    notes: list(value['notes']).flatMap((n) => parseNote(n) ?? []),
  };
}

/** Whether `edits` changes nothing (no correction, no note, no agent). */
export function isEmptyEdits(edits: CoachEdits): boolean {
  return edits.corrections.length === 0 && edits.notes.length === 0 && edits.agent === null;
}

/** `edits` with `event` marked wrong for `reason` (a second marking of it replaces the first). */
export function markWrong(edits: CoachEdits, event: EventRef, reason: WrongReason, at: string): CoachEdits {
  const others = edits.corrections.filter((c) => !(c.kind === 'wrong' && sameRef(c.event, event)));
  return { ...edits, corrections: [...others, { kind: 'wrong', event: { ...event }, reason, at }] };
}

/** `edits` without the marking of `event` as wrong: the detection counts again. */
export function restoreEvent(edits: CoachEdits, event: EventRef): CoachEdits {
  return {
    ...edits,
    corrections: edits.corrections.filter((c) => !(c.kind === 'wrong' && sameRef(c.event, event))),
  };
}

/** `edits` with a detection the analysis missed, from `start` to `end` (either order), s. */
export function addMissed(
  edits: CoachEdits,
  type: DetectionType,
  start: number,
  end: number,
  at: string,
): CoachEdits {
  if (!isTime(start) || !isTime(end) || r3(start) === r3(end)) {
    throw new RangeError(`a missed detection needs two different times, got ${start} and ${end}`);
  }
  const missed: Correction = {
    kind: 'missed',
    type,
    start: r3(Math.min(start, end)),
    end: r3(Math.max(start, end)),
    at,
  };
  return { ...edits, corrections: [...edits.corrections, missed] };
}

/** `edits` without a missed detection the coach added (named by its type and times). */
export function removeMissed(edits: CoachEdits, event: EventRef): CoachEdits {
  return {
    ...edits,
    corrections: edits.corrections.filter(
      (c) => !(c.kind === 'missed' && sameRef({ type: c.type, start: c.start, end: c.end }, event)),
    ),
  };
}

/** The correction that added `event`, if the coach added it. */
export function addedBy(edits: CoachEdits, event: ReportEvent): Correction | undefined {
  return edits.corrections.find(
    (c) => c.kind === 'missed' && refersTo({ type: c.type, start: c.start, end: c.end }, event),
  );
}

/** `edits` with a note (text trimmed; an empty note is refused with a RangeError). */
export function addNote(edits: CoachEdits, note: CoachNote): CoachEdits {
  const text = note.text.trim().slice(0, MAX_NOTE_CHARS);
  if (text === '') throw new RangeError('a note needs some text');
  if (!isTime(note.atSec))
    throw new RangeError(`a note's time must be a time in the call, got ${note.atSec}`);
  return { ...edits, notes: [...edits.notes, { ...note, atSec: r3(note.atSec), text }] };
}

/** `edits` with note `index` (in `edits.notes`) given new text; empty text deletes it. */
export function editNote(edits: CoachEdits, index: number, text: string, at: string): CoachEdits {
  const trimmed = text.trim().slice(0, MAX_NOTE_CHARS);
  if (trimmed === '') return deleteNote(edits, index);
  return {
    ...edits,
    notes: edits.notes.map((n, i) => (i === index ? { ...n, text: trimmed, at } : n)),
  };
}

/** `edits` without note `index` (in `edits.notes`). */
export function deleteNote(edits: CoachEdits, index: number): CoachEdits {
  return { ...edits, notes: edits.notes.filter((_, i) => i !== index) };
}

function sameRef(a: EventRef, b: EventRef): boolean {
  return (
    a.type === b.type &&
    Math.abs(a.start - b.start) < SAME_TIME_SEC &&
    Math.abs(a.end - b.end) < SAME_TIME_SEC
  );
}
