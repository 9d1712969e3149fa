/**
 * The history of analysed calls behind the agents page: each call once, by its stable key (CallInput.key),
 * with its date (and where the date came from), its agent's name and what the trend and the page show of
 * its report as counted (with the coach's corrections; never the audio, nor the report's timeline). Kept in
 * this origin's IndexedDB (database `softspoken-agents`; memory where it cannot be opened). The agent's
 * name comes from the coach, or from the file name by the pattern the coach set (AgentPrefs,
 * localStorage); a name the coach set is never overwritten by the pattern. The date comes from the best
 * clue (src/report/call-date.ts): a `{date}` in the pattern, the recording's own date, the file's time.
 */
import { fieldsFromFileName, trendSummary, type TrendSummary } from '../../src/report/agents.js';
import { chooseCallDate, type CallDateSource, type DateClues } from '../../src/report/call-date.js';
import type { Report } from '../../src/report/schema.js';
import type { Severity } from '../../src/report/palette.js';
import type { StorageLike } from '../live/live-prefs.js';
import { summarizeReport } from '../queue/queue-model.js';

/** An agent's name, at most this many characters (src/report/coach.ts keeps the same limit). */
export const MAX_AGENT_CHARS = 100;
/** A pattern, at most this many characters. */
const MAX_PATTERN_CHARS = 200;

/** One analysed call as the history keeps it. */
export interface HistoryCall {
  key: string;
  name: string;
  /** When the call took place, by the best clue known (`dateFrom`); ISO 8601. */
  date: string;
  /** Where `date` came from: the live call, the file name, the recording, the file's time, the analysis. */
  dateFrom: CallDateSource;
  /** The clues other than the file name (kept so that a new pattern can date the call again). */
  dates: Omit<DateClues, 'name'>;
  /** When the history first recorded the call, ISO 8601. */
  firstRecorded: string;
  /** Null: nobody named the agent and the pattern did not fit. */
  agent: string | null;
  /** True when the coach typed the name (the pattern then leaves it alone). */
  agentByCoach: boolean;
  summary: TrendSummary;
  /** Complied peaks over judged peaks, 0 to 1; null when no peak was judged. */
  share: number | null;
  /** What went wrong, in the queue's words ("2 of 3 peaks not complied: …"). */
  problems: string;
  severity: Severity;
  /** When the history last recorded the call's analysis, ISO 8601. */
  recordedAt: string;
}

/** A call just analysed, to record. */
export interface AnalysedCall {
  key: string;
  name: string;
  /** What is known of its date besides its name: a live call's start, the recording's date, the file's time. */
  dates: Omit<DateClues, 'name'>;
  /** The report as counted (with the coach's corrections). */
  report: Report;
}

/** Where the history lives (IndexedDB, or memory). */
export interface HistoryBackend {
  get(key: string): Promise<HistoryCall | null>;
  put(call: HistoryCall): Promise<void>;
  all(): Promise<HistoryCall[]>;
}

/** A name as kept: trimmed, one space between words, at most MAX_AGENT_CHARS; null when empty. */
export function cleanAgent(name: string | null | undefined): string | null {
  const clean = (name ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_AGENT_CHARS).trim();
  return clean === '' ? null : clean;
}

/** The agent's name the report itself carries: the coach's (review) or the live session's; null when none. */
function reportAgent(report: Report): string | null {
  return cleanAgent(report.coach?.agent) ?? cleanAgent(report.live?.agent);
}

/** A record's date by `pattern` and the clues it holds (a new pattern dates the calls again). */
function dated(
  call: Pick<HistoryCall, 'name' | 'dates' | 'firstRecorded'>,
  pattern: string,
): Pick<HistoryCall, 'date' | 'dateFrom'> {
  const { date, from } = chooseCallDate(
    { ...call.dates, name: fieldsFromFileName(call.name, pattern).date },
    call.firstRecorded,
  );
  return { date, dateFrom: from };
}

/**
 * The history's record of `call`, given what it held before (`existing`) and the file-name `pattern`:
 * a name the coach set stays; else the report's own name, else the one already held, else the pattern's.
 * The date is the best clue's (call-date.ts), else when the call was first recorded.
 */
