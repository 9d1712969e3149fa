import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, type Settings } from '../engine/settings.js';
import { summaryCsv } from '../report/csv.js';
import type { Report } from '../report/schema.js';
import { summaryText } from '../report/text.js';
import { isAudioFileName, reportNames, stripAudioExtension } from '../source/formats.js';
import type { SileroInfer } from '../../dsp/silero.js';
import { AgentProfileError, profileAfterCall, readAgentProfile, writeAgentProfile } from './agent-profile.js';
import { analyzeSource, VERSION } from './analyze.js';
import { createNodeSileroInfer } from './onnx-vad.js';
import { AudioInputError, openStereoCall, openTwoFiles, type CallSource } from './audio-source.js';
import { SETTINGS_HELP } from './settings-help.js';
import { jobsFromArgs, settingsFromArgs, usageError, UsageError } from './cli-args.js';
import { runFolder } from './folder-run.js';
import { warningLine } from './folder-task.js';
import {
  checkOutputPaths,
  makeOutDir,
  type NamedPath,
  namedOutputs,
  REPORT_KINDS,
  type ReportOutputs,
  ReportWriteError,
  writeReports,
  writeTextFile,
} from './report-files.js';
import { CaptureError, devicesCommand, LIVE_HELP, liveCommand, recoverCommand } from './live/live-cli.js';

const HELP = `softspoken ${VERSION}: did the agent speak softly and wait for the pause?

Usage:
  softspoken analyze CALL [--agent-channel 0|1] [--json REPORT.json] [--csv EVENTS.csv]
                         [--html REPORT.html] [--labels LABELS.txt] [--rttm TURNS.rttm]
  softspoken analyze --agent AGENT --customer CUSTOMER [--json REPORT.json] [...]
  softspoken analyze FOLDER [--agent-channel 0|1] --out-dir REPORTS/ [--jobs N]
  softspoken analyze ... --agent-profile PROFILE.json    with any of the above
  softspoken analyze ... --no-first-pass   judge as a live call is judged (levels from the first words)
  softspoken settings            print the default settings as JSON (a starting settings file)
${LIVE_HELP}

Input: a two-channel call (one party per channel) or two mono files of the same call, 8 to 48 kHz,
in WAV (PCM 8/16/24/32-bit, float, u-law, A-law; RIFF, RF64, BW64), MP3, FLAC, Ogg Opus, Ogg Vorbis,
M4A/AAC, AMR or WebM. The type is found from the file's bytes, not its name.

Options:
  --agent-channel N   which channel of a two-channel file is the agent, 0 or 1 (default 0)
  --agent FILE        the agent's mono recording (with --customer)
  --customer FILE     the customer's mono recording (with --agent)
  --json FILE         write the full report (docs/report.md) as JSON
  --csv FILE          write the events as CSV, one row per event
  --html FILE         write a standalone HTML report (scorecard, timeline, events) to view or print
  --labels FILE       write the events as an Audacity label track (File > Import > Labels...)
  --rttm FILE         write both parties' speech turns as NIST RTTM (speakers agent, customer)
  --out-dir DIR       write NAME.json, NAME.csv, NAME.html, NAME.labels.txt and NAME.rttm per call
                      (NAME: the file's name without extension, or with it when two calls share a
                      name; for --agent/--customer, the agent file's), and for a folder summary.csv;
                      made if missing. In a folder, a call whose reports are current (same content,
                      settings and version) is skipped, so a folder can be run again after new
                      calls arrive or after a crash
  --jobs N            for a folder: calls analysed at once (default: the number of cores, here
                      ${availableParallelism()}); progress is shown on stderr when it is a terminal
  --settings FILE     read settings from a JSON file (any subset of 'softspoken settings')
  --set NAME=VALUE    change one setting (repeatable; applied after --settings)
  --agent-profile FILE
                      the agent's normal level remembered across calls (JSON, created if missing):
                      the start where a call has too little agent speech to measure it (and no
                      agentNormalDb is set), and the customers' calm level on their line (a prior
                      where none is measured: --no-first-pass); updated with the levels of each call
  --quiet             print no summary (warnings and errors still go to stderr)
  --stats             print resource use (wall time, peak memory) to stderr
  -h, --help          this help
  -v, --version       the version

Settings (name, default, meaning):
${SETTINGS_HELP}

Exit status: 0 analyzed; 1 an input could not be analyzed (the message says why); 2 wrong usage.`;

