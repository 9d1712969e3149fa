/**
 * The live session journal: one JSON object per line, appended as the call runs (src/node/live writes
 * it, flushed at least every 2 s). It holds the engine's final events and timeline, the cues shown and
 * the capture incidents, enough to rebuild the session's report when the process died mid-call: the
 * same report builder reads the same events.
 */
import type { TimelinePoint } from '../engine/engine.js';
import type { Baselines, CallEvent, Party } from '../engine/events.js';
import type { Settings } from '../engine/settings.js';
import { ENGINE_RATE_HZ } from '../engine/speech-tracker.js';
import { ReportBuilder } from '../report/builder.js';
import type { Report, SourceInfoReport } from '../report/schema.js';
import type { CaptureState, CueControls, LiveCue } from './protocol.js';

export const JOURNAL_SCHEMA = 'softspoken.live-session/1';

/** A timeline point in a few numbers: sample, the four levels (dB), the two relative levels, speaking flags. */
export type CompactPoint = [number, number, number, number, number, number | null, number | null, number];

export type JournalLine =
  | {
      type: 'start';
      sessionId: string;
      startedAt: string;
      version: string;
      settings: Settings;
      source: Omit<SourceInfoReport, 'durationSec'>;
      agent: string | null;
      agentDevice: string;
      callDevice: string;
      recordingPath: string | null;
    }
  | { type: 'event'; e: CallEvent }
  | { type: 'point'; p: CompactPoint }
  | { type: 'cue'; cue: LiveCue }
  | { type: 'controls'; controls: CueControls }
  | { type: 'baselines'; baselines: Baselines }
  | { type: 'device'; party: Party; state: CaptureState; message: string | null; atSec: number }
  /** The last line. `recovered`: appended when a cut-off session's report was rebuilt (offered once). */
  | { type: 'end'; atSec: number; recovered?: true };

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

/** Why a journal cannot be read back. */
export class JournalError extends Error {}

/**
 * The report of a session from its journal lines: complete when the journal ended normally, else
 * everything decided up to the last flush, with a warning saying so.
 */
export function reportFromJournal(lines: readonly unknown[]): Report {
  const start = lines[0] as JournalLine | undefined;
  if (!start || typeof start !== 'object' || start.type !== 'start') {
    throw new JournalError(
      'not a SoftSpoken live session journal (it does not begin with the session start)',
    );
  }
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
  for (const raw of lines.slice(1)) {
    const line = raw as JournalLine;
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
