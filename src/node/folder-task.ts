/**
 * One call of a folder run (folder-run.ts), as a task: open it, analyse it, write its reports, and hand
 * back what the run keeps of it (the summary row, the agent profile's level, the lines to print). The same
 * function runs in the runner's own process (one job) and in each worker process (folder-worker.ts).
 */
import type { SileroInfer } from '../../dsp/silero.js';
import type { Settings } from '../engine/settings.js';
import type { Report } from '../report/schema.js';
import { summaryText } from '../report/text.js';
import { firstLine } from '../source/errors.js';
import { analyzeSource } from './analyze.js';
import { AudioInputError, openStereoCall } from './audio-source.js';
import { ReportWriteError, writeReports, type ReportOutputs } from './report-files.js';

/** A call to analyse, with everything its analysis depends on (the same for a worker process). */
export interface FolderTask {
  /** The call's place in the folder (name order). */
  index: number;
  path: string;
  outputs: ReportOutputs;
  settings: Settings;
  agentChannel: 0 | 1;
  firstPass: boolean;
  /** The agent's level from their profile, dB (--agent-profile), or null. */
  agentProfileDb: number | null;
}

/** What a run keeps of a call's report: enough for summary.csv and the agent profile, never the timeline. */
export type CallOutcome = Pick<Report, 'summary' | 'warnings' | 'baselines'> & Partial<Pick<Report, 'live'>>;

/** A task's end: the outcome and the lines to print, or why it failed (`internal`: not the input's fault). */
export type TaskResult =
  | { type: 'done'; index: number; outcome: CallOutcome; text: string; warnings: string[] }
  | { type: 'failed'; index: number; message: string; internal: boolean };

/** A task's progress: seconds of audio analysed so far. */
export interface TaskProgress {
  type: 'progress';
  index: number;
  secondsDone: number;
}

/** What a run keeps of `report`. */
export function outcomeOf(report: Report): CallOutcome {
  const { summary, warnings, baselines, live } = report;
  return live === undefined ? { summary, warnings, baselines } : { summary, warnings, baselines, live };
}

/** A report's warning as printed: named by its call's files unless it names one already (the decoders' do). */
export function warningLine(warning: string, files: readonly string[]): string {
  const named = files.some((file) => warning.startsWith(`${file}: `) || warning.startsWith(`${file} `));
  return `softspoken: warning: ${named ? warning : `${files.join(' + ')}: ${warning}`}`;
}

/** Analyses one call of a folder and writes its reports; never throws (a failure is the result). */
export async function runTask(
  task: FolderTask,
  infer: SileroInfer,
  onProgress: (secondsDone: number) => void,
): Promise<TaskResult> {
  try {
    const source = await openStereoCall(task.path, task.agentChannel);
    const report = await analyzeSource(source, {
      settings: task.settings,
      agentChannel: task.agentChannel,
      infer,
      firstPass: task.firstPass,
      onProgress,
      ...(task.agentProfileDb !== null && { agentProfileDb: task.agentProfileDb }),
    });
    writeReports(report, task.outputs);
    const warnings = report.warnings.map((w) => warningLine(w, source.info.files));
    return {
      type: 'done',
      index: task.index,
      outcome: outcomeOf(report),
      text: summaryText(report),
      warnings,
    };
  } catch (error) {
    const input = error instanceof AudioInputError || error instanceof ReportWriteError;
    return {
      type: 'failed',
      index: task.index,
      message: input ? error.message : firstLine(error),
      internal: !input,
    };
  }
}
