import type { TimelinePoint } from '../engine/engine.js';
import type { Baselines, CallEvent } from '../engine/events.js';
import type { Settings } from '../engine/settings.js';
import { ENGINE_RATE_HZ, FRAME_SAMPLES } from '../engine/speech-tracker.js';
import { TIMELINE_FRAMES } from '../engine/engine.js';
import {
  REPORT_SCHEMA,
  type Report,
  type ReportEvent,
  type SourceInfoReport,
  type Timeline,
  type PeakVerdict,
} from './schema.js';
import { roundTo } from './format.js';
import { peakVerdict, summarize, type VerdictFacts } from './verdicts.js';

const sec = (samples: number): number => roundTo(samples / ENGINE_RATE_HZ, 3);
const db = (x: number): number => roundTo(x, 1);

/** Collects the engine's event stream and timeline into a report: one reader of the stream. */
export class ReportBuilder {
  private readonly events: CallEvent[] = [];
  private readonly timeline: Timeline = {
    hopSec: (TIMELINE_FRAMES * FRAME_SAMPLES) / ENGINE_RATE_HZ,
    agentRelDb: [],
    customerRelDb: [],
    agentDb: [],
    customerDb: [],
    agentShortTermDb: [],
    customerShortTermDb: [],
    agentSpeaking: [],
    customerSpeaking: [],
  };

  event(e: CallEvent): void {
    this.events.push(e);
  }

  point(p: TimelinePoint): void {
    const t = this.timeline;
    t.agentRelDb.push(p.agentRelDb === null ? null : db(Math.max(-60, p.agentRelDb)));
    t.customerRelDb.push(p.customerRelDb === null ? null : db(Math.max(-60, p.customerRelDb)));
    t.agentDb.push(db(p.agentDb));
    t.customerDb.push(db(p.customerDb));
    t.agentShortTermDb.push(db(p.agentShortTermDb));
    t.customerShortTermDb.push(db(p.customerShortTermDb));
    t.agentSpeaking.push(p.agentSpeaking ? 1 : 0);
    t.customerSpeaking.push(p.customerSpeaking ? 1 : 0);
  }

  build(input: {
    version: string;
    source: SourceInfoReport;
    settings: Settings;
    warnings: string[];
    baselines: Baselines;
  }): Report {
    const speech: Report['speech'] = { agent: [], customer: [] };
    const events: ReportEvent[] = [];
    const verdicts = new Map<number, VerdictFacts>();
    for (const e of this.events) {
      switch (e.type) {
        case 'speech':
          speech[e.party].push([sec(e.startSample), sec(e.endSample)]);
          break;
        case 'customerPeak':
          events.push({
            type: 'customerPeak',
            start: sec(e.startSample),
            end: sec(e.endSample),
            levelAboveCalmDb: db(e.levelAboveCalmDb),
            brightnessRiseHz: e.brightnessRiseHz === null ? null : Math.round(e.brightnessRiseHz),
            verdict: undecidedVerdict(),
          });
          break;
        case 'raisedVoice':
          events.push({
            type: 'raisedVoice',
            start: sec(e.startSample),
            end: sec(e.endSample),
            levelAboveNormalDb: db(e.levelAboveNormalDb),
          });
          break;
        case 'interruption':
          events.push({
            type: 'interruption',
            start: sec(e.startSample),
            end: sec(e.endSample),
            atPeak: e.atPeak,
          });
          break;
        case 'backchannel':
          events.push({ type: 'backchannel', start: sec(e.startSample), end: sec(e.endSample) });
          break;
        case 'response':
          events.push({
            type: 'response',
            start: sec(e.startSample),
            end: sec(e.endSample),
            gapSec: sec(e.gapSamples),
            afterPeak: e.afterPeak,
          });
          break;
        case 'peakVerdict':
          verdicts.set(sec(e.startSample), {
            complied: e.complied,
            interrupted: e.interrupted,
            reply: e.reply === null ? null : { start: sec(e.reply.startSample), end: sec(e.reply.endSample) },
            raisedReply: e.raisedReply,
            unanswered: e.unanswered,
          });
          break;
        default: {
          const never: never = e;
          throw new Error(`unhandled event ${String(never)}`);
        }
      }
    }
    speech.agent.sort((a, b) => a[0] - b[0]);
    speech.customer.sort((a, b) => a[0] - b[0]);
    events.sort((a, b) => a.start - b.start || a.end - b.end);
    for (const e of events) {
      if (e.type !== 'customerPeak') continue;
      const facts = verdicts.get(e.start);
      if (facts) e.verdict = peakVerdict(facts, input.settings);
    }
    const summary = summarize(events, speech, input.source.durationSec);
    return {
      schema: REPORT_SCHEMA,
      analyzer: {
        name: 'softspoken',
        version: input.version,
        engineRateHz: ENGINE_RATE_HZ,
        vad: 'silero-vad v5 (@ricky0123/vad-web)',
      },
      source: input.source,
      settings: input.settings,
      warnings: input.warnings,
      baselines: {
        customerCalmDb: input.baselines.customerCalmDb === null ? null : db(input.baselines.customerCalmDb),
        agentNormalDb: input.baselines.agentNormalDb === null ? null : db(input.baselines.agentNormalDb),
        customerCalmFrom: input.baselines.customerCalmFrom,
        agentNormalFrom: input.baselines.agentNormalFrom,
      },
      speech,
      events,
      summary,
      timeline: this.timeline,
    };
  }
}

/** A peak's verdict before the engine's peakVerdict event decides it (every peak gets one by the call's end). */
export function undecidedVerdict(): PeakVerdict {
  return {
    complied: null,
    interrupted: false,
    waitSec: null,
    waitedLongEnough: null,
    raisedReply: false,
    unanswered: null,
    reply: null,
    reasons: [],
  };
}
