/**
 * Drives the turn-taking rules (Conversation) with hand-made utterances, no audio and no model: each
 * utterance is announced, under way and finished frame by frame the way the engine's speech trackers
 * report them (confirmed after minSpeechMs, finished once minSilenceMs of silence has passed).
 */
import { Conversation } from '../../src/engine/conversation.js';
import type { CallEvent, Cue } from '../../src/engine/events.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings.js';
import { ENGINE_RATE_HZ, FRAME_SAMPLES, type ActiveUtterance } from '../../src/engine/speech-tracker.js';
import type { LevelSeeds } from '../../src/engine/survey.js';

/** One scripted utterance: who, from and to (s), and its level (dB). */
export interface Said {
  who: 'agent' | 'customer';
  from: number;
  to: number;
  db: number;
}

export interface Played {
  events: CallEvent[];
  cues: Cue[];
  conversation: Conversation;
}

const sec = (samples: number): number => samples / ENGINE_RATE_HZ;

function underWay(u: Said, now: number, confirmSec: number): ActiveUtterance {
  const start = Math.round(u.from * ENGINE_RATE_HZ);
  const last = Math.min(now, Math.round(u.to * ENGINE_RATE_HZ));
  const frames = Math.max(1, Math.round((last - start) / FRAME_SAMPLES));
  return {
    startSample: start,
    lastSpeechSample: last,
    speechFrames: frames,
    levelPowerSum: frames * Math.pow(10, u.db / 10),
    recentPowerSum: Math.min(frames, 10) * Math.pow(10, u.db / 10),
    recentFrames: Math.min(frames, 10),
    centroidSum: 0,
    centroidCount: 0,
    pitchSum: 0,
    pitchCount: 0,
    peakSubDb: -Infinity,
    confirmed: sec(now - start) >= confirmSec,
  };
}

/** Plays the script through a Conversation to `untilSec` (default: 5 s after the last utterance). */
export function play(
  script: readonly Said[],
  options: { settings?: Partial<Settings>; seeds?: LevelSeeds; untilSec?: number } = {},
): Played {
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const events: CallEvent[] = [];
  const cues: Cue[] = [];
  const conversation = new Conversation(
    settings,
    (e) => void events.push(e),
    (c) => void cues.push(c),
    options.seeds,
  );
  const confirmSec = settings.minSpeechMs / 1000;
  const closeSec = settings.minSilenceMs / 1000;
  const sorted = [...script].sort((a, b) => a.from - b.from);
  const until = options.untilSec ?? Math.max(...sorted.map((u) => u.to)) + 5;
  const announced = new Set<Said>();
  const ended = new Set<Said>();
  for (let now = FRAME_SAMPLES; sec(now) <= until; now += FRAME_SAMPLES) {
    const t = sec(now);
    let customerActive: ActiveUtterance | null = null;
    let agentActive: ActiveUtterance | null = null;
    /** The agent's utterance under way, confirmed or not yet (the live talk-over cue hears it early). */
    let agentSound: ActiveUtterance | null = null;
    for (const party of ['customer', 'agent'] as const) {
      for (const u of sorted) {
        if (u.who !== party || ended.has(u) || t < u.from) continue;
        const a = underWay(u, now, confirmSec);
        if (t >= u.to + closeSec) {
          ended.add(u);
          const finished = {
            startSample: a.startSample,
            endSample: Math.round(u.to * ENGINE_RATE_HZ),
            levelDb: u.db,
            speechFrames: a.speechFrames,
            centroidHz: NaN,
            pitchSt: NaN,
          };
          if (party === 'customer') conversation.customerEnded(finished);
          else {
            if (!announced.has(u)) conversation.agentStarted(a.startSample);
            conversation.agentEnded(finished);
          }
          continue;
        }
        if (party === 'agent') agentSound = a;
        if (!a.confirmed) continue;
        if (party === 'customer') customerActive = a;
        else {
          agentActive = a;
          if (!announced.has(u)) {
            announced.add(u);
            conversation.agentStarted(a.startSample);
          }
        }
      }
    }
    conversation.setActive(customerActive, agentActive, agentSound);
    conversation.tick(now);
  }
  conversation.finish(Math.round(until * ENGINE_RATE_HZ));
  return { events, cues, conversation };
}

/** The final events but speech and verdicts, as [type, start s, end s] with times rounded to 10 ms. */
export function judged(events: readonly CallEvent[]): [string, number, number][] {
  return events
    .filter((e) => e.type !== 'speech' && e.type !== 'peakVerdict')
    .map((e): [string, number, number] => [
      e.type,
      Math.round(sec(e.startSample) * 100) / 100,
      Math.round(sec(e.endSample) * 100) / 100,
    ])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}
