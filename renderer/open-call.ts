/**
 * The one place a call's agent side is decided and a call analysed for it, for a call opened alone (the
 * app's controller, main.ts) and for each call of a queue (call-queue.ts): the side chosen for the call
 * before, else the one its two mono files' names say, else the left channel (the first file); then, when
 * nobody decided it and the audio says, surely enough, that the other side is the agent, analysed again
 * with the sides swapped (src/report/side-guess.ts; docs/algorithms.md, section 6).
 */
import { orderAgentFirst } from '../src/ipc/file-pair.js';
import type { SideGuess } from '../src/ipc/worker-protocol.js';
import type { CallInput } from './host/host.js';

export interface SideInfo {
  side: 0 | 1;
  files: number;
  /** The user chose this side (now or earlier); otherwise it is the file names', the guess or the default. */
  chosen: boolean;
  /** Two mono files whose names say which is the agent's decided the side (the audio was not asked). */
  byName: boolean;
  guess: SideGuess;
}

/** Whether the agent's side is only an unsure guess: nobody chose it, the names did not say, the audio is unclear. */
export function sideUnsure(side: Pick<SideInfo, 'chosen' | 'byName' | 'guess'> | null): boolean {
  return side !== null && !side.chosen && !side.byName && side.guess.confidence === 'low';
}

/** For two mono files, the one whose name says it is the agent's (0 or 1); null when the names say nothing. */
export function namedAgentFile(input: CallInput): 0 | 1 | null {
  const [first, second] = input.parts;
  if (input.parts.length !== 2 || first === undefined || second === undefined) return null;
  const pair = orderAgentFirst<0 | 1>(0, 1, (k) => (k === 0 ? first : second).name);
  return pair.byName ? pair.files[0] : null;
}

/**
 * Analyses `input` for its agent side: `run(side, again)` analyses it with `side` as the agent (`again`: the
 * second run, with the sides swapped) and gives its result, or null when cancelled. `chosenSide` is a side
 * chosen for the call this session that the host does not remember (the demo). Null when cancelled.
 */
export async function analyzeForSide<R extends { guess: SideGuess }>(
  input: CallInput,
  run: (side: 0 | 1, again: boolean) => Promise<R | null>,
  chosenSide: 0 | 1 | null = null,
): Promise<{ result: R; side: SideInfo } | null> {
  const remembered = input.rememberedAgentSide ?? chosenSide;
  // two mono files whose names say which is the agent's are taken at their word (README), not guessed
  const named = remembered === null ? namedAgentFile(input) : null;
  let side: 0 | 1 = remembered ?? named ?? 0;
  let result = await run(side, false);
  if (result === null) return null;
  const guessing = remembered === null && named === null;
  if (guessing && result.guess.agentSide !== side && result.guess.confidence !== 'low') {
    side = result.guess.agentSide;
    result = await run(side, true);
    if (result === null) return null;
  }
  return {
    result,
    side: {
      side,
      files: input.parts.length,
      chosen: remembered !== null,
      byName: named !== null,
      guess: result.guess,
    },
  };
}
