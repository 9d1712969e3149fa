/**
 * Plays a two-channel call into two PulseAudio sinks, one party each, paced by this process's clock
 * (scripts/pulse-rig.ts playPaced), and prints `START <epoch ms>` when the call's first sample is due:
 * the live benchmark runs it as a separate process, so the player's CPU is not counted as live analysis.
 *
 *   npx tsx scripts/play-paced.ts CALL.wav AGENT_CHANNEL AGENT_SINK CALL_SINK
 */
import { performance } from 'node:perf_hooks';
import { channelPcm, playPaced } from './pulse-rig.js';

const [file, channel, agentSink, callSink] = process.argv.slice(2);
if (!file || (channel !== '0' && channel !== '1') || !agentSink || !callSink) {
  process.stderr.write('usage: play-paced.ts CALL.wav AGENT_CHANNEL AGENT_SINK CALL_SINK\n');
  process.exit(2);
}
const agent = Number(channel);
await playPaced([agentSink, callSink], [channelPcm(file, agent), channelPcm(file, 1 - agent)], (startMs) =>
  process.stdout.write(`START ${performance.timeOrigin + startMs}\n`),
);
