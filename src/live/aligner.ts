/**
 * Two capture devices, one call: lines their samples up into equal aligned blocks for the feeder.
 *
 * Each device delivers chunks of its own size, late by its own latency, at its own clock, and may
 * deliver nothing for a while (a monitor of an idle output, a capture process being restarted). The
 * aligner places every sample on one timeline counted in samples since the session started:
 *
 * - A device's lag is how far its samples trail the wall clock when a chunk arrives. Its smallest lag
 *   over the last few seconds is its steady latency (delivery is often late, never early). Two samples
 *   at the same place on both timelines were captured at the same moment when both latencies match:
 *   the device that trails is padded (all at once for a start-up offset, one sample per delivered
 *   chunk for clock drift), so the two stay within a few milliseconds of each other for the whole call.
 * - A device that stops delivering while the other goes on is filled with silence once it trails by
 *   `stallMs`, then on every tick until it delivers again (its latency is then measured afresh); the
 *   call goes on for the other party. When both stop, nothing is filled.
 *
 * Pure and clock-injected: the tests drive it with simulated devices. Positions are samples at
 * `rateHz` (the capture rate, the same for both devices); times are milliseconds.
 */

export interface AlignerOptions {
  /** The capture rate of both devices, Hz. */
  rateHz: number;
  /** Samples per aligned block (one feeder push). */
  blockSamples: number;
  /** A device trailing the other by this much, with nothing delivered for as long, is filled with silence, ms. Default 300. */
  stallMs?: number;
  /** How long a device's smallest lag is remembered as its latency, ms. Default 5000. */
  latencyWindowMs?: number;
  /** Latency differences above this are corrected at once (start-up, a restarted device), ms. Default 10. */
  jumpMs?: number;
  /** Latency differences above this are corrected a sample per delivered chunk (drift), ms. Default 2. */
  driftToleranceMs?: number;
}

/** What the aligner did, for the session's record and the drift measurement. */
export interface AlignerStats {
  /** Samples of silence put in for a device that delivered nothing (per device). */
  filledSamples: [number, number];
  /** Samples put in to undo a start-up or restart offset (per device). */
  offsetSamples: [number, number];
  /** Single samples put in to follow clock drift (per device). */
  driftSamples: [number, number];
  /** Latency of each device as last measured, ms (null until it delivered). */
  latencyMs: [number | null, number | null];
}

interface Lane {
  queue: Float32Array[];
  /** Samples queued, not yet emitted. */
  queued: number;
  /** Offset into queue[0]. */
  head: number;
  /** Position after the last sample received or inserted. */
  pos: number;
  lastArrivalMs: number;
  /** (arrival time, lag) pairs whose lags increase: a sliding-window minimum. */
  lags: { atMs: number; lagMs: number }[];
  last: number;
  /** Filled with silence since it last delivered: stalled. */
  stalled: boolean;
  /** Back after a gap nothing filled: its latency is not compared before this time, ms. */
  settledAtMs: number;
}

export class DeviceAligner {
  private readonly lanes: [Lane, Lane];
  private readonly stallMs: number;
  private readonly windowMs: number;
  private readonly jumpMs: number;
  private readonly driftMs: number;
  private readonly stats: AlignerStats = {
    filledSamples: [0, 0],
    offsetSamples: [0, 0],
    driftSamples: [0, 0],
    latencyMs: [null, null],
  };

  /**
   * @param startMs the wall-clock time the captures were started (the timeline's zero)
   * @param emit receives each aligned block (agent, customer), in order; the arrays are fresh
   */
  constructor(
    private readonly options: AlignerOptions,
    private readonly startMs: number,
    private readonly emit: (agent: Float32Array, customer: Float32Array) => void,
  ) {
    this.stallMs = options.stallMs ?? 300;
    this.windowMs = options.latencyWindowMs ?? 5000;
    this.jumpMs = options.jumpMs ?? 10;
    this.driftMs = options.driftToleranceMs ?? 2;
    const lane = (): Lane => ({
      queue: [],
      queued: 0,
      head: 0,
      pos: 0,
      lastArrivalMs: startMs,
      lags: [],
      last: 0,
      stalled: false,
      settledAtMs: -Infinity,
    });
    this.lanes = [lane(), lane()];
  }

  get statistics(): AlignerStats {
    return {
      filledSamples: [...this.stats.filledSamples],
      offsetSamples: [...this.stats.offsetSamples],
      driftSamples: [...this.stats.driftSamples],
      latencyMs: [...this.stats.latencyMs],
    };
  }

  /** Samples emitted so far (per device, the same for both). */
  emittedSamples = 0;

  /** Device 0 (agent) or 1 (customer) delivered `samples`, which arrived at `atMs`. */
  write(device: 0 | 1, samples: Float32Array, atMs: number): void {
    if (samples.length === 0) return;
    const lane = this.lanes[device];
    if (lane.stalled) {
      // back after a stall: the silence put in was a guess, so its latency is measured afresh (the
      // lags from before would hide a resumed device placed too early for a whole latency window)
      lane.stalled = false;
      lane.lags.length = 0;
    } else if (lane.lags.length > 0 && atMs - lane.lastArrivalMs >= this.stallMs) {
      // back after a gap nothing filled (both devices stopped): it may have lost samples, which shows
      // as a higher latency only once the lags from before the gap have left its window, and the
      // other device's at a slightly different moment; compared before that, each would be padded
      // in turn by the whole gap. Until then neither is corrected.
      lane.settledAtMs = atMs + this.windowMs;
    }
    this.enqueue(lane, samples);
    lane.lastArrivalMs = atMs;
    this.noteLag(device, atMs);
    this.correct(device, atMs);
    this.drain();
  }

