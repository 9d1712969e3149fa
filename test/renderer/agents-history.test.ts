/**
 * The agents' call history without a browser: a call recorded takes its agent from the file name by the
 * coach's pattern, a name the coach typed is never overwritten (by the pattern or by the call analysed
 * again); the date is the best clue's (a {date} in the pattern, the recording's, the file's time, else the
 * first recording) and says which; the page's data (agents, weekly series beside the team's median, no
 * trend from fewer than two calls) follows from the calls recorded; the recorder records a queue's calls
 * once each, again when a report changes, as counted (with the coach's corrections), and never the demo.
 */
import { describe, expect, it } from 'vitest';
import {
  AgentPrefs,
  CallHistory,
  cleanAgent,
  memoryHistory,
  type AnalysedCall,
} from '../../renderer/agents/call-history.js';
import {
  agentRows,
  agentSeries,
  callsOf,
  formatValue,
  noTrendReason,
  shortDay,
} from '../../renderer/agents/agents-model.js';
import { CallRecorder, dateClues, type WatchedQueue } from '../../renderer/agents/recorder.js';
import type { CallInput } from '../../renderer/host/host.js';
import type { StorageLike } from '../../renderer/live/live-prefs.js';
import type { Report } from '../../src/report/schema.js';
import { onePeakCall } from '../report/make-report.js';

const call = onePeakCall;

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const analysed = (name: string, fileDate: string | null, complied = true): AnalysedCall => ({
  key: `${name}|1|0`,
  name,
  dates: { file: fileDate },
  report: call(complied),
});

function historyWith(pattern: string, now = '2026-11-20T09:00:00.000Z') {
  const prefs = new AgentPrefs(new MemoryStorage());
  prefs.pattern = pattern;
  return { prefs, history: new CallHistory(memoryHistory(), prefs, () => new Date(now)) };
}

describe('the call history', () => {
  it('names a call’s agent by the pattern, and keeps the call’s score and what went wrong', async () => {
    const { history } = historyWith('{agent}_*');
    const kept = await history.record(analysed('anna_2026-11-02_1.wav', '2026-11-02T10:00:00.000Z', false));
    expect(kept).toMatchObject({
      agent: 'anna',
      agentByCoach: false,
      date: '2026-11-02T10:00:00.000Z',
      dateFrom: 'file',
      share: 0,
      severity: 'bad',
      summary: { customerPeaks: 1, compliedPeaks: 0, interruptionsAtPeak: 1, raisedVoiceSec: 3 },
    });
    expect(kept.problems).toMatch(/^1 of 1 peak/);
    // the timeline is not kept: only the summary's fields the trend reads
    expect(Object.keys(kept.summary).sort()).toEqual([
      'compliedPeaks',
      'customerPeaks',
      'interruptionsAtPeak',
      'medianWaitAfterPeakSec',
      'raisedVoiceSec',
      'unansweredPeaks',
    ]);
    expect((await history.record(analysed('call-0042.wav', null))).agent).toBeNull();
  });

  it('without a pattern names nobody; a pattern saved later names the calls nobody named', async () => {
    const { history, prefs } = historyWith('');
    await history.record(analysed('anna_1.wav', null));
    await history.record(analysed('bob_1.wav', null));
    await history.record(analysed('carl_1.wav', null));
    await history.setAgent('carl_1.wav|1|0', 'Carla');
    expect((await history.list()).map((c) => c.agent)).toEqual([null, null, 'Carla']);
    prefs.pattern = '{agent}_*';
    expect(await history.applyPattern()).toBe(2);
    expect((await history.list()).map((c) => c.agent)).toEqual(['anna', 'bob', 'Carla']);
  });

  it('keeps a name the coach typed when the call is analysed again, and its first date', async () => {
    const { history, prefs } = historyWith('{agent}_*');
    await history.record(analysed('anna_1.wav', null));
    await history.setAgent('anna_1.wav|1|0', '  Anna   Smith ');
    prefs.pattern = 'x-{agent}';
    const again = new CallHistory(memoryHistory(), prefs, () => new Date('2026-12-01T00:00:00Z'));
    expect((await again.record(analysed('x-bob.wav', null))).date).toBe('2026-12-01T00:00:00.000Z');
    const kept = await history.record(analysed('anna_1.wav', null, false));
    expect(kept).toMatchObject({
      agent: 'Anna Smith',
      agentByCoach: true,
      date: '2026-11-20T09:00:00.000Z',
      share: 0,
    });
    // emptied: nobody, and the pattern may name it again
    expect(await history.setAgent('anna_1.wav|1|0', '   ')).toMatchObject({
      agent: null,
      agentByCoach: false,
    });
    expect(await history.setAgent('no such call', 'Anna')).toBeNull();
  });

  it('takes the agent the report carries (a coach’s edit, a live session) over the pattern', async () => {
    const { history } = historyWith('{agent}_*');
    const report = call(true);
    const live: Report = { ...report, live: { ...liveOf(), agent: 'Dana' } };
    expect((await history.record({ key: 'k', name: 'anna_1.wav', dates: {}, report: live })).agent).toBe(
      'Dana',
    );
  });

  it('dates a call by a {date} in the pattern, else the recording’s date, else the file’s time, and says which', async () => {
    const { history, prefs } = historyWith('{agent}_*');
    // a copy made on 30 Nov of a call recorded on 3 Nov, named for 2 Nov
    const copied: AnalysedCall = {
      key: 'k1',
      name: 'anna_2026-11-02_1412.wav',
      dates: { recording: '2026-11-03T09:00:00.000Z', file: '2026-11-30T18:00:00.000Z' },
      report: call(true),
    };
    expect(await history.record(copied)).toMatchObject({
      date: '2026-11-03T09:00:00.000Z',
      dateFrom: 'recording',
    });
    expect(
      await history.record({ ...copied, key: 'k2', dates: { file: '2026-11-30T18:00:00.000Z' } }),
    ).toMatchObject({
      date: '2026-11-30T18:00:00.000Z',
      dateFrom: 'file',
    });
    expect(await history.record({ ...copied, key: 'k3', dates: {} })).toMatchObject({
      date: '2026-11-20T09:00:00.000Z',
      dateFrom: 'analysed',
    });
    // a pattern with {date}: every call dated by its name now; without it again: by the clues it had
    prefs.pattern = '{agent}_{date}_*';
    await history.applyPattern();
    expect((await history.list()).map((c) => [c.key, c.date, c.dateFrom])).toEqual([
      ['k1', '2026-11-02T00:00:00.000Z', 'name'],
      ['k2', '2026-11-02T00:00:00.000Z', 'name'],
      ['k3', '2026-11-02T00:00:00.000Z', 'name'],
    ]);
    prefs.pattern = '{agent}_*';
    await history.applyPattern();
    expect((await history.list()).map((c) => c.dateFrom).sort()).toEqual(['analysed', 'file', 'recording']);
  });

  it('lists the newest first', async () => {
    const { history } = historyWith('');
    await history.record(analysed('b.wav', '2026-11-03T00:00:00Z'));
    await history.record(analysed('a.wav', '2026-11-09T00:00:00Z'));
    await history.record(analysed('c.wav', '2026-11-01T00:00:00Z'));
    expect((await history.list()).map((c) => c.name)).toEqual(['a.wav', 'b.wav', 'c.wav']);
  });

  it('cleans names and remembers the pattern in the storage given', () => {
    expect(cleanAgent(' a\t b ')).toBe('a b');
    expect(cleanAgent('x'.repeat(300))).toHaveLength(100);
    expect(cleanAgent('')).toBeNull();
    const storage = new MemoryStorage();
    expect(new AgentPrefs(storage).pattern).toBe('');
    new AgentPrefs(storage).pattern = ' {agent}_* ';
    expect(new AgentPrefs(storage).pattern).toBe('{agent}_*');
    const refusing: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const prefs = new AgentPrefs(refusing);
    prefs.pattern = 'x';
    expect(prefs.pattern).toBe('');
  });
});

