/**
 * The agents page as data: the list of agents, an agent's calls, and each trend measure's weekly values
 * beside the team's median, in the words and units the page shows. Pure: no DOM, tested as data.
 */
import { agentTrends, TREND_MEASURES, type TrendMeasure, type TrendPoint } from '../../src/report/agents.js';
import { roundTo } from '../../src/report/format.js';
import type { HistoryCall } from './call-history.js';

export interface AgentRow {
  agent: string;
  calls: number;
  /** The compliance of the agent's latest call with a judged peak (0 to 1); null when none has one. */
  latestShare: number | null;
  /** The date of their latest call, ISO 8601. */
  latestDate: string;
}

/** One measure's chart and table: the weeks, the agent's values and the team's median, in display units. */
export interface MeasureSeries {
  key: TrendMeasure;
  label: string;
  better: 'higher' | 'lower';
  /** The unit of the values: percent for compliance. */
  unit: '%' | 'per call' | 's';
  /** Monday of each week, yyyy-mm-dd. */
  weeks: string[];
  /** Calls of the agent each week. */
  calls: number[];
  agent: (number | null)[];
  team: (number | null)[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2 Nov" for 2026-11-02 (a week's Monday on the chart's axis); the text as given when unreadable. */
export function shortDay(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${Number(m[3])} ${month}` : isoDay;
}

/** "2 Nov 2026" (a call's date in the tables), in UTC as the weeks are. */
export function longDay(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const day = new Date(t).toISOString().slice(0, 10);
  return `${shortDay(day)} ${day.slice(0, 4)}`;
}

const UNITS: Record<TrendMeasure, MeasureSeries['unit']> = {
  compliance: '%',
  interruptionsAtPeak: 'per call',
  raisedVoiceSec: 's',
  medianWaitAfterPeakSec: 's',
};

/** A measure's value as the page writes it: "67 %", "0.5", "1.5 s", "–" for none. */
export function formatValue(unit: MeasureSeries['unit'], value: number | null): string {
  if (value === null) return '–';
  if (unit === '%') return `${Math.round(value)} %`;
  const rounded = roundTo(value, 1);
  return unit === 's' ? `${rounded} s` : String(rounded);
}

/**
 * Why an agent's trend is not drawn, in words, or null when it is: a trend needs two calls or more, in two
 * weeks or more (a chart of one point says nothing, and a week is the trend's step).
 */
export function noTrendReason(calls: number, weeks: readonly string[]): string | null {
  if (calls === 0) return 'No calls with a readable date: no trend.';
  if (calls === 1) return 'One call so far: no trend from one call. Its numbers are below.';
  if (weeks.length < 2) {
    const week = weeks[0];
    return `${calls} calls, all in the week of ${week ? shortDay(week) : 'one week'}: a trend needs calls in two weeks or more. Their numbers are below.`;
  }
  return null;
}

/** Every named agent: their count of calls and latest compliance, by name. */
export function agentRows(calls: readonly HistoryCall[]): AgentRow[] {
  const by = new Map<string, HistoryCall[]>();
  for (const call of calls)
    if (call.agent !== null) by.set(call.agent, [...(by.get(call.agent) ?? []), call]);
  return [...by]
    .map(([agent, own]) => {
      const newest = [...own].sort((a, b) => b.date.localeCompare(a.date));
      return {
        agent,
        calls: own.length,
        latestShare: newest.find((c) => c.share !== null)?.share ?? null,
        latestDate: newest[0]?.date ?? '',
      };
    })
    .sort((a, b) => a.agent.localeCompare(b.agent));
}

/** The agent's calls, newest first. */
export function callsOf(calls: readonly HistoryCall[], agent: string): HistoryCall[] {
  return calls.filter((c) => c.agent === agent).sort((a, b) => b.date.localeCompare(a.date));
}

/** Each measure's weekly series for `agent`, with the team's median of the same weeks (every named agent). */
export function agentSeries(calls: readonly HistoryCall[], agent: string): MeasureSeries[] {
  const named = calls.flatMap((c) =>
    c.agent === null ? [] : [{ agent: c.agent, date: c.date, report: { summary: c.summary } }],
  );
  const trend = agentTrends(named).find((t) => t.agent === agent);
  const points: TrendPoint[] = trend?.points ?? [];
  const team: TrendPoint[] = trend?.team ?? [];
  return TREND_MEASURES.map(({ key, label, better }) => {
    const scale = (v: number | null) =>
      v === null ? null : key === 'compliance' ? Math.round(v * 1000) / 10 : v;
    return {
      key,
      label,
      better,
      unit: UNITS[key],
      weeks: points.map((p) => p.week),
      calls: points.map((p) => p.calls),
      agent: points.map((p) => scale(p.values[key])),
      team: team.map((p) => scale(p.values[key])),
    };
  });
}
