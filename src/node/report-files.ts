/** Writes report files (JSON, events CSV, HTML) for `analyze` and `live` alike. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { eventsCsv } from '../report/csv.js';
import { renderHtmlReport } from '../report/html.js';
import type { Report } from '../report/schema.js';

/** A report file could not be written: the message names the file and why. */
export class ReportWriteError extends Error {}

export interface ReportOutputs {
  json?: string;
  csv?: string;
  html?: string;
}

/** Writes `text` to a temporary file beside `path`, then renames it: a crash never leaves half a file. */
export function writeTextFile(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new ReportWriteError(
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Each asked-for output of `report`, written whole (writeTextFile). Returns the paths written. */
export function writeReports(report: Report, outputs: ReportOutputs): string[] {
  const jobs: [string | undefined, () => string][] = [
    [outputs.json, () => JSON.stringify(report)],
    [outputs.csv, () => eventsCsv(report)],
    [outputs.html, () => renderHtmlReport(report)],
  ];
  const written: string[] = [];
  for (const [path, text] of jobs) {
    if (path === undefined) continue;
    writeTextFile(path, text());
    written.push(path);
  }
  return written;
}