  /**
   * Called on a timer (every 100 ms or so): a device that delivers nothing while the other goes on is
   * filled with silence up to where its samples would be.
   */
  tick(nowMs: number): void {
    for (const device of [0, 1] as const) {
      const lane = this.lanes[device];
      const other = this.lanes[1 - device] as Lane;
      const behind = other.pos - lane.pos;
      const quietMs = nowMs - lane.lastArrivalMs;
      // once stalled, it is filled on every tick (not only each time it trails by stallMs again)
      if (quietMs < this.stallMs) continue;
      if (!lane.stalled && behind * 1000 < this.stallMs * this.options.rateHz) continue;
      // where this device's samples would be now, had it kept its latency (or the other's, if unknown)
      const latency = this.latency(device) ?? this.latency((1 - device) as 0 | 1) ?? 0;
      const target = Math.min(
        other.pos,
        Math.floor(((nowMs - this.startMs - latency) * this.options.rateHz) / 1000),
      );
      const gap = target - lane.pos;
      if (gap <= 0) continue;
      this.enqueue(lane, new Float32Array(gap));
      this.stats.filledSamples[device] += gap;
      lane.stalled = true;
    }
    this.drain();
  }

  private latency(device: 0 | 1): number | null {
    const lags = this.lanes[device].lags;
    return lags.length > 0 ? (lags[0] as { lagMs: number }).lagMs : null;
  }

  private noteLag(device: 0 | 1, atMs: number): void {
    const lane = this.lanes[device];
    const lagMs = atMs - this.startMs - (lane.pos * 1000) / this.options.rateHz;
    const lags = lane.lags;
    while (lags.length > 0 && (lags[lags.length - 1] as { lagMs: number }).lagMs >= lagMs) lags.pop();
    lags.push({ atMs, lagMs });
    while (lags.length > 1 && (lags[0] as { atMs: number }).atMs < atMs - this.windowMs) lags.shift();
    this.stats.latencyMs[device] = (lags[0] as { lagMs: number }).lagMs;
  }

  /** Pad whichever device trails: its samples are captured later than the other's at the same place. */
  private correct(device: 0 | 1, atMs: number): void {
    const la = this.latency(0);
    const lc = this.latency(1);
    if (la === null || lc === null) return;
    if (atMs < this.lanes[0].settledAtMs || atMs < this.lanes[1].settledAtMs) return;
    const diff = la - lc; // > 0: the agent's device trails
    const trailing: 0 | 1 = diff > 0 ? 0 : 1;
    const abs = Math.abs(diff);
    if (abs <= this.driftMs) return;
    const lane = this.lanes[trailing];
    let n: number;
    if (abs > this.jumpMs) {
      n = Math.round((abs * this.options.rateHz) / 1000);
      this.stats.offsetSamples[trailing] += n;
      if (trailing === device) {
        // the chunk just written showed the offset: the silence goes in front of it (nothing of it
        // has been emitted yet), so its samples land where they belong
        lane.queue.splice(lane.queue.length - 1, 0, new Float32Array(n));
        lane.queued += n;
        lane.pos += n;
      } else this.enqueue(lane, new Float32Array(n));
    } else {
      n = 1;
      this.stats.driftSamples[trailing] += 1;
      this.enqueue(lane, Float32Array.of(lane.last)); // repeat the last sample: no click
    }
    // the inserted samples moved this device's timeline: its remembered lags move with it
    const shiftMs = (n * 1000) / this.options.rateHz;
    for (const l of lane.lags) l.lagMs -= shiftMs;
    this.stats.latencyMs[trailing] = this.latency(trailing);
  }

  private enqueue(lane: Lane, samples: Float32Array): void {
    lane.queue.push(samples);
    lane.queued += samples.length;
    lane.pos += samples.length;
    lane.last = samples[samples.length - 1] as number;
  }

  private drain(): void {
    const n = this.options.blockSamples;
    const [a, c] = this.lanes;
    while (a.queued >= n && c.queued >= n) {
      const agent = take(a, n);
      const customer = take(c, n);
      this.emittedSamples += n;
      this.emit(agent, customer);
    }
  }
}

function take(lane: Lane, n: number): Float32Array {
  const out = new Float32Array(n);
  let filled = 0;
  while (filled < n) {
    const chunk = lane.queue[0] as Float32Array;
    const k = Math.min(n - filled, chunk.length - lane.head);
    out.set(chunk.subarray(lane.head, lane.head + k), filled);
    filled += k;
    lane.head += k;
    if (lane.head === chunk.length) {
      lane.queue.shift();
      lane.head = 0;
    }
  }
  lane.queued -= n;
  return out;
}
