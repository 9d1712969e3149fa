/**
 * The live commands of the CLI: `devices` (what can be captured), `live` (a call captured and cued as it
 * happens; Ctrl+C ends it and writes the report `analyze` writes) and `recover` (the report of a session
 * whose process stopped mid-call).
 */
import { parseArgs } from 'node:util';
import type { LiveCue, LiveUpdate } from '../../live/protocol.js';
import type { Report } from '../../report/schema.js';
import { summaryText } from '../../report/text.js';
import { settingsFromArgs, usageError, UsageError } from '../cli-args.js';
import { CaptureError, SOX_INSTALL } from './capture-error.js';
import { listCaptureDevices, type CaptureDevice } from './devices.js';
import { JournalError } from '../../live/journal.js';
import { JournalFileError } from './journal-file.js';
import { checkSox } from './sox.js';
import { RecordingError } from './wav-recorder.js';
import { createLiveController, type NodeLiveController } from './live-controller.js';
import {
  checkOutputPaths,
  namedOutputs,
  REPORT_KINDS,
  writeReports,
  type NamedPath,
  type ReportOutputs,
} from '../report-files.js';

export const LIVE_HELP = `  softspoken devices [--json]      list capture devices (microphones and monitors of outputs)
  softspoken live --agent-device DEVICE --call-device DEVICE [--agent NAME] [--record CALL.wav]
                  [--json REPORT.json] [--csv EVENTS.csv] [--html REPORT.html]
                  [--labels LABELS.txt] [--rttm TURNS.rttm]
                                   capture a call, print cues as they happen; Ctrl+C ends it and
                                   writes the report
  softspoken recover [SESSION] [--json REPORT.json] [--csv ...] [--html ...]
                     [--labels ...] [--rttm ...]
                                   list live calls that were cut off, or write one's report
                                   (each command's own help: softspoken COMMAND --help)`;

const REPORT_OPTIONS = `  --json FILE         the full report (docs/report.md) as JSON
  --csv FILE          the events as CSV, one row per event
  --html FILE         a standalone HTML report (scorecard, timeline, events, the cues shown)
  --labels FILE       the events as an Audacity label track
  --rttm FILE         both parties' speech turns as NIST RTTM`;

/** Each live command's own help (\`softspoken COMMAND --help\`). */
export const LIVE_COMMAND_HELP = {
  devices: `Usage: softspoken devices [--json]

Lists what live mode can capture: PulseAudio or PipeWire sources (through pactl), else ALSA PCMs
(arecord -L). 'agent?' marks the likely agent microphone (a headset, USB or Bluetooth input), 'call?'
the likely call audio (the monitor of the output the softphone plays to). Says so when sox, which
captures the devices, is not installed.

Options:
  --json              the list as JSON
  -h, --help          this help

Exit status: 0 listed; 1 no audio system answers, or no device found.`,
  live: `Usage: softspoken live --agent-device DEVICE --call-device DEVICE [options]

Captures a call as it happens (sox, one device per party), prints each cue with its time in the call,
and keeps the session on disk as it runs. Ctrl+C ends the call and writes the report \`analyze\` writes
(judged as a live call is: each party's level from their first words, or the agent's profile).

Options:
  --agent-device DEVICE  the agent's microphone ('softspoken devices' lists them)
  --call-device DEVICE   the call audio: the monitor of the output the softphone plays to
  --agent NAME        the agent: their level profile (earlier calls) is the start of their normal
                      level, and the customers' calm level on their line a prior (a customer loud
                      from the first word is judged against it); updated after the call
  --record CALL.wav   keep a two-channel WAV of the call (agent left, customer right); off by default
${REPORT_OPTIONS}
  --settings FILE     read settings from a JSON file (any subset of 'softspoken settings')
  --set NAME=VALUE    change one setting (repeatable)
  --quiet             print no summary at the end
  -h, --help          this help

The session's journal is kept in the data folder (docs/live.md): if the process stops, the next start
offers the call and 'softspoken recover' writes its report. A full disk is said at once; the call goes
on in memory and its reports are still written.

Exit status: 0 the call ended and its reports were written; 1 a device, sox or a file asked for could
not be used, or a file of the session could not be written (the reports were written all the same);
2 wrong usage.`,
  recover: `Usage: softspoken recover [SESSION] [--json REPORT.json] [--html REPORT.html] [...]

Without SESSION, lists the live calls that were cut off (their process stopped mid-call). With SESSION,
writes that call's report from its journal, marked as recovered, and no longer offers it. It reads the
journal and writes only the reports asked for (it works with the data folder full); an output that
names the journal or the session's recording is refused.

Options:
${REPORT_OPTIONS}
  --quiet             print no summary
  -h, --help          this help

Exit status: 0 written; 1 no such session, or its journal cannot be read or is of a later format
(nothing written), or some of its lines were damaged (the report holds what the others recovered);
2 wrong usage.`,
} as const;

