/**
 * The live session journal: one JSON object per line, appended as the call runs (src/node/live writes
 * it, flushed at least every 2 s). It holds the engine's final events and timeline, the cues shown and
 * the capture incidents, enough to rebuild the session's report when the process died mid-call: the
 * same report builder reads the same events.
 */
import type { TimelinePoint } from '../engine/engine.js';
import type { Baselines } from '../engine/events.js';
import { ENGINE_RATE_HZ } from '../engine/speech-tracker.js';
import { ReportBuilder } from '../report/builder.js';
import type { Report } from '../report/schema.js';
import { checkJournalLine } from './journal-check.js';
import type { CompactPoint, JournalLine } from './journal-line.js';
import type { LiveCue } from './protocol.js';

/** The journal's format, written into its start line; a journal of a later format is refused, naming it. */
export const JOURNAL_SCHEMA = 'softspoken.live-session/1';
const SCHEMA_PREFIX = 'softspoken.live-session/';
const SCHEMA_VERSION = 1;

const r1 = (x: number): number => Math.round(x * 10) / 10;

export function compactPoint(p: TimelinePoint): CompactPoint {
  return [
    p.sample,
    r1(p.agentDb),
    r1(p.customerDb),
    r1(p.agentShortTermDb),
    r1(p.customerShortTermDb),
    p.agentRelDb === null ? null : r1(p.agentRelDb),
    p.customerRelDb === null ? null : r1(p.customerRelDb),
    (p.agentSpeaking ? 1 : 0) | (p.customerSpeaking ? 2 : 0),
  ];
}

export function expandPoint(c: CompactPoint): TimelinePoint {
  return {
    sample: c[0],
    agentDb: c[1],
    customerDb: c[2],
    agentShortTermDb: c[3],
    customerShortTermDb: c[4],
    agentRelDb: c[5],
    customerRelDb: c[6],
    agentSpeaking: (c[7] & 1) !== 0,
    customerSpeaking: (c[7] & 2) !== 0,
  };
}

/** Why nothing can be recovered from a journal (its message names the problem). */
export class JournalError extends Error {}

/** One non-empty line of a journal as read: its number (from 1) and its value; `json` false when it did not parse. */
export interface JournalEntry {
  line: number;
  value: unknown;
  json: boolean;
}

/** The non-empty lines of a journal's text, each parsed as JSON where it can be. */
export function journalEntries(text: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) as unknown, json: true });
    } catch {
      out.push({ line: i + 1, value: null, json: false });
    }
  });
  return out;
}

/** A damaged line of a journal, skipped: its number and what is wrong with it. */
export interface JournalDamage {
  line: number;
  problem: string;
}

/** What a journal gave back. */
export interface JournalRecovery {
  report: Report;
  /** Lines skipped because they were damaged (the torn last line a killed writer leaves is not damage). */
  damaged: JournalDamage[];
  /** Lines the report was rebuilt from. */
  linesRead: number;
  /** The report's warning about the damaged lines, or null. */
  damageWarning: string | null;
}

/** Refuses a start line of another format than this version writes (a later one is named, to update for). */
function checkSchema(value: unknown): void {
  const schema = (value as { schema?: unknown } | null)?.schema;
  if (schema === undefined || schema === JOURNAL_SCHEMA) return;
  const version =
    typeof schema === 'string' && schema.startsWith(SCHEMA_PREFIX)
      ? Number(schema.slice(SCHEMA_PREFIX.length))
      : NaN;
  if (Number.isInteger(version) && version > SCHEMA_VERSION) {
    throw new JournalError(
      `it was written by a newer SoftSpoken (journal format ${String(schema)}; this version reads ${JOURNAL_SCHEMA}): update SoftSpoken to recover it`,
    );
  }
  throw new JournalError(`it is not a SoftSpoken live session journal (format '${String(schema)}')`);
}

/**
 * The report of a session from its journal: complete when the journal ended normally, else everything
 * decided up to the last flush, with a warning saying so. Lines that are damaged (not JSON, of an
 * unknown kind, missing a field) are skipped and counted, with a warning naming how many; a journal
 * whose start line cannot be read, or of a later format, throws a JournalError (nothing to recover).
 */
