/**
 * The queue of calls, as data: each call's status, its summary in a coach's words (from the scorecard and
 * the review's headline, src/report), and the table's sort order. Pure: no DOM, no workers, tested as data.
 */
import type { Report } from '../../src/report/schema.js';
import { reviewHeadline } from '../../src/report/review-words.js';
import { buildScorecard } from '../../src/report/scorecard.js';
import type { Severity } from '../../src/report/palette.js';

export type QueueStatus =
  | { state: 'queued' }
  /** `percent` of the analysis (null until the length is known); `again` on the run with the sides swapped. */
  | { state: 'analyzing'; percent: number | null; again: boolean }
  /** `cached`: the report came from the cache, not from an analysis now. */
  | { state: 'done'; cached: boolean }
  | { state: 'failed'; reason: string };

/** What the table shows of an analysed call. */
export interface CallSummary {
  /** Complied peaks over judged peaks, 0 to 1; null when no peak was judged. */
  share: number | null;
  /** Judged peaks not complied with. */
  failedPeaks: number;
  raisedVoiceSpans: number;
  raisedVoiceSec: number;
  /** "2 of 3 peaks not complied: P1 talked over, P3 raised reply · 1 raised voice". */
  problems: string;
  severity: Severity;
}

export interface QueueRow {
  id: string;
  name: string;
  status: QueueStatus;
  summary: CallSummary | null;
  /** The agent's side is only an unsure guess (nobody chose it): the row says so. */
  sideUnsure?: boolean;
}

export type QueueColumn = 'name' | 'status' | 'score' | 'problems';
export type SortDirection = 'ascending' | 'descending';
export interface QueueSort {
  column: QueueColumn;
  direction: SortDirection;
}

/** Worst first: the lowest compliance on top; calls not yet analysed and failed ones last. */
export const DEFAULT_SORT: QueueSort = { column: 'score', direction: 'ascending' };

/** The direction a column sorts in on its first click: the worst or the first of it on top. */
export const FIRST_DIRECTION: Record<QueueColumn, SortDirection> = {
  name: 'ascending',
  status: 'ascending',
  score: 'ascending',
  problems: 'descending',
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** A call's summary: the headline's lead (what went wrong at the peaks) and the agent's raised voice. */
export function summarizeReport(report: Report): CallSummary {
  const card = buildScorecard(report);
  const headline = reviewHeadline(card);
  // the headline's words (src/report/review-words.ts): "2 of 3 peaks not complied: P1 talked over, P3 raised reply"
  const failed = headline.failed.map((f) => `${f.name} ${f.what}`).join(', ');
  const parts = [failed === '' ? headline.lead : `${headline.lead}: ${failed}`];
  if (card.raisedVoice.spans > 0) parts.push(plural(card.raisedVoice.spans, 'raised voice', 'raised voices'));
  if (card.interruptions.atPeak > 0 && !headline.failed.length)
    parts.push(plural(card.interruptions.atPeak, 'talk-over at a peak', 'talk-overs at peaks'));
  const severity: Severity =
    headline.severity === 'ok' && card.raisedVoice.spans > 0 ? 'neutral' : headline.severity;
  return {
    share: card.compliance.share,
    failedPeaks: headline.failed.length,
    raisedVoiceSpans: card.raisedVoice.spans,
    raisedVoiceSec: card.raisedVoice.seconds,
    problems: parts.join(' · '),
    severity,
  };
}

/** The status in words: "queued", "analyzing 42 %", "done", "cached", "failed". */
export function statusText(status: QueueStatus): string {
  switch (status.state) {
    case 'queued':
      return 'queued';
    case 'analyzing':
      return `analyzing${status.again ? ' again' : ''}${status.percent === null ? '…' : ` ${status.percent} %`}`;
    case 'done':
      return status.cached ? 'done · cached' : 'done';
    case 'failed':
      return 'failed';
  }
}

/** The score in words: "33 %", "–" when nothing was judged or not analysed yet. */
export function scoreText(summary: CallSummary | null): string {
  return summary?.share == null ? '–' : `${Math.round(summary.share * 100)} %`;
}

/**
 * Where a row sorts regardless of direction: analysed calls with a score, analysed calls with nothing to
 * judge, calls still to analyse, failed calls.
 */
function group(row: QueueRow): number {
  if (row.status.state === 'failed') return 3;
  if (row.summary === null) return 2;
  return row.summary.share === null ? 1 : 0;
}

const STATUS_RANK: Record<QueueStatus['state'], number> = { done: 0, analyzing: 1, queued: 2, failed: 3 };

const byName = (a: QueueRow, b: QueueRow): number =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

/** How bad a call is beyond its score: failed peaks first, then seconds of raised voice. */
function badness(a: QueueRow, b: QueueRow): number {
  const x = a.summary;
  const y = b.summary;
  if (x === null || y === null) return 0;
  return y.failedPeaks - x.failedPeaks || y.raisedVoiceSec - x.raisedVoiceSec;
}

/** The rows in table order (a new array). Ties go by name, so the order is stable whatever came first. */
export function sortQueue(rows: readonly QueueRow[], sort: QueueSort = DEFAULT_SORT): QueueRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const compare = (a: QueueRow, b: QueueRow): number => {
    switch (sort.column) {
      case 'name':
        return sign * byName(a, b);
      case 'status':
        return sign * (STATUS_RANK[a.status.state] - STATUS_RANK[b.status.state]) || byName(a, b);
      case 'score': {
        const g = group(a) - group(b);
        if (g !== 0) return g;
        const share = (a.summary?.share ?? 0) - (b.summary?.share ?? 0);
        return sign * share || badness(a, b) || byName(a, b);
      }
      case 'problems': {
        // analysed calls (with or without a score) by what went wrong; then to analyse, then failed
        const g = Math.max(1, group(a)) - Math.max(1, group(b));
        if (g !== 0 || a.summary === null || b.summary === null) return g || byName(a, b);
        const count = (s: CallSummary) => s.failedPeaks + s.raisedVoiceSpans;
        return sign * (count(a.summary) - count(b.summary)) || badness(a, b) || byName(a, b);
      }
    }
  };
  return [...rows].sort(compare);
}

/** The next state of a sort when a column's header is clicked: that column, or its other direction. */
export function clickSort(current: QueueSort, column: QueueColumn): QueueSort {
  if (current.column !== column) return { column, direction: FIRST_DIRECTION[column] };
  return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** The row after (step 1) or before (step -1) `id` in `order`, or null at either end. */
export function neighbour(order: readonly string[], id: string, step: 1 | -1): string | null {
  const at = order.indexOf(id);
  if (at < 0) return null;
  return order[at + step] ?? null;
}
