/**
 * Agents over time: which agent a call belongs to (set by the coach, or read from the file name with a
 * pattern such as `{agent}_*`), and each agent's trend, week by week, of the four things a coach follows:
 * compliance at customer peaks, interruptions at peaks, seconds of raised voice and the median wait after
 * peaks, beside the team's median for the same weeks. Portable (the app's agent page).
 */
import { dateFromText } from './call-date.js';
import { roundTo } from './format.js';
import type { Summary } from './schema.js';

/** The measures of the trend, as a call's report summarises them. */
export type TrendMeasure = 'compliance' | 'interruptionsAtPeak' | 'raisedVoiceSec' | 'medianWaitAfterPeakSec';

export const TREND_MEASURES: readonly { key: TrendMeasure; label: string; better: 'higher' | 'lower' }[] = [
  { key: 'compliance', label: 'Compliance at customer peaks', better: 'higher' },
  { key: 'interruptionsAtPeak', label: 'Interruptions at peaks (per call)', better: 'lower' },
  { key: 'raisedVoiceSec', label: 'Raised voice (s per call)', better: 'lower' },
  { key: 'medianWaitAfterPeakSec', label: 'Median wait after peaks (s)', better: 'higher' },
];

/** What the trend reads of a call's report: its summary's counts (a whole Report fits). */
export type TrendSummary = Pick<
  Summary,
  | 'customerPeaks'
  | 'compliedPeaks'
  | 'unansweredPeaks'
  | 'interruptionsAtPeak'
  | 'raisedVoiceSec'
  | 'medianWaitAfterPeakSec'
>;

/** The summary's fields the trend reads, copied out of a report (to keep a call without its timeline). */
export function trendSummary(summary: TrendSummary): TrendSummary {
  const { customerPeaks, compliedPeaks, unansweredPeaks, interruptionsAtPeak, raisedVoiceSec } = summary;
  return {
    customerPeaks,
    compliedPeaks,
    unansweredPeaks,
    interruptionsAtPeak,
    raisedVoiceSec,
    medianWaitAfterPeakSec: summary.medianWaitAfterPeakSec,
  };
}

/** One analysed call, for the trend. */
export interface AgentCall {
  agent: string;
  /** When the call took place (or was opened), ISO 8601. */
  date: string;
  /** The call's report, or only the summary fields the trend reads. */
  report: { summary: TrendSummary };
}

/** One week of one agent, or of the team (the median of each agent's value that week). */
export interface TrendPoint {
  /** Monday of the ISO week, yyyy-mm-dd. */
  week: string;
  calls: number;
  values: Record<TrendMeasure, number | null>;
}

export interface AgentTrend {
  agent: string;
  points: TrendPoint[];
  /** The team's median of the agents' weekly values, for the same weeks. */
  team: TrendPoint[];
}

/** What a file name holds by the coach's pattern: the agent's name and the call's date, each or null. */
export interface NameFields {
  agent: string | null;
  /** ISO 8601 (call-date.ts `dateFromText`). */
  date: string | null;
}

/** A date as file names write it (call-date.ts reads it): 2026-11-03, 20261103, maybe with a time after it. */
const DATE_IN_NAME = String.raw`\d{4}[-_.]?\d{2}[-_.]?\d{2}(?:[T _-]?\d{2}[:.]?\d{2}(?:[:.]?\d{2})?)?`;

/**
 * The fields a file name holds, by `pattern`: the file name without its folder and extension, with
 * `{agent}` standing for the agent's name, `{date}` for the call's date (2026-11-03, 20261103, maybe with a
 * time) and `*` for anything (`{agent}_{date}_*` takes `anna_2026-11-03_1412` to anna and 3 Nov 2026).
 * A field the pattern lacks, or a name that does not fit it, gives null.
 */