const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;
/** Cue kinds as one short word each, for the terminal. */
const CUE_LABEL: Record<LiveCue['kind'], string> = {
  talkingOver: 'TALK-OVER',
  customerVenting: 'VENTING',
  louderThanNormal: 'LOUDER',
  waitedForPause: 'WELL DONE',
  peakMissed: 'AFTER PEAK',
};

function clock(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec - m * 60;
  return `${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
}

function deviceLine(d: CaptureDevice): string {
  const mark = d.guess === 'agent' ? 'agent?' : d.guess === 'call' ? 'call? ' : '      ';
  const kind = d.kind === 'monitor' ? 'monitor of an output' : 'microphone';
  return `  ${mark} ${d.name}\n         ${d.description} (${kind}${d.isDefault ? ', default' : ''})`;
}

export async function devicesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean', default: false }, ...HELP_OPTION });
  if (values['help']) return help('devices');
  if (positionals.length > 0) throw new UsageError(`devices takes no arguments, not '${positionals[0]}'`);
  // sox captures what is listed: without it, say so (the listing itself needs only pactl or arecord)
  const sox = await checkSox().then(
    () => null,
    (error: unknown) => error,
  );
  if (sox instanceof CaptureError)
    process.stderr.write(
      `softspoken: warning: sox is not installed: live capture needs it (${SOX_INSTALL})\n`,
    );
  const devices = await listCaptureDevices();
  if (values['json']) {
    process.stdout.write(JSON.stringify(devices, null, 2) + '\n');
    return 0;
  }
  if (devices.length === 0) {
    process.stdout.write(
      'No capture devices found: connect a headset, or check the sound server is running.\n',
    );
    return 1;
  }
  const system = devices[0]?.system === 'alsa' ? 'ALSA' : 'PulseAudio';
  process.stdout.write(`Capture devices (${system}); 'agent?' and 'call?' mark the likely choices:\n`);
  for (const d of devices) process.stdout.write(deviceLine(d) + '\n');
  process.stdout.write(
    '\nThe agent device is the headset microphone; the call device is the monitor of the output the\n' +
      'softphone plays to. Then: softspoken live --agent-device NAME --call-device NAME\n',
  );
  return 0;
}

/** What a cue taken back while it showed turned out not to be, for the terminal. */
const NOT_AFTER_ALL: Record<LiveCue['kind'], string> = {
  talkingOver: 'not a talk-over after all',
  customerVenting: 'not a peak after all',
  louderThanNormal: 'not a raised voice after all',
  waitedForPause: 'not so after all',
  peakMissed: 'not so after all',
};

/**
 * Prints cues, device trouble and errors as they happen: one line each, with the time in the call. A cue
 * is printed once when shown; one taken back while it still showed gets a line saying so (taken back
 * after it went, it changes nothing on screen and is not printed).
 */
export function cuePrinter(write: (line: string) => void): (u: LiveUpdate) => void {
  const printed = new Set<number>();
  const showing = new Set<number>();
  let seconds = 0;
  return (u) => {
    if (u.type === 'tally') seconds = u.tally.seconds;
    else if (u.type === 'cue') {
      const c = u.cue;
      if (!printed.has(c.id)) {
        printed.add(c.id);
        const checking = c.provisional ? ' (checking)' : '';
        write(`${clock(c.atSec)}  ${CUE_LABEL[c.kind].padEnd(10)} ${c.title}: ${c.detail}${checking}`);
      } else if (c.outcome === 'withdrawn' && showing.has(c.id)) {
        write(`${clock(c.endedSec ?? c.atSec)}  ${''.padEnd(10)} (taken back: ${NOT_AFTER_ALL[c.kind]})`);
      }
      if (c.outcome === null) showing.add(c.id);
      else showing.delete(c.id);
    } else if (u.type === 'device') {
      const who = u.party === 'agent' ? 'agent device' : 'call device';
      if (!u.incident) return; // a device starting as it should is not news
      if (u.state === 'retrying')
        write(
          `${clock(seconds)}  ${'DEVICE'.padEnd(10)} ${who}: ${u.message ?? 'stopped'}; retrying (the call goes on)`,
        );
      else if (u.state === 'running') write(`${clock(seconds)}  ${'DEVICE'.padEnd(10)} ${who} is back`);
      else if (u.state === 'failed')
        write(`${clock(seconds)}  ${'DEVICE'.padEnd(10)} ${who}: ${u.message ?? 'failed'}`);
    } else if (u.type === 'warning') write(`${clock(seconds)}  ${'WARNING'.padEnd(10)} ${u.message}`);
    else if (u.type === 'error') write(`softspoken: error: ${u.message}`);
  };
}

export async function liveCommand(argv: string[], version: string): Promise<number> {
  const { values, positionals } = parse(argv, {
    'agent-device': { type: 'string' },
    'call-device': { type: 'string' },
    agent: { type: 'string' },
    record: { type: 'string' },
    json: { type: 'string' },
    csv: { type: 'string' },
    html: { type: 'string' },
    labels: { type: 'string' },
    rttm: { type: 'string' },
    settings: { type: 'string' },
    set: { type: 'string', multiple: true },
    quiet: { type: 'boolean', default: false },
    ...HELP_OPTION,
  });
  if (values['help']) return help('live');
  if (positionals.length > 0) throw new UsageError(`live takes no file, not '${positionals[0]}'`);
  const agentDevice = values['agent-device'] as string | undefined;
  const callDevice = values['call-device'] as string | undefined;
  if (!agentDevice || !callDevice) {
    throw new UsageError("live needs --agent-device and --call-device (see 'softspoken devices')");
  }
  if (agentDevice === callDevice) {
    throw new UsageError('the agent and the call must be two devices: each party on their own');
  }
  const outputs = outputsOf(values);
  const recordTo = values['record'] as string | undefined;
  const settingsFile = values['settings'] as string | undefined;
  checkOutputPaths(settingsFile === undefined ? [] : [{ what: 'the settings file', path: settingsFile }], [
    ...(recordTo === undefined ? [] : [{ what: '--record', path: recordTo } satisfies NamedPath]),
    ...namedOutputs(outputs),
  ]);
  const quiet = values['quiet'] === true;
  const settings = settingsFromArgs(settingsFile, values['set'] as string[] | undefined);
  const controller = createLiveController({ version, settings });
  const out = (line: string): void => void process.stdout.write(line + '\n');
  await offerRecovery(controller, out);
  controller.subscribe(cuePrinter(out));
  const agent = values['agent'] as string | undefined;
  try {
    await controller.start({
      agentDevice,
      callDevice,
      record: recordTo !== undefined,
      ...(agent !== undefined && { agent }),
      ...(recordTo !== undefined && { recordingPath: recordTo }),
    });
  } catch (error) {
    // the recording asked for cannot be created: said before the call starts
    if (error instanceof RecordingError) throw new CaptureError(error.message);
    throw error;
  }
  out(`Live: agent = ${agentDevice}, call = ${callDevice}.`);
  out(
    recordTo === undefined
      ? 'Recording is off: only the analysis is kept. Ctrl+C ends the call and writes its report.'
      : `Recording the call to ${recordTo}. Ctrl+C ends the call and writes its report.`,
  );
  await waitForInterrupt(() => out('\nEnding the call... (Ctrl+C again to quit without the report)'));
  const result = await controller.stop();
  await controller.close();
  // the session's own files that could not be written were said when it happened: once more, at the end
  const written = finish(result.report, outputs, quiet, out, result.problems);
  if (result.problems.length === 0) return 0;
  process.stderr.write(
    `softspoken: error: ${result.problems.map(firstClause).join('; ')}; ` +
      (written.length > 0
        ? `the call was kept in memory and its reports were written (${written.join(', ')})`
        : 'the call was kept in memory (no report was asked for)') +
      '\n',
  );
  return 1;
}

/** A problem's first clause ("cannot write X: the disk is full"), for the one line at the end. */
const firstClause = (line: string): string => line.replace(/ \(at \d+:\d\d of the call\).*$/, '');

export async function recoverCommand(argv: string[], version: string): Promise<number> {
  const { values, positionals } = parse(argv, {
    json: { type: 'string' },
    csv: { type: 'string' },
    html: { type: 'string' },
    labels: { type: 'string' },
    rttm: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    ...HELP_OPTION,
  });
  if (values['help']) return help('recover');
  const controller = createLiveController({ version });
  const out = (line: string): void => void process.stdout.write(line + '\n');
  if (positionals.length === 0) {
    const list = await controller.recoverable();
    if (list.length === 0) out('No live call was cut off.');
    for (const s of list) {
      out(
        `  ${s.sessionId}  started ${s.startedAt}, ${clock(s.seconds)} of call${s.agent ? `, agent ${s.agent}` : ''}`,
      );
    }
    if (list.length > 0)
      out("Write one's report: softspoken recover SESSION --json REPORT.json [--html REPORT.html]");
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('give one session');
  const sessionId = positionals[0] as string;
  const outputs = outputsOf(values);
  // the journal is the only record of the call: no report may be written over it (or its recording)
  checkOutputPaths(controller.sessionFiles(sessionId), namedOutputs(outputs));
  let recovery;
  try {
    recovery = await controller.recoverReport(sessionId);
  } catch (error) {
    if (error instanceof JournalError || error instanceof JournalFileError)
      throw new CaptureError(`${error.message}; nothing was recovered`);
    throw error;
  }
  const { report, damageWarning } = recovery;
  const written = finish(
    report,
    outputs,
    values['quiet'] === true,
    out,
    damageWarning ? [damageWarning] : [],
  );
  // only once the reports are written is the session no longer offered (and a full disk is only a warning)
  if (report.live?.recovered) {
    const warning = controller.markRecovered(sessionId, report.source.durationSec);
    if (warning !== null) process.stderr.write(`softspoken: warning: ${warning}\n`);
  }
  if (damageWarning === null) return 0;
  const what = written.length > 0 ? `: written ${written.join(', ')}` : '';
  process.stderr.write(
    `softspoken: error: the session journal ${recovery.journalPath} is damaged: ${damageWarning}; ` +
      `the report holds what the other ${recovery.linesRead} lines recovered${what}\n`,
  );
  return 1;
}

/** The next start offers what a cut-off call left behind. */
async function offerRecovery(controller: NodeLiveController, out: (line: string) => void): Promise<void> {
  const cut = await controller.recoverable();
  if (cut.length === 0) return;
  const s = cut[0] as (typeof cut)[number];
  out(
    `A live call was cut off (started ${s.startedAt}, ${clock(s.seconds)} of call): ` +
      `'softspoken recover ${s.sessionId} --html REPORT.html' writes its report.`,
  );
}

/**
 * The report's warnings on stderr (but those in `unsaid`, which the caller says in its own words), the reports
 * asked for written, and the summary. Returns the paths written.
 */
function finish(
  report: Report,
  outputs: ReportOutputs,
  quiet: boolean,
  out: (line: string) => void,
  unsaid: readonly string[] = [],
): string[] {
  for (const w of report.warnings)
    if (!unsaid.includes(w)) process.stderr.write(`softspoken: warning: ${w}\n`);
  const written = writeReports(report, outputs);
  if (!quiet) {
    out(summaryText(report));
    for (const path of written) out(`written: ${path}`);
  }
  return written;
}

function outputsOf(values: Record<string, unknown>): ReportOutputs {
  const pick = (k: string): string | undefined =>
    typeof values[k] === 'string' ? (values[k] as string) : undefined;
  const o: ReportOutputs = {};
  for (const kind of REPORT_KINDS) {
    const path = pick(kind);
    if (path !== undefined) o[kind] = path;
  }
  return o;
}

/** Resolves at the first SIGINT/SIGTERM; a second one quits at once (the journal keeps the call). */
function waitForInterrupt(onFirst: () => void): Promise<void> {
  return new Promise((resolve) => {
    const first = (): void => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const again = (): void => process.exit(130);
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      onFirst();
      resolve();
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

/** Prints a command's help; its exit status is 0. */
function help(command: keyof typeof LIVE_COMMAND_HELP): number {
  process.stdout.write(`${LIVE_COMMAND_HELP[command]}\n`);
  return 0;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(argv: string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, unknown>, positionals };
  } catch (error) {
    throw usageError(error);
  }
}

export { CaptureError };
