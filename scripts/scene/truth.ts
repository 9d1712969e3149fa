/**
 * Scripted calls and their ground truth, for the scripts that write labelled calls (make-demo-call.ts,
 * make-validation-calls.ts): a call written as turns placed one after another, the truth written down as
 * they are placed, and the truth file in the shared format (`softspoken.truth/1`, as the shared scorer
 * reads it).
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { clipDurationSec, loadClips, type Clip, type Placement, type Scene, type Span } from './compose.js';

/** One scripted event, in seconds: its type, span and the fields of its type (gapSec, afterPeak, atPeak). */
export type TruthEvent = { type: string; start: number; end: number; [k: string]: unknown };

/** Seconds to the millisecond, as the truth files hold them. */
export const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function findClip(id: string, clips: readonly Clip[]): Clip {
  const c = clips.find((x) => x.id === id);
  if (!c) throw new Error(`no clip ${id}`);
  return c;
}

/** The first `seconds` of a clip, faded out over 10 ms: a speaker who stops mid-sentence. */
function cut(c: Clip, seconds: number): Clip {
  const id = c.id;
  const n = Math.min(c.samples.length, Math.round(seconds * c.sampleRateHz));
  const samples = c.samples.slice(0, n);
  const fade = Math.round(0.01 * c.sampleRateHz);
  for (let i = 0; i < fade; i++) samples[n - 1 - i] = (samples[n - 1 - i] as number) * (i / fade);
  return { ...c, id: `${id}-cut`, samples };
}

/** The levels of a script, in dB. */
export interface ScriptLevels {
  /** Added to every placed clip of both parties (their line gain over the clips' native level). */
  lineDb: number;
  /** Added to the customer's clips in an angry (venting) turn. */
  ventDb: number;
  /** An agent turn (or interrupting clip) this much over the agent's normal level is a raised voice. */
  raisedDb: number;
}

/**
 * The call as a script: turns placed one after another, the truth written down as they are placed.
 * `t` is the end of the last turn; every turn starts `gapSec` after it.
 */
export class CallScript {
  readonly placements: Placement[] = [];
  readonly events: TruthEvent[] = [];
  /** who spoke last, when the customer stopped and whether that sentence was loud */
  private last: 'agent' | 'customer' | null = null;
  private customerEnd = 0;
  private customerLoud = false;

  /**
   * `t`: where the call's first turn is placed from (its gap is added); `clips`: where clip ids are looked
   * up (the fixture clips, test/fixtures/voices/, by default; the scene is then composed with the same
   * `clips`, as placements name clips by id).
   */
  constructor(
    public t: number,
    private readonly levels: ScriptLevels,
    private readonly clips: readonly Clip[] = loadClips(),
  ) {}

  private clip(id: string): Clip {
    return findClip(id, this.clips);
  }

  private dur(id: string): number {
    return clipDurationSec(this.clip(id));
  }

  /**
   * An agent turn: sentences 0.3 s apart, `gainDb` over the agent's normal level. It is a raised voice
   * when `gainDb` reaches the script's `raisedDb`, or when `raised` says so (clips that are loud as they are).
   */
  agent(ids: string[], gapSec: number, gainDb = 0, raised = gainDb >= this.levels.raisedDb): this {
    const start = this.t + gapSec;
    if (this.last === 'customer') {
      this.events.push({
        type: 'response',
        start: r3(this.customerEnd),
        end: r3(start),
        gapSec: r3(start - this.customerEnd),
        afterPeak: this.customerLoud,
      });
    }
    let t = start;
    for (const [i, id] of ids.entries()) {
      if (i > 0) t += 0.3;
      this.placements.push({
        party: 'agent',
        clip: id,
        atSec: t,
        gainDb: this.levels.lineDb + gainDb,
      });
      t += this.dur(id);
    }
    if (raised) this.events.push({ type: 'raisedVoice', start: r3(start), end: r3(t) });
    this.t = t;
    this.last = 'agent';
    return this;
  }