export function fieldsFromFileName(fileName: string, pattern: string): NameFields {
  const none: NameFields = { agent: null, date: null };
  if (!pattern.includes('{agent}') && !pattern.includes('{date}')) return none;
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
  const escaped = pattern
    .split(/(\{agent\}|\{date\})/)
    .map((part) =>
      part === '{agent}'
        ? '(?<agent>.+?)'
        : part === '{date}'
          ? `(?<date>${DATE_IN_NAME})`
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*'),
    )
    .join('');
  let match: RegExpExecArray | null;
  try {
    match = new RegExp(`^${escaped}$`, 'i').exec(base);
  } catch {
    return none; // a pattern with a field twice cannot be read
  }
  const agent = match?.groups?.['agent']?.trim() || null;
  const date = match?.groups?.['date'];
  return { agent, date: date === undefined ? null : dateFromText(date.replace(/\./g, ':')) };
}

/** The agent's name a file name holds, by `pattern` (fieldsFromFileName); null when none. */
export function agentFromFileName(fileName: string, pattern: string): string | null {
  return fieldsFromFileName(fileName, pattern).agent;
}

/** Monday (UTC) of the ISO week of `iso`, yyyy-mm-dd; null for a date that cannot be read. */
export function weekOf(iso: string): string | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const day = new Date(t);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - sinceMonday))
    .toISOString()
    .slice(0, 10);
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const r3 = (x: number | null): number | null => (x === null ? null : roundTo(x, 3));

/** One point from some calls: compliance over all their judged peaks, the rest per call or median. */
function pointOf(week: string, calls: readonly AgentCall[]): TrendPoint {
  const s = calls.map((c) => c.report.summary);
  const judged = s.reduce((n, x) => n + x.customerPeaks - x.unansweredPeaks, 0);
  const complied = s.reduce((n, x) => n + x.compliedPeaks, 0);
  const waits = s.map((x) => x.medianWaitAfterPeakSec).filter((w): w is number => w !== null);
  return {
    week,
    calls: calls.length,
    values: {
      compliance: judged > 0 ? r3(complied / judged) : null,
      interruptionsAtPeak: r3(s.reduce((n, x) => n + x.interruptionsAtPeak, 0) / calls.length),
      raisedVoiceSec: r3(s.reduce((n, x) => n + x.raisedVoiceSec, 0) / calls.length),
      medianWaitAfterPeakSec: r3(median(waits)),
    },
  };
}

/** Calls grouped by week, weeks in order (calls whose date cannot be read are left out). */
function byWeek(calls: readonly AgentCall[]): Map<string, AgentCall[]> {
  const weeks = new Map<string, AgentCall[]>();
  for (const call of calls) {
    const week = weekOf(call.date);
    if (week !== null) weeks.set(week, [...(weeks.get(week) ?? []), call]);
  }
  return new Map([...weeks].sort(([a], [b]) => a.localeCompare(b)));
}

/** Every agent's weekly trend, and the team's median beside it, from all the calls known. */
export function agentTrends(calls: readonly AgentCall[]): AgentTrend[] {
  const agents = [...new Set(calls.map((c) => c.agent))].sort((a, b) => a.localeCompare(b));
  const weekly = new Map(
    agents.map((agent) => [
      agent,
      [...byWeek(calls.filter((c) => c.agent === agent))].map(([week, cs]) => pointOf(week, cs)),
    ]),
  );
  const teamWeek = (week: string): TrendPoint => {
    const points = agents.flatMap((a) => (weekly.get(a) ?? []).filter((p) => p.week === week));
    const values = {} as Record<TrendMeasure, number | null>;
    for (const { key } of TREND_MEASURES) {
      values[key] = r3(median(points.map((p) => p.values[key]).filter((v): v is number => v !== null)));
    }
    return { week, calls: points.reduce((n, p) => n + p.calls, 0), values };
  };
  return agents.map((agent) => {
    const points = weekly.get(agent) ?? [];
    return { agent, points, team: points.map((p) => teamWeek(p.week)) };
  });
}