const SETTINGS_COMMAND_HELP = `Usage: softspoken settings

Prints the default settings as JSON: a starting settings file for --settings FILE (any subset of it).

Settings (name, default, meaning):
${SETTINGS_HELP}`;

interface Args {
  positionals: string[];
  agentChannel: 0 | 1;
  agent?: string;
  customer?: string;
  json?: string;
  csv?: string;
  html?: string;
  labels?: string;
  rttm?: string;
  outDir?: string;
  /** Calls of a folder analysed at once; undefined: every core (or one with --agent-profile). */
  jobs?: number;
  agentProfile?: string;
  settingsFile?: string;
  firstPass: boolean;
  quiet: boolean;
  stats: boolean;
  settings: Settings;
}

function parse(argv: string[]): Args | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'agent-channel': { type: 'string' },
        agent: { type: 'string' },
        customer: { type: 'string' },
        json: { type: 'string' },
        csv: { type: 'string' },
        html: { type: 'string' },
        labels: { type: 'string' },
        rttm: { type: 'string' },
        'out-dir': { type: 'string' },
        jobs: { type: 'string' },
        'agent-profile': { type: 'string' },
        'no-first-pass': { type: 'boolean', default: false },
        settings: { type: 'string' },
        set: { type: 'string', multiple: true },
        quiet: { type: 'boolean', default: false },
        stats: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw usageError(error);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.version) return 'version';
  const channel = v['agent-channel'] ?? '0';
  if (channel !== '0' && channel !== '1')
    throw new UsageError(`--agent-channel must be 0 or 1, not '${channel}'`);
  const settings = settingsFromArgs(v.settings, v.set);
  const args: Args = {
    positionals: parsed.positionals,
    agentChannel: channel === '1' ? 1 : 0,
    firstPass: !(v['no-first-pass'] ?? false),
    quiet: v.quiet ?? false,
    stats: v.stats ?? false,
    settings,
  };
  if (v.agent !== undefined) args.agent = v.agent;
  if (v.customer !== undefined) args.customer = v.customer;
  if (v.json !== undefined) args.json = v.json;
  if (v.csv !== undefined) args.csv = v.csv;
  if (v.html !== undefined) args.html = v.html;
  if (v.labels !== undefined) args.labels = v.labels;
  if (v.rttm !== undefined) args.rttm = v.rttm;
  if (v.settings !== undefined) args.settingsFile = v.settings;
  if (v['out-dir'] !== undefined) args.outDir = v['out-dir'];
  if (v.jobs !== undefined) args.jobs = jobsFromArgs(v.jobs, availableParallelism());
  if (v['agent-profile'] !== undefined) args.agentProfile = v['agent-profile'];
  return args;
}

let sharedInfer: Promise<SileroInfer> | null = null;

async function analyzeOne(source: CallSource, args: Args, agentChannel: number | null): Promise<Report> {
  sharedInfer ??= createNodeSileroInfer(); // loaded once, for every call of a folder
  // read for each call, so the calls of a folder each see the profile the one before updated
  const profile = args.agentProfile === undefined ? null : readAgentProfile(args.agentProfile);
  const report = await analyzeSource(source, {
    settings: args.settings,
    agentChannel,
    infer: await sharedInfer,
    firstPass: args.firstPass,
    ...(profile && {
      agentProfileDb: profile.agentNormalDb,
      customerPriorDb: profile.customerCalmDb ?? null,
    }),
  });
  // each line names its call (a folder's calls print one after another); the decoders' own already do
  for (const w of report.warnings) process.stderr.write(`${warningLine(w, source.info.files)}\n`);
  return report;
}

/**
 * After a call and its reports: the agent's profile (--agent-profile) with the level measured on this
 * call, or one line on stderr saying why it stays as it is. Read again, so an edit made meanwhile counts.
 */
function updateProfile(report: Pick<Report, 'baselines' | 'live'>, args: Args): void {
  const path = args.agentProfile;
  if (path === undefined) return;
  const next = profileAfterCall(readAgentProfile(path), report);
  if ('reason' in next) {
    process.stderr.write(`softspoken: agent profile ${path} not updated: ${next.reason}\n`);
    return;
  }
  writeAgentProfile(path, next.profile);
  if (!args.quiet) {
    const { agentNormalDb, calls } = next.profile;
    process.stdout.write(
      `agent profile: ${path} (${agentNormalDb.toFixed(1)} dB over ${calls} call${calls === 1 ? '' : 's'})\n`,
    );
  }
}