export function recoverJournal(entries: readonly JournalEntry[]): JournalRecovery {
  const first = entries[0];
  if (!first?.json || (first.value as { type?: unknown } | null)?.type !== 'start') {
    throw new JournalError(
      'it is not a SoftSpoken live session journal (it does not begin with the session start)',
    );
  }
  checkSchema(first.value);
  const start = checkJournalLine(first.value);
  if (typeof start === 'string' || start.type !== 'start') {
    throw new JournalError(`its start line is damaged (${String(start)})`);
  }
  const damaged: JournalDamage[] = [];
  const lines: JournalLine[] = [];
  // the last line a killed writer tore, and nothing after it but the end line a recovery appended
  const rest = entries.slice(1);
  let tornAt = rest.length - 1;
  while (tornAt >= 0 && (rest[tornAt] as JournalEntry).json) tornAt--;
  const torn =
    tornAt >= 0 &&
    rest.slice(tornAt + 1).every((e) => (e.value as { recovered?: unknown } | null)?.recovered === true);
  rest.forEach((entry, i) => {
    if (!entry.json) {
      if (!(torn && i === tornAt)) damaged.push({ line: entry.line, problem: 'not JSON' });
      return;
    }
    const line = checkJournalLine(entry.value);
    if (typeof line === 'string') damaged.push({ line: entry.line, problem: line });
    else if (line.type === 'start') damaged.push({ line: entry.line, problem: 'a second start line' });
    else lines.push(line);
  });
  const damageWarning = damaged.length > 0 ? damageText(damaged, entries.length) : null;
  const report = buildFromLines(start, lines, damageWarning);
  return { report, damaged, linesRead: lines.length + 1, damageWarning };
}

/** The report of a session from its journal lines (as objects): see recoverJournal. */
export function reportFromJournal(lines: readonly unknown[]): Report {
  return recoverJournal(lines.map((value, i) => ({ line: i + 1, value, json: true }))).report;
}

function damageText(damaged: readonly JournalDamage[], total: number): string {
  const first = damaged[0] as JournalDamage;
  const n = damaged.length;
  return (
    `${n} of the ${total} lines of the session journal ${n === 1 ? 'was' : 'were'} damaged and skipped ` +
    `(line ${first.line}: ${first.problem}): what they held is missing from this report`
  );
}

function buildFromLines(
  start: Extract<JournalLine, { type: 'start' }>,
  lines: readonly JournalLine[],
  damageWarning: string | null,
): Report {
  const builder = new ReportBuilder();
  const cues = new Map<number, LiveCue>();
  const incidents: NonNullable<Report['live']>['incidents'] = [];
  let baselines: Baselines = {
    customerCalmDb: null,
    agentNormalDb: null,
    customerCalmFrom: 'firstWords',
    agentNormalFrom: 'firstWords',
  };
  let heldBack = 0;
  let lastSample = 0;
  let ended: number | null = null;
  let recovered = false;
  for (const line of lines) {
    switch (line.type) {
      case 'event':
        builder.event(line.e);
        break;
      case 'point':
        builder.point(expandPoint(line.p));
        lastSample = line.p[0];
        break;
      case 'cue':
        cues.set(line.cue.id, line.cue);
        break;
      case 'controls':
        heldBack = line.controls.heldBack;
        break;
      case 'baselines':
        baselines = line.baselines;
        break;
      case 'device':
        incidents.push({ party: line.party, state: line.state, message: line.message, atSec: line.atSec });
        break;
      case 'end':
        ended = line.atSec;
        recovered = line.recovered === true;
        break;
      case 'start':
        break;
    }
  }
  const durationSec = ended ?? Math.round((lastSample / ENGINE_RATE_HZ) * 1000) / 1000;
  const cutOff = ended === null || recovered;
  const warnings = cutOff
    ? [
        `the live session stopped unexpectedly at ${durationSec.toFixed(1)} s: this report was recovered from its journal, ` +
          'without what was still undecided then (the last seconds of speech)',
      ]
    : [];
  if (damageWarning !== null) warnings.push(damageWarning);
  const report = builder.build({
    version: start.version,
    source: { ...start.source, durationSec },
    settings: start.settings,
    warnings,
    baselines,
  });
  report.live = {
    sessionId: start.sessionId,
    startedAt: start.startedAt,
    agent: start.agent,
    agentDevice: start.agentDevice,
    callDevice: start.callDevice,
    recordingPath: start.recordingPath,
    // a cue still showing when the journal stopped ended with the call, there
    cues: [...cues.values()].map((c) =>
      c.outcome === null ? { ...c, outcome: 'callEnded', endedSec: durationSec } : c,
    ),
    heldBack,
    incidents,
    recovered: cutOff,
  };
  return report;
}
