/** Writes a live call's report files, as `analyze` writes them for a recording. */
import { renameSync, writeFileSync } from 'node:fs';
import { eventsCsv } from '../../report/csv.js';
import { renderHtmlReport } from '../../report/html.js';
import type { Report } from '../../report/schema.js';
import { CaptureError } from './capture-error.js';

export interface ReportOutputs {
  json?: string;
  csv?: string;
  html?: string;
}

/**
 * Each asked-for output, written to a temporary file beside it and renamed, so a crash never leaves half
 * a report. Returns the paths written.
 */
export function writeReports(report: Report, outputs: ReportOutputs): string[] {
  const jobs: [string | undefined, () => string][] = [
    [outputs.json, () => JSON.stringify(report)],
    [outputs.csv, () => eventsCsv(report)],
    [outputs.html, () => renderHtmlReport(report)],
  ];
  const written: string[] = [];
  for (const [path, text] of jobs) {
    if (path === undefined) continue;
    const temp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, text());
      renameSync(temp, path);
    } catch (error) {
      throw new CaptureError(
        `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    written.push(path);
  }
  return written;
}