/** The files a call's analysis reads besides the audio, and the one it writes besides the reports. */
function sideFiles(args: Args): { inputs: NamedPath[]; outputs: NamedPath[] } {
  return {
    inputs: args.settingsFile === undefined ? [] : [{ what: 'the settings file', path: args.settingsFile }],
    outputs:
      args.agentProfile === undefined
        ? []
        : [{ what: '--agent-profile', path: args.agentProfile, makesFolder: true }],
  };
}

/**
 * The report files of a single call: those asked for one by one (--json, …), and with --out-dir every other
 * kind there, named after `callFile` as a folder's call would be. Named for checkOutputPaths too.
 */
function singleOutputs(args: Args, callFile: string): { outputs: ReportOutputs; named: NamedPath[] } {
  const outputs: ReportOutputs = {};
  for (const kind of REPORT_KINDS) {
    const path = args[kind];
    if (path !== undefined) outputs[kind] = path;
  }
  const named = namedOutputs(outputs);
  if (args.outDir === undefined) return { outputs, named };
  const inDir = folderOutputs(args.outDir, stripAudioExtension(basename(callFile)));
  for (const kind of REPORT_KINDS) {
    const path = inDir[kind];
    if (outputs[kind] !== undefined || path === undefined) continue;
    outputs[kind] = path;
    named.push({ what: 'the report', path, makesFolder: true });
  }
  return { outputs, named };
}

async function analyzeCommand(args: Args): Promise<number> {
  const { positionals } = args;
  const side = sideFiles(args);
  if (args.agent !== undefined || args.customer !== undefined) {
    if (args.agent === undefined || args.customer === undefined)
      throw new UsageError('--agent and --customer go together');
    if (positionals.length > 0)
      throw new UsageError('give either a call file or --agent/--customer, not both');
    const inputs = [
      { what: 'the agent file', path: args.agent },
      { what: 'the customer file', path: args.customer },
    ];
    const { outputs, named } = singleOutputs(args, args.agent);
    checkOutputPaths([...inputs, ...side.inputs], [...named, ...side.outputs]);
    if (args.outDir !== undefined) makeOutDir(args.outDir);
    const report = await analyzeOne(await openTwoFiles(args.agent, args.customer), args, null);
    return finishSingle(report, args, outputs);
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'no call given' : 'give one call file or one folder');
  }
  const input = positionals[0] as string;
  let isDir = false;
  try {
    isDir = statSync(input).isDirectory();
  } catch {
    // missing files are reported by the source with their name
  }
  if (isDir) return analyzeFolder(input, args);
  const { outputs, named } = singleOutputs(args, input);
  checkOutputPaths([{ what: 'the call', path: input }, ...side.inputs], [...named, ...side.outputs]);
  if (args.outDir !== undefined) makeOutDir(args.outDir);
  const report = await analyzeOne(await openStereoCall(input, args.agentChannel), args, args.agentChannel);
  return finishSingle(report, args, outputs);
}

function finishSingle(report: Report, args: Args, outputs: ReportOutputs): number {
  writeReports(report, outputs);
  if (!args.quiet) {
    process.stdout.write(summaryText(report) + '\n');
    if (outputs.json) process.stdout.write(`report: ${outputs.json}\n`);
    if (outputs.html) process.stdout.write(`html report: ${outputs.html}\n`);
  }
  updateProfile(report, args);
  return 0;
}

/** Each report of a folder's call, in `outDir` under its report name (reportNames). */
function folderOutputs(outDir: string, name: string): ReportOutputs {
  const out = (ext: string): string => join(outDir, `${name}.${ext}`);
  return {
    json: out('json'),
    csv: out('csv'),
    html: out('html'),
    labels: out('labels.txt'),
    rttm: out('rttm'),
    rttmFileId: name,
  };
}