  /**
   * A customer turn: sentences 0.25 s apart; `angry`: venting, a peak over the whole turn.
   * `backchannel`: the agent's short clip `afterSec` into the turn while the customer goes on (`gainDb`
   * over the agent's normal level: a soft one is below it).
   * `interrupt`: the agent comes in `afterSec` into the turn (`gainDb` over their normal level; a raised
   * voice when that reaches `raisedDb`, or when `raised` says so); the customer gives up 0.5 s later,
   * mid-sentence, and the agent's sentence goes on.
   */
  customer(
    ids: string[],
    gapSec: number,
    opts: {
      angry?: boolean;
      backchannel?: { id: string; afterSec: number; gainDb?: number };
      interrupt?: { id: string; afterSec: number; gainDb?: number; raised?: boolean };
    } = {},
  ): this {
    const start = this.t + gapSec;
    const gainDb = this.levels.lineDb + (opts.angry ? this.levels.ventDb : 0);
    const stopAt = opts.interrupt ? start + opts.interrupt.afterSec + 0.5 : Infinity;
    let t = start;
    for (const [i, id] of ids.entries()) {
      if (i > 0) t += 0.25;
      if (t >= stopAt) break;
      if (t + this.dur(id) > stopAt) {
        this.placements.push({ party: 'customer', clip: cut(this.clip(id), stopAt - t), atSec: t, gainDb });
        t = stopAt;
        break;
      }
      this.placements.push({ party: 'customer', clip: id, atSec: t, gainDb });
      t += this.dur(id);
    }
    if (opts.angry) this.events.push({ type: 'customerPeak', start: r3(start), end: r3(t) });
    if (opts.backchannel) {
      const at = start + opts.backchannel.afterSec;
      const { id } = opts.backchannel;
      const gain = this.levels.lineDb + (opts.backchannel.gainDb ?? 0);
      this.placements.push({ party: 'agent', clip: id, atSec: at, gainDb: gain });
      this.events.push({ type: 'backchannel', start: r3(at), end: r3(at + this.dur(id)) });
    }
    this.customerEnd = t;
    this.customerLoud = opts.angry === true;
    this.last = 'customer';
    this.t = t;
    if (opts.interrupt) {
      const at = start + opts.interrupt.afterSec;
      const end = at + this.dur(opts.interrupt.id);
      const gain = opts.interrupt.gainDb ?? 0;
      this.placements.push({
        party: 'agent',
        clip: opts.interrupt.id,
        atSec: at,
        gainDb: this.levels.lineDb + gain,
      });
      this.events.push({
        type: 'interruption',
        start: r3(at),
        end: r3(Math.min(t, end)),
        atPeak: opts.angry === true,
      });
      if (opts.interrupt.raised ?? gain >= this.levels.raisedDb)
        this.events.push({ type: 'raisedVoice', start: r3(at), end: r3(end) });
      this.t = Math.max(t, end);
      this.last = 'agent';
    }
    return this;
  }
}

/** A truth file (`softspoken.truth/1`): the call's file and format, who speaks when, the scripted events. */
export interface Truth {
  schema: 'softspoken.truth/1';
  file: string;
  durationSec: number;
  agentChannel: 0 | 1;
  /** e.g. `pcm16_8k` */
  format: string;
  voices: { customer: string; agent: string };
  speech: { agent: Span[]; customer: Span[] };
  events: TruthEvent[];
}

/** The truth of a composed call: its speech spans and events (sorted by start), times to the millisecond. */
export function buildTruth(
  call: Pick<Truth, 'file' | 'durationSec' | 'agentChannel' | 'format' | 'voices'>,
  speech: Scene['speech'],
  events: readonly TruthEvent[],
): Truth {
  const spans = (list: Span[]): Span[] => list.map(([x, y]) => [r3(x), r3(y)]);
  return {
    schema: 'softspoken.truth/1',
    file: call.file,
    durationSec: r3(call.durationSec),
    agentChannel: call.agentChannel,
    format: call.format,
    voices: { customer: call.voices.customer, agent: call.voices.agent },
    speech: { agent: spans(speech.agent), customer: spans(speech.customer) },
    events: [...events].sort((x, y) => x.start - y.start),
  };
}

/**
 * Writes a truth file: formatted with the project's Prettier settings (`prettier`, for a file kept in the
 * repository), else as JSON indented by one space.
 */
export async function writeTruth(
  path: string,
  truth: Truth,
  options: { prettier?: boolean } = {},
): Promise<void> {
  const text = options.prettier
    ? await format(JSON.stringify(truth), { ...((await resolveConfig(path)) ?? {}), filepath: path })
    : JSON.stringify(truth, null, 1);
  writeFileSync(path, text);
}
