/**
 * The queue's table as data: what a call's row says (from the scorecard and the review's headline), and the
 * sort order: worst first by default, calls not yet analysed and failed ones last whatever the direction,
 * each column both ways, ties by name.
 */
import { describe, expect, it } from 'vitest';
import {
  clickSort,
  DEFAULT_SORT,
  neighbour,
  scoreText,
  sortQueue,
  statusText,
  summarizeReport,
  type CallSummary,
  type QueueRow,
  type QueueStatus,
} from '../../renderer/queue/queue-model.js';
import { calmCall, threePeakCall } from '../report/make-report.js';

const summary = (share: number | null, failedPeaks = 0, raisedVoiceSec = 0): CallSummary => ({
  share,
  failedPeaks,
  raisedVoiceSpans: raisedVoiceSec > 0 ? 1 : 0,
  raisedVoiceSec,
  problems: '',
  severity: failedPeaks > 0 ? 'bad' : 'ok',
});
const done: QueueStatus = { state: 'done', cached: false };
const row = (name: string, status: QueueStatus, s: CallSummary | null = null): QueueRow => ({
  id: name,
  name,
  status,
  summary: s,
});

const rows: QueueRow[] = [
  row('queued.wav', { state: 'queued' }),
  row('half.wav', done, summary(0.5, 1)),
  row('bad.wav', { state: 'failed', reason: 'notes.wav: not an audio file' }),
  row('calm.wav', done, summary(null)),
  row('worst.wav', done, summary(0, 2)),
  row('all-good.wav', done, summary(1)),
  row('busy.wav', { state: 'analyzing', percent: 40, again: false }),
  row('worst-raised.wav', done, summary(0, 2, 3.5)),
];
const names = (sorted: QueueRow[]) => sorted.map((r) => r.name);

describe('a call in the queue', () => {
  it('says what went wrong in the headline’s words, with the agent’s raised voice', () => {
    // threePeakCall: P1 talked over and replied too soon, P2 complied, P3 replied in a raised voice
    const s = summarizeReport(threePeakCall());
    expect(s.share).toBeCloseTo(1 / 3, 3); // the report rounds to 3 decimals
    expect(s.failedPeaks).toBe(2);
    expect(s.raisedVoiceSpans).toBe(1);
    expect(s.raisedVoiceSec).toBeCloseTo(2.3, 6);
    expect(s.problems).toBe(
      '2 of 3 peaks not complied: P1 talked over + replied too soon, P3 raised reply · 1 raised voice',
    );
    expect(s.severity).toBe('bad');
    expect(scoreText(s)).toBe('33 %');
  });

  it('says a call without peaks has nothing to judge, and shows no score', () => {
    const s = summarizeReport(calmCall());
    expect(s.share).toBeNull();
    expect(s.problems).toBe('No customer peaks: nothing to judge');
    expect(scoreText(s)).toBe('–');
    expect(scoreText(null)).toBe('–');
  });

  it('words each status', () => {
    expect(statusText({ state: 'queued' })).toBe('queued');
    expect(statusText({ state: 'analyzing', percent: null, again: false })).toBe('analyzing…');
    expect(statusText({ state: 'analyzing', percent: 42, again: true })).toBe('analyzing again 42 %');
    expect(statusText({ state: 'done', cached: true })).toBe('done · cached');
    expect(statusText({ state: 'failed', reason: 'x' })).toBe('failed');
  });
});

describe('the queue’s sort order', () => {
  it('puts the worst first by default: lowest score, then more failed peaks, then more raised voice', () => {
    expect(DEFAULT_SORT).toEqual({ column: 'score', direction: 'ascending' });
    expect(names(sortQueue(rows))).toEqual([
      'worst-raised.wav',
      'worst.wav',
      'half.wav',
      'all-good.wav',
      'calm.wav', // nothing judged
      'busy.wav', // not analysed yet, by name
      'queued.wav',
      'bad.wav', // failed: last
    ]);
  });

  it('keeps calls not analysed and failed ones last when the score sorts best first', () => {
    expect(names(sortQueue(rows, { column: 'score', direction: 'descending' }))).toEqual([
      'all-good.wav',
      'half.wav',
      'worst-raised.wav', // ties at 0 % stay worst first
      'worst.wav',
      'calm.wav',
      'busy.wav',
      'queued.wav',
      'bad.wav',
    ]);
  });

  it('sorts by name both ways, numbers in names in their order', () => {
    const numbered = [row('call 10.wav', done), row('call 9.wav', done), row('Call 2.wav', done)];
    expect(names(sortQueue(numbered, { column: 'name', direction: 'ascending' }))).toEqual([
      'Call 2.wav',
      'call 9.wav',
      'call 10.wav',
    ]);
    expect(names(sortQueue(numbered, { column: 'name', direction: 'descending' }))).toEqual([
      'call 10.wav',
      'call 9.wav',
      'Call 2.wav',
    ]);
  });

  it('sorts by status: done, analyzing, queued, failed; ties by name', () => {
    expect(names(sortQueue(rows, { column: 'status', direction: 'ascending' })).slice(-3)).toEqual([
      'busy.wav',
      'queued.wav',
      'bad.wav',
    ]);
    expect(names(sortQueue(rows, { column: 'status', direction: 'descending' }))[0]).toBe('bad.wav');
  });

  it('sorts by what went wrong: most problems first on the first click', () => {
    const sort = clickSort(DEFAULT_SORT, 'problems');
    expect(sort).toEqual({ column: 'problems', direction: 'descending' });
    expect(names(sortQueue(rows, sort))).toEqual([
      'worst-raised.wav', // 2 failed peaks + 1 raised voice
      'worst.wav',
      'half.wav',
      'all-good.wav', // no problems, by name
      'calm.wav',
      'busy.wav',
      'queued.wav',
      'bad.wav',
    ]);
  });

  it('turns a column the other way on a second click, and starts a new column in its first direction', () => {
    const byName = clickSort(DEFAULT_SORT, 'name');
    expect(byName).toEqual({ column: 'name', direction: 'ascending' });
    expect(clickSort(byName, 'name')).toEqual({ column: 'name', direction: 'descending' });
    expect(clickSort(clickSort(byName, 'name'), 'score')).toEqual(DEFAULT_SORT);
  });

  it('does not change the rows it is given', () => {
    const before = names(rows);
    sortQueue(rows, { column: 'name', direction: 'descending' });
    expect(names(rows)).toEqual(before);
  });

  it('finds the next and previous call in the table’s order', () => {
    const order = ['a', 'b', 'c'];
    expect(neighbour(order, 'b', 1)).toBe('c');
    expect(neighbour(order, 'b', -1)).toBe('a');
    expect(neighbour(order, 'c', 1)).toBeNull();
    expect(neighbour(order, 'a', -1)).toBeNull();
    expect(neighbour(order, 'x', 1)).toBeNull();
  });
});
