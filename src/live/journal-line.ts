/**
 * The shape of a live session journal's lines (journal.ts writes and reads them, journal-check.ts checks
 * each line read back): data only, so the reader and the checker both import it.
 */
import type { Baselines, CallEvent, Party } from '../engine/events.js';
import type { Settings } from '../engine/settings.js';
import type { SourceInfoReport } from '../report/schema.js';
import type { CaptureState, CueControls, LiveCue } from './protocol.js';

/** A timeline point in a few numbers: sample, the four levels (dB), the two relative levels, speaking flags. */
export type CompactPoint = [number, number, number, number, number, number | null, number | null, number];

export type JournalLine =
  | {
      type: 'start';
      /** JOURNAL_SCHEMA (journal.ts); absent in journals written before it was (read as format 1). */
      schema?: string;
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