async function analyzeFolder(dir: string, args: Args): Promise<number> {
  const outDir = args.outDir;
  if (!outDir) {
    throw new UsageError(`${dir} is a folder: a folder of calls needs --out-dir for the reports`);
  }
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && isAudioFileName(entry.name))
    .map((entry) => entry.name)
    .sort();
  if (files.length === 0)
    throw new AudioInputError(`${dir} holds no audio files (WAV, MP3, FLAC, Ogg, M4A…)`);
  let outDirIsFile = false;
  try {
    outDirIsFile = !statSync(outDir).isDirectory();
  } catch {
    // not there yet: made below
  }
  if (outDirIsFile) throw new UsageError(`--out-dir ${outDir} is a file, not a folder`);
  const names = reportNames(files);
  const calls = files.map((file, i) => {
    const reportName = names[i] as string;
    return { file, path: join(dir, file), reportName, outputs: folderOutputs(outDir, reportName) };
  });
  const side = sideFiles(args);
  const summaryPath = join(outDir, 'summary.csv');
  checkOutputPaths(
    [...calls.map((c) => ({ what: 'the call', path: c.path })), ...side.inputs],
    [
      ...calls.flatMap((c) =>
        namedOutputs(c.outputs, () => 'the report').map((p) => ({ ...p, makesFolder: true })),
      ),
      { what: 'the folder summary', path: summaryPath, makesFolder: true },
      ...side.outputs,
    ],
  );
  if (args.agentProfile !== undefined && args.jobs !== undefined && args.jobs > 1) {
    throw new UsageError(
      '--agent-profile analyses the calls one at a time, each after the profile the one before updated: leave out --jobs',
    );
  }
  makeOutDir(outDir);
  const profilePath = args.agentProfile;
  const run = await runFolder({
    calls,
    outDir,
    jobs: args.jobs ?? availableParallelism(),
    settings: args.settings,
    agentChannel: args.agentChannel,
    firstPass: args.firstPass,
    version: VERSION,
    summaries: !args.quiet,
    progress: process.stderr.isTTY ? process.stderr : null,
    ...(profilePath !== undefined && {
      profile: {
        levelDb: () => readAgentProfile(profilePath)?.agentNormalDb ?? null,
        update: (outcome) => updateProfile(outcome, args),
      },
    }),
  });
  writeTextFile(summaryPath, summaryCsv(run.rows));
  if (!args.quiet) {
    const skipped = run.skipped > 0 ? `, ${run.skipped} skipped (their reports were current)` : '';
    process.stdout.write(
      `${run.analysed + run.skipped} of ${files.length} calls analyzed${skipped}; reports in ${outDir}\n`,
    );
  }
  return run.internal ? 70 : run.failed > 0 ? 1 : 0;
}

/** Runs the CLI; returns the exit code. Never lets a stack trace reach the user for bad input. */
export async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  const [command, ...rest] = argv;
  let code: number;
  let stats = false;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(HELP + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === 'settings') {
      if (rest[0] === '-h' || rest[0] === '--help') {
        process.stdout.write(SETTINGS_COMMAND_HELP + '\n');
        return 0;
      }
      if (rest.length > 0) throw new UsageError(`settings takes no arguments, not '${rest[0]}'`);
      process.stdout.write(JSON.stringify(DEFAULT_SETTINGS, null, 2) + '\n');
      return 0;
    }
    if (command === 'devices') return await devicesCommand(rest);
    if (command === 'live') return await liveCommand(rest, VERSION);
    if (command === 'recover') return await recoverCommand(rest, VERSION);
    if (command !== 'analyze') throw new UsageError(`unknown command '${command}'`);
    const args = parse(rest);
    if (args === 'help') {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    if (args === 'version') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    stats = args.stats;
    code = await analyzeCommand(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`softspoken: ${error.message}\nTry 'softspoken --help'.\n`);
      return 2;
    }
    if (
      error instanceof AudioInputError ||
      error instanceof ReportWriteError ||
      error instanceof AgentProfileError ||
      error instanceof CaptureError
    ) {
      process.stderr.write(`softspoken: error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (stats) {
    const usage = process.resourceUsage();
    const line = {
      wallSec: (performance.now() - started) / 1000,
      maxRssBytes: usage.maxRSS * 1024,
      cpuUserSec: usage.userCPUTime / 1e6,
    };
    process.stderr.write(`stats: ${JSON.stringify(line)}\n`);
  }
  return code;
}