describe('the agents page’s data', () => {
  it('lists the agents with their calls and latest compliance, and each measure by week beside the team', async () => {
    const { history } = historyWith('{agent}_*');
    // Anna: week of 2 Nov one failed and one complied call; week of 9 Nov one complied; Bob: week of 2 Nov failed
    await history.record(analysed('anna_a.wav', '2026-11-02T10:00:00Z', false));
    await history.record(analysed('anna_b.wav', '2026-11-04T10:00:00Z', true));
    await history.record(analysed('anna_c.wav', '2026-11-10T10:00:00Z', true));
    await history.record(analysed('bob_a.wav', '2026-11-03T10:00:00Z', false));
    await history.record(analysed('nobody.wav', '2026-11-03T10:00:00Z', false));
    const calls = await history.list();
    expect(agentRows(calls)).toEqual([
      { agent: 'anna', calls: 3, latestShare: 1, latestDate: '2026-11-10T10:00:00.000Z' },
      { agent: 'bob', calls: 1, latestShare: 0, latestDate: '2026-11-03T10:00:00.000Z' },
    ]);
    expect(callsOf(calls, 'anna').map((c) => c.name)).toEqual(['anna_c.wav', 'anna_b.wav', 'anna_a.wav']);
    const series = agentSeries(calls, 'anna');
    expect(series.map((s) => s.key)).toEqual([
      'compliance',
      'interruptionsAtPeak',
      'raisedVoiceSec',
      'medianWaitAfterPeakSec',
    ]);
    const [compliance, interruptions, raised, wait] = series;
    expect(compliance).toMatchObject({ weeks: ['2026-11-02', '2026-11-09'], calls: [2, 1], unit: '%' });
    // Anna 1 of 2 peaks, then 1 of 1; the team (Anna 50 %, Bob 0 %) 25 %, then Anna alone
    expect(compliance?.agent).toEqual([50, 100]);
    expect(compliance?.team).toEqual([25, 100]);
    expect(interruptions?.agent).toEqual([0.5, 0]);
    expect(interruptions?.team).toEqual([0.75, 0]);
    expect(raised?.agent).toEqual([1.5, 0]);
    expect(raised?.team).toEqual([2.25, 0]);
    // waits of Anna's first week: 0.4 and 1.5 s, median 0.95; Bob 0.4 s; the team's median 0.675
    expect(wait?.agent).toEqual([0.95, 1.5]);
    expect(wait?.team).toEqual([0.675, 1.5]);
    expect(agentSeries(calls, 'nobody at all')[0]?.weeks).toEqual([]);
  });

  it('draws no trend from fewer than two calls, or from one week, and says so', () => {
    expect(noTrendReason(1, ['2026-11-02'])).toBe(
      'One call so far: no trend from one call. Its numbers are below.',
    );
    expect(noTrendReason(2, ['2026-11-02'])).toMatch(
      /^2 calls, all in the week of 2 Nov: a trend needs calls in two weeks/,
    );
    expect(noTrendReason(3, ['2026-11-02', '2026-11-09'])).toBeNull();
  });

  it('writes values and weeks as the page shows them', () => {
    expect(formatValue('%', 66.7)).toBe('67 %');
    expect(formatValue('s', 0.95)).toBe('1 s');
    expect(formatValue('per call', 0.25)).toBe('0.3');
    expect(formatValue('s', null)).toBe('–');
    expect(shortDay('2026-11-02')).toBe('2 Nov');
  });
});

