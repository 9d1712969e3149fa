import { DEFAULT_SETTINGS, type Settings } from '../engine/settings.js';

const MEANING: Record<keyof Settings, string> = {
  vadOnThreshold: 'Silero speech probability that starts speech (0-1)',
  vadOffThreshold: 'probability below which speech may end (0-1)',
  minSilenceMs: 'silence that ends an utterance, ms',
  minSpeechMs: 'shortest speech kept, ms (clicks are shorter)',
  speechAboveNoiseDb: 'speech must be this far above the line noise, dB',
  roomTalkerBelowAgentDb: "agent-channel voices this far below the agent's own level are colleagues, dB",
  peakDb: 'customer louder than their calm level by this much is venting (a peak), dB',
  raisedVoiceDb: 'agent louder than their normal level by this much is a raised voice, dB',
  peakBridgeSec: 'loud sentences this close together form one wave, s',
  minPeakSec: 'shortest customer peak, s',
  minRaisedSec: 'shortest raised-voice span, s',
  customerCalmDb: "the customer's calm level, dB (null: measured on the call)",
  agentNormalDb: "the agent's normal level, dB (null: measured on the call)",
  maxBackchannelSec: 'longest agent utterance that can be a backchannel, s',
  customerResumeSec: 'customer resuming within this long after the agent stops keeps the floor, s',
  minPauseSec: "the wait after a peak that counts as 'waited for the pause', s",
};

export const SETTINGS_HELP = (Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[])
  .map((k) => `  ${k.padEnd(24)}${String(DEFAULT_SETTINGS[k]).padEnd(7)}${MEANING[k]}`)
  .join('\n');
