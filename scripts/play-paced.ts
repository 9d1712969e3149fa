/**
 * Writes a two-channel call into two PulseAudio pipe sources, one party each, paced by this process's
 * one clock (scripts/pulse-rig.ts playPaced); prints `START <epoch ms>` when the call's first sample is
 * due, and at the end `PACING <json>`: how late the writes were. The live benchmark runs it as a separate
 * process, so the player's CPU is not counted as live analysis.
 *
 *   npx tsx scripts/play-paced.ts CALL.wav AGENT_CHANNEL AGENT_FIFO CALL_FIFO
 */
import { performance } from 'node:perf_hooks';
import { channelPcm, playPaced } from './pulse-rig.js';

const [file, channel, agentFifo, callFifo] = process.argv.slice(2);
if (!file || (channel !== '0' && channel !== '1') || !agentFifo || !callFifo) {
  process.stderr.write('usage: play-paced.ts CALL.wav AGENT_CHANNEL AGENT_FIFO CALL_FIFO\n');
  process.exit(2);
}
const agent = Number(channel);
const pacing = await playPaced(
  [{ fifo: agentFifo }, { fifo: callFifo }],
  [channelPcm(file, agent), channelPcm(file, 1 - agent)],
  (startMs) => process.stdout.write(`START ${performance.timeOrigin + startMs}\n`),
);
process.stdout.write(`PACING ${JSON.stringify(pacing)}\n`);