describe('the recorder', () => {
  const input = (name: string, blob?: Blob): CallInput => ({
    key: `${name}|key`,
    name,
    parts: [blob ? { name, sizeBytes: blob.size, blob } : { name, sizeBytes: 0, url: name }],
    rememberedAgentSide: null,
  });

  it('records each call of a queue once done, again when its report changes, never the demo', async () => {
    const { history } = historyWith('{agent}_*');
    const recorder = new CallRecorder(() => Promise.resolve(history));
    const listeners = new Set<() => void>();
    const entries: WatchedQueue['entries'][number][] = [
      { id: 'q0', input: input('anna_1.wav'), status: { state: 'done' }, result: { report: call(true) } },
      { id: 'q1', input: input('bob_1.wav'), status: { state: 'analyzing' }, result: null },
    ];
    const queue: WatchedQueue = {
      entries,
      subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    const stop = recorder.watchQueue(queue);
    await settle();
    expect((await history.list()).map((c) => c.name)).toEqual(['anna_1.wav']);
    const bob = entries[1];
    if (!bob) throw new Error('no entry');
    bob.status = { state: 'done' };
    bob.result = { report: call(false) };
    for (const l of listeners) l();
    await settle();
    expect((await history.list()).map((c) => [c.name, c.agent, c.share])).toEqual([
      ['anna_1.wav', 'anna', 1],
      ['bob_1.wav', 'bob', 0],
    ]);
    bob.result = { report: call(true) };
    for (const l of listeners) l();
    await settle();
    expect((await history.list()).find((c) => c.agent === 'bob')?.share).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
    await recorder.record({ ...input('demo-call.wav'), key: 'demo:demo-call.wav' }, call(true));
    expect(await history.list()).toHaveLength(2);
  });

  it('finds a call’s date clues: the file’s last change, and the date its recording holds', async () => {
    const id3 = new Uint8Array([
      ...[...'ID3'].map((c) => c.charCodeAt(0)),
      4,
      0,
      0,
      0,
      0,
      0,
      30,
      ...[...'TDRC'].map((c) => c.charCodeAt(0)),
      0,
      0,
      0,
      11,
      0,
      0,
      0,
      ...[...'2026-11-01'].map((c) => c.charCodeAt(0)),
    ]);
    const file = new File([id3], 'anna_1.mp3', { lastModified: Date.UTC(2026, 10, 2, 10) });
    expect(await dateClues(input('anna_1.mp3', file), call(true))).toEqual({
      live: null,
      recording: '2026-11-01T00:00:00.000Z',
      file: '2026-11-02T10:00:00.000Z',
    });
    expect(await dateClues(input('anna_1.wav', new Blob([])), call(true))).toEqual({
      live: null,
      recording: null,
      file: null,
    });
  });

  it('records a call as counted: with the coach’s corrections', async () => {
    const { history } = historyWith('{agent}_*');
    const corrected = call(true);
    const recorder = new CallRecorder(
      () => Promise.resolve(history),
      () => corrected,
    );
    await recorder.record(input('anna_1.wav'), call(false));
    expect((await history.list())[0]?.share).toBe(1);
  });
});

function liveOf(): NonNullable<Report['live']> {
  return {
    sessionId: 's1',
    startedAt: 'not a date',
    agent: null,
    agentDevice: 'a',
    callDevice: 'b',
    recordingPath: null,
    cues: [],
    heldBack: 0,
    incidents: [],
    recovered: false,
  };
}
