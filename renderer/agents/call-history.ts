/**
 * The history of analysed calls behind the agents page: each call once, by its stable key (CallInput.key),
 * with its date, its agent's name and what the trend and the page show of its report (never the audio, nor
 * the report's timeline). Kept in this origin's IndexedDB (database `softspoken-agents`; memory where it
 * cannot be opened). The agent's name comes from the coach, or from the file name by the pattern the coach
 * set (AgentPrefs, localStorage); a name the coach set is never overwritten by the pattern.
 */
import { agentFromFileName, trendSummary, type TrendSummary } from '../../src/report/agents.js';
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
  /** When the call took place: the file's last change when known, else when it was first analysed; ISO 8601. */
  date: string;
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
  /** The file's last change, ISO 8601; null when unknown (the date is then when it was first recorded). */
  fileDate: string | null;
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

/**
 * The history's record of `call`, given what it held before (`existing`) and the file-name `pattern`:
 * a name the coach set stays; else the report's own name, else the one already held, else the pattern's.
 * The date stays the first one unless the file's own date is known.
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
      : (fromReport ?? existing?.agent ?? cleanAgent(agentFromFileName(call.name, pattern)));
  const summary = summarizeReport(call.report);
  return {
    key: call.key,
    name: call.name,
    date: isoDate(call.fileDate) ?? existing?.date ?? now.toISOString(),
    agent,
    agentByCoach: byCoach,
    summary: trendSummary(call.report.summary),
    share: summary.share,
    problems: summary.problems,
    severity: summary.severity,
    recordedAt: now.toISOString(),
  };
}

/** `iso` as Date writes it (so dates sort as text); null when it cannot be read. */
function isoDate(iso: string | null): string | null {
  const t = iso === null ? NaN : Date.parse(iso);
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
    const next = mergeRecord(existing, call, this.prefs.pattern, this.now());
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

  /** Names, by the pattern, the agents of the calls nobody named; returns how many were named. */
  async applyPattern(pattern = this.prefs.pattern): Promise<number> {
    let named = 0;
    for (const call of await this.backend.all()) {
      if (call.agent !== null || call.agentByCoach) continue;
      const agent = cleanAgent(agentFromFileName(call.name, pattern));
      if (agent === null) continue;
      await this.backend.put({ ...call, agent });
      named += 1;
    }
    return named;
  }

  /** Every call recorded, newest first. */
  async list(): Promise<HistoryCall[]> {
    return (await this.backend.all()).sort(byDate);
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
