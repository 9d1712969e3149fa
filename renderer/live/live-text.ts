/**
 * The words of the live screens, as pure functions of the data (tested as data): cue lines, the running
 * scorecard, device states with what to do, device-test results, the offer of a cut-off session, and which
 * devices to preselect. Measurements, never emotions: "louder than your usual level", not "angry".
 */
import type { Party } from '../../src/engine/events.js';
import type { LiveDevice, RecoverableSession } from '../../src/ipc/live.js';
import { CUE_OUTCOME_WORDS, type CueOutcome, type LiveCue, type LiveTally } from '../../src/live/protocol.js';
import type { DeviceStatus } from './live-model.js';

/** A device test whose peak stays under this heard nothing worth the name (line noise only), dBFS. */
export const NOTHING_HEARD_DB = -60;

/** m:ss of call time. */
export function callTime(sec: number): string {
  const whole = Math.max(0, Math.floor(sec));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export function outcomeWords(outcome: CueOutcome | null): string {
  return outcome === null ? 'showing' : CUE_OUTCOME_WORDS[outcome];
}

/** One line of the history: "2:14 Let them finish · confirmed". */
export function historyLine(cue: LiveCue): string {
  return `${callTime(cue.atSec)} ${cue.title} · ${outcomeWords(cue.outcome)}${cue.wrong ? ' · marked wrong' : ''}`;
}

/** The running scorecard, a label and a value per line. */
export function tallyRows(t: LiveTally): { label: string; value: string; id: string }[] {
  const judged = t.compliedPeaks + t.missedPeaks;
  return [
    {
      id: 'peaks',
      label: `Peaks ${t.customerPeaks}`,
      value:
        `waited for the pause ${t.compliedPeaks}, missed ${t.missedPeaks}` +
        (t.customerPeaks > judged ? `, open ${t.customerPeaks - judged}` : ''),
    },
    {
      id: 'interruptions',
      label: 'Interruptions',
      value: `${t.interruptions}${t.interruptionsAtPeak > 0 ? ` (${t.interruptionsAtPeak} at a peak)` : ''}`,
    },
    {
      id: 'raised',
      label: 'Raised voice',
      value:
        `${t.raisedVoiceSec.toFixed(1)} s` +
        (t.raisedVoiceSpans > 0 ? ` (${t.raisedVoiceSpans} span${t.raisedVoiceSpans === 1 ? '' : 's'})` : ''),
    },
    {
      id: 'wait',
      label: 'Median wait',
      value: t.medianWaitSec === null ? '—' : `${t.medianWaitSec.toFixed(1)} s`,
    },
  ];
}

const PARTY_DEVICE: Record<Party, string> = { agent: 'Your microphone', customer: 'The call audio' };

/** What a device's trouble means and what to do; null while it runs normally. */
export function deviceLine(party: Party, status: DeviceStatus | null): string | null {
  if (status === null || status.state === 'running' || status.state === 'starting') return null;
  const why = status.message ? `: ${status.message}` : '';
  if (status.state === 'retrying')
    return `${PARTY_DEVICE[party]} stopped${why}. Trying again; the call goes on.`;
  return (
    `${PARTY_DEVICE[party]} failed${why}. Check that the device is plugged in and not used by another ` +
    'program, then end the call and start again.'
  );
}

/** The result of a device test. */
export function testResult(peakDb: number): string {
  if (!Number.isFinite(peakDb) || peakDb < NOTHING_HEARD_DB) return 'nothing heard: check the device';
  return `peak ${Math.round(peakDb)} dBFS`;
}

/** A level meter's fill, 0 to 1, for a level in dBFS (-60 dBFS empty, 0 dBFS full). */
export function meterFill(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.min(1, Math.max(0, (db - NOTHING_HEARD_DB) / -NOTHING_HEARD_DB));
}

/** "A live call was cut off at 14:05 (12 min)": when it stopped, local time, and how much was kept. */
export function cutOffOffer(session: RecoverableSession): string {
  const started = Date.parse(session.startedAt);
  const minutes = Math.round(session.seconds / 60);
  const length = minutes < 1 ? 'under a minute' : `${minutes} min`;
  if (!Number.isFinite(started)) return `A live call was cut off (${length})`;
  const at = new Date(started + session.seconds * 1000);
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return `A live call was cut off at ${hhmm} (${length})`;
}

/**
 * The devices to preselect: the ones `devices` guessed as the agent's and the call's, else the default
 * microphone and the first monitor, never the same device twice; with no microphone at all (monitors
 * only, as on a test machine's null sinks) the agent gets another device than the call's. `remembered`
 * (the last choice) wins when that device is still there.
 */
export function preselect(
  devices: readonly LiveDevice[],
  remembered: { agent?: string | null; call?: string | null } = {},
): { agent: string | null; call: string | null } {
  const has = (name: string | null | undefined): name is string =>
    typeof name === 'string' && devices.some((d) => d.name === name);
  let agent =
    (has(remembered.agent) ? remembered.agent : null) ??
    devices.find((d) => d.guess === 'agent')?.name ??
    devices.find((d) => d.kind === 'microphone' && d.isDefault)?.name ??
    devices.find((d) => d.kind === 'microphone')?.name ??
    null;
  const call =
    (has(remembered.call) && remembered.call !== agent ? remembered.call : null) ??
    devices.find((d) => d.guess === 'call' && d.name !== agent)?.name ??
    devices.find((d) => d.kind === 'monitor' && d.name !== agent)?.name ??
    devices.find((d) => d.name !== agent)?.name ??
    null;
  agent ??= devices.find((d) => d.name !== call)?.name ?? null;
  return { agent, call };
}

/**
 * A device in a picker: its description, and what it looks like. Where another of `devices` has the same
 * description (two headsets of one model, every null sink's "Monitor of Null Output"), its name follows,
 * so the two can be told apart.
 */
export function deviceLabel(d: LiveDevice, devices: readonly LiveDevice[] = []): string {
  const guess =
    d.guess === 'agent' ? ' · looks like your headset' : d.guess === 'call' ? ' · looks like the call' : '';
  const shared =
    d.description !== '' && devices.some((o) => o.name !== d.name && o.description === d.description);
  return `${d.description || d.name}${shared ? ` (${d.name})` : ''}${guess}`;
}
