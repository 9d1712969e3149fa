/**
 * What the live window shows, kept from the stream of live messages: the cue showing, the earlier ones,
 * the last minute of both parties, the running tally, the cue controls and each device's state. Pure data:
 * the view reads it and redraws only the parts a message changed.
 *
 * Cues arrive whole each time they change (shown, confirmed, cleared, marked wrong). The one showing is
 * the newest without an outcome; a cue taken back (withdrawn) leaves no trace (the engine did not bear it
 * out); the others end
 * up in the history, newest first. A cue's sound plays once, the first time it shows as settled (not
 * provisional): a talk-over sounds when it is confirmed while still showing, and never if withdrawn.
 */
import type { Party } from '../../src/engine/events.js';
import type { LiveMessage } from '../../src/ipc/live.js';
import type {
  CaptureState,
  CueControls,
  LiveCue,
  LiveCueKind,
  LivePoint,
  LiveTally,
} from '../../src/live/protocol.js';

/** The live chart's span, s: the last minute of the call. */
export const LIVE_WINDOW_SEC = 60;

export interface DeviceStatus {
  state: CaptureState;
  message: string | null;
}

/** What a message changed, for the view to redraw. */
export type LivePart = 'session' | 'cue' | 'points' | 'tally' | 'controls' | 'device' | 'meter' | 'error';

export interface LiveChange {
  parts: Set<LivePart>;
  /** A cue of this kind was just shown, settled: its sound plays (if sound is on). */
  sound: LiveCueKind | null;
}

export class LiveModel {
  sessionId: string | null = null;
  agentDevice = '';
  callDevice = '';
  recording = false;
  ended = false;
  /** The last error the session reported (one line), or null. */
  error: string | null = null;
  /** Each warning the session reported (a file it cannot write: the call goes on), in order, once each. */
  readonly warnings: string[] = [];
  tally: LiveTally | null = null;
  controls: CueControls = { snoozedUntilSec: null, muted: [], heldBack: 0 };
  readonly devices: Record<Party, DeviceStatus | null> = { agent: null, customer: null };
  /** The last minute of points, oldest first. */
  points: LivePoint[] = [];
  /** The latest level of each device under test, dBFS. */
  readonly meters = new Map<string, number>();
  private readonly cues = new Map<number, LiveCue>();
  private readonly sounded = new Set<number>();

  /** Call time of the newest point, s. */
  get nowSec(): number {
    return this.points.at(-1)?.t ?? this.tally?.seconds ?? 0;
  }

  /** The cue showing now, or null. */
  get current(): LiveCue | null {
    let showing: LiveCue | null = null;
    for (const cue of this.cues.values()) {
      if (cue.outcome === null && (showing === null || cue.id > showing.id)) showing = cue;
    }
    return showing;
  }

  /** Earlier cues, newest first; cues taken back left out. */
  get history(): LiveCue[] {
    return [...this.cues.values()]
      .filter((c) => c.outcome !== null && c.outcome !== 'withdrawn')
      .sort((a, b) => b.id - a.id);
  }

  /** The cue "Wrong cue" marks: the one showing, else the last one shown. */
  get markable(): LiveCue | null {
    return this.current ?? this.history[0] ?? null;
  }

  apply(message: LiveMessage): LiveChange {
    const parts = new Set<LivePart>();
    let sound: LiveCueKind | null = null;
    switch (message.type) {
      case 'started':
        this.sessionId = message.sessionId;
        this.agentDevice = message.agentDevice;
        this.callDevice = message.callDevice;
        this.recording = message.recording;
        this.ended = false;
        parts.add('session');
        break;
      case 'points':
        this.addPoints(message.points);
        parts.add('points');
        break;
      case 'cue': {
        const cue = message.cue;
        this.cues.set(cue.id, { ...cue });
        if (cue.outcome === null && !cue.provisional && !this.sounded.has(cue.id)) {
          this.sounded.add(cue.id);
          sound = cue.kind;
        }
        parts.add('cue');
        break;
      }
      case 'tally':
        this.tally = message.tally;
        parts.add('tally');
        break;
      case 'controls':
        this.controls = message.controls;
        parts.add('controls');
        break;
      case 'device':
        this.devices[message.party] = { state: message.state, message: message.message };
        parts.add('device');
        break;
      case 'ended':
        this.ended = true;
        parts.add('session');
        break;
      case 'error':
        this.error = message.message;
        parts.add('error');
        break;
      case 'warning':
        if (!this.warnings.includes(message.message)) this.warnings.push(message.message);
        parts.add('error');
        break;
      case 'meter':
        this.meters.set(message.device, message.db);
        parts.add('meter');
        break;
    }
    return { parts, sound };
  }

  private addPoints(points: readonly LivePoint[]): void {
    for (const p of points) {
      const last = this.points.at(-1);
      if (last !== undefined && p.t <= last.t) continue; // a repeat (a reconnected stream)
      this.points.push(p);
    }
    const from = this.nowSec - LIVE_WINDOW_SEC;
    let drop = 0;
    while (drop < this.points.length && (this.points[drop]?.t ?? 0) < from) drop++;
    if (drop > 0) this.points.splice(0, drop);
  }
}
