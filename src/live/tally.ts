/** The running scorecard of a live call, counted from the engine's final events as they come. */
import type { Baselines, CallEvent } from '../engine/events.js';
import type { LiveTally } from './protocol.js';

export class LiveTallyCounter {
  private readonly counts = {
    customerPeaks: 0,
    compliedPeaks: 0,
    missedPeaks: 0,
    unansweredPeaks: 0,
    interruptions: 0,
    interruptionsAtPeak: 0,
    backchannels: 0,
    raisedVoiceSpans: 0,
    raisedVoiceSec: 0,
  };
  private readonly waitsSec: number[] = [];

  /** Counts one event; true when the tally changed. */
  event(e: CallEvent, rateHz: number): boolean {
    const c = this.counts;
    switch (e.type) {
      case 'customerPeak':
        c.customerPeaks++;
        return true;
      case 'peakVerdict':
        if (e.complied === true) c.compliedPeaks++;
        else if (e.complied === false) c.missedPeaks++;
        else c.unansweredPeaks++;
        if (e.reply) this.waitsSec.push((e.reply.endSample - e.reply.startSample) / rateHz);
        return true;
      case 'interruption':
        c.interruptions++;
        if (e.atPeak) c.interruptionsAtPeak++;
        return true;
      case 'backchannel':
        c.backchannels++;
        return true;
      case 'raisedVoice':
        c.raisedVoiceSpans++;
        c.raisedVoiceSec += (e.endSample - e.startSample) / rateHz;
        return true;
      default:
        return false;
    }
  }

  snapshot(seconds: number, baselines: Baselines): LiveTally {
    const w = [...this.waitsSec].sort((a, b) => a - b);
    const mid = w.length >> 1;
    const median =
      w.length === 0
        ? null
        : w.length % 2
          ? (w[mid] as number)
          : ((w[mid - 1] as number) + (w[mid] as number)) / 2;
    return {
      ...this.counts,
      raisedVoiceSec: Math.round(this.counts.raisedVoiceSec * 10) / 10,
      seconds: Math.round(seconds * 10) / 10,
      medianWaitSec: median === null ? null : Math.round(median * 100) / 100,
      customerCalmDb:
        baselines.customerCalmDb === null ? null : Math.round(baselines.customerCalmDb * 10) / 10,
      agentNormalDb: baselines.agentNormalDb === null ? null : Math.round(baselines.agentNormalDb * 10) / 10,
    };
  }
}
