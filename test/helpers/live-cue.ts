import type { LiveCue } from '../../src/live/protocol.js';

/** A live cue as the cue policy sends it: by default a talk-over just given (provisional, not ended). */
export const talkOverCue = (over: Partial<LiveCue> = {}): LiveCue => ({
  id: 1,
  kind: 'talkingOver',
  atSec: 0,
  title: 'Let them finish',
  detail: 'you are talking over the customer',
  positive: false,
  provisional: true,
  outcome: null,
  endedSec: null,
  wrong: false,
  ...over,
});
