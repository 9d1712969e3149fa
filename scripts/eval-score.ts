/**
 * The shared scorer (../shared/eval/score.mjs) as scripts/eval.ts uses it: run on a truth folder and a
 * report folder, as text (printed as it is) or as JSON (one row of the variants table), and the table.
 */
import { spawnSync } from 'node:child_process';

/** The columns of the table: the scorer's overall score and the F1 of each event type and party's speech. */
export const COLUMNS = [
  'overall',
  'customerPeak',
  'raisedVoice',
  'interruption',
  'backchannel',
  'response',
  'agentSpeech',
  'customerSpeech',
] as const;
export type Column = (typeof COLUMNS)[number];

/** One row of the table: a labelled folder (the original or a variant) and its scores. */
export type Row = { set: string; missingReports: number; failed: string[] } & Record<Column, number | null>;

/** Runs `node score.mjs TRUTH_DIR REPORT_DIR [--json]`; returns its stdout, throws one line if it fails. */
export function runScorer(scorer: string, truthDir: string, reportDir: string, json: boolean): string {
  const r = spawnSync(process.execPath, [scorer, truthDir, reportDir, ...(json ? ['--json'] : [])], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.error) throw new Error(`cannot run ${scorer}: ${r.error.message}`);
  if (r.status !== 0) {
    const last = r.stderr.trim().split('\n').pop() || `exit code ${r.status ?? r.signal}`;
    throw new Error(`the scorer failed on ${truthDir}: ${last}`);
  }
  return r.stdout;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * A table row from the scorer's --json output: `summary.overall`, `summary[k].f1` for the event types and
 * `agentSpeech` / `customerSpeech`, `summary.missingReports`.
 */
export function rowFromScore(set: string, json: string, failed: string[]): Row {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`the scorer's --json output for ${set} is not JSON`);
  }
  const summary = (parsed as { summary?: Record<string, unknown> } | null)?.summary;
  if (typeof summary !== 'object' || summary === null) {
    throw new Error(`the scorer's --json output for ${set} has no summary`);
  }
  const f1 = (k: Column): number | null =>
    k === 'overall' ? num(summary[k]) : num((summary[k] as { f1?: unknown } | undefined)?.f1);
  const scores = Object.fromEntries(COLUMNS.map((k) => [k, f1(k)])) as Record<Column, number | null>;
  return { set, ...scores, missingReports: num(summary['missingReports']) ?? 0, failed };
}

/** The table as text: one row per folder, the scores to 3 decimals, '-' where the scorer gave none. */
export function formatTable(rows: readonly Row[]): string {
  const head = ['variant', ...COLUMNS, 'missing'];
  const body = rows.map((r) => [
    r.set,
    ...COLUMNS.map((k) => (r[k] === null ? '-' : (r[k] as number).toFixed(3))),
    String(r.missingReports),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