export function mergeRecord(
  existing: HistoryCall | null,
  call: AnalysedCall,
  pattern: string,
  now: Date,
): HistoryCall {
  const fromReport = reportAgent(call.report);
  const byCoach = existing?.agentByCoach === true || fromReport !== null;
  const agent =
    existing?.agentByCoach === true
      ? existing.agent
      : (fromReport ?? existing?.agent ?? cleanAgent(fieldsFromFileName(call.name, pattern).agent));
  const summary = summarizeReport(call.report);
  const firstRecorded = existing?.firstRecorded ?? now.toISOString();
  const dates = { ...call.dates, live: call.dates.live ?? liveStart(call.report) };
  return {
    key: call.key,
    name: call.name,
    ...dated({ name: call.name, dates, firstRecorded }, pattern),
    dates,
    firstRecorded,
    agent,
    agentByCoach: byCoach,
    summary: trendSummary(call.report.summary),
    share: summary.share,
    problems: summary.problems,
    severity: summary.severity,
    recordedAt: now.toISOString(),
  };
}

/**
 * A record kept by an earlier version, which had no date clues: its date was the file's time, or when it
 * was first analysed (it cannot tell which: taken as the file's time).
 */
function upgraded(call: HistoryCall): HistoryCall {
  const old = call as Partial<Pick<HistoryCall, 'dates' | 'dateFrom' | 'firstRecorded'>>;
  return {
    ...call,
    dates: old.dates ?? { file: call.date },
    dateFrom: old.dateFrom ?? 'file',
    firstRecorded: old.firstRecorded ?? call.date,
  };
}

/** A live session's start, ISO 8601; null for a recording (or a start that cannot be read). */
function liveStart(report: Report): string | null {
  const t = report.live ? Date.parse(report.live.startedAt) : NaN;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Newest first, then by name. */
function byDate(a: HistoryCall, b: HistoryCall): number {
  return b.date.localeCompare(a.date) || a.name.localeCompare(b.name, undefined, { numeric: true });
}

export class CallHistory {
  constructor(
    private readonly backend: HistoryBackend,
    private readonly prefs: AgentPrefs,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records an analysed call (a new one, or its analysis again: the agent and first date are kept). */
  async record(call: AnalysedCall): Promise<HistoryCall> {
    const existing = await this.backend.get(call.key);
    const next = mergeRecord(existing && upgraded(existing), call, this.prefs.pattern, this.now());
    await this.backend.put(next);
    return next;
  }

  /** The coach names a call's agent (empty: nobody; the pattern may then name it again). */
  async setAgent(key: string, name: string): Promise<HistoryCall | null> {
    const existing = await this.backend.get(key);
    if (existing === null) return null;
    const agent = cleanAgent(name);
    const next = { ...existing, agent, agentByCoach: agent !== null };
    await this.backend.put(next);
    return next;
  }

  /**
   * Names, by the pattern, the agents of the calls nobody named, and dates every call again (a `{date}` in
   * the pattern, or the clues it had when the pattern has none); returns how many were named.
   */
  async applyPattern(pattern = this.prefs.pattern): Promise<number> {
    let named = 0;
    for (const call of (await this.backend.all()).map(upgraded)) {
      const agent =
        call.agent !== null || call.agentByCoach
          ? call.agent
          : cleanAgent(fieldsFromFileName(call.name, pattern).agent);
      if (agent !== call.agent) named += 1;
      const next = { ...call, agent, ...dated(call, pattern) };
      if (next.agent !== call.agent || next.date !== call.date || next.dateFrom !== call.dateFrom)
        await this.backend.put(next);
    }
    return named;
  }

  /** Every call recorded, newest first. */
  async list(): Promise<HistoryCall[]> {
    return (await this.backend.all()).map(upgraded).sort(byDate);
  }
}

/** A history in memory (IndexedDB unavailable, and the unit tests). */
export function memoryHistory(): HistoryBackend {
  const calls = new Map<string, HistoryCall>();
  return {
    get: (key) => Promise.resolve(calls.get(key) ?? null),
    put: (call) => {
      calls.set(call.key, call);
      return Promise.resolve();
    },
    all: () => Promise.resolve([...calls.values()]),
  };
}

const PATTERN_KEY = 'softspoken.agents.pattern';

/** The agents page's preference, in this browser or app window (localStorage): the file-name pattern. */
export class AgentPrefs {
  constructor(private readonly storage: StorageLike | null) {}

  /** `{agent}` for the name, `*` for anything (src/report/agents.ts); empty: names are not read from files. */
  get pattern(): string {
    try {
      return (this.storage?.getItem(PATTERN_KEY) ?? '').slice(0, MAX_PATTERN_CHARS);
    } catch {
      return '';
    }
  }

  set pattern(pattern: string) {
    try {
      this.storage?.setItem(PATTERN_KEY, pattern.trim().slice(0, MAX_PATTERN_CHARS));
    } catch {
      // not remembered: fine
    }
  }
}
