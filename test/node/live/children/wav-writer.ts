/**
 * Child process of wav-recorder.test.ts: records a known two-channel signal as fast as it can, in
 * 320-frame blocks, flushing after every block so that it is nearly always writing, and printing
 * `flushed N` every 2 s of audio, until it is killed.
 * Usage: tsx wav-writer.ts FILE
 */
import { WavRecorder } from '../../../../src/node/live/wav-recorder.js';
import { knownBlock } from './known-signal.js';

const BLOCK = 320;
const REPORT_EVERY = 32000;
const recorder = new WavRecorder(process.argv[2] as string, 16000);
let frame = 0;
function more(): void {
  const [agent, customer] = knownBlock(frame, BLOCK);
  recorder.write(agent, customer);
  recorder.flush();
  frame += BLOCK;
  if (frame % REPORT_EVERY === 0) process.stdout.write(`flushed ${recorder.framesFlushed}\n`);
  setImmediate(more);
}
more();
