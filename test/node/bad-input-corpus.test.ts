/**
 * The bad-input corpus: one case per way a user's input goes wrong, each run through the softspoken command
 * as users run it (the compiled CLI in dist/), on inputs made here in a temporary folder of its own. The
 * table CASES is the whole contract in one place: the command line, the exit code, every line on stderr,
 * what stdout says, every file the run writes (and so that a refused input leaves no report behind), what
 * the reports say. Every case also checks that no input was changed and that no stack trace was printed.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { decodeWav, encodeWav, encodeWavFrames } from '../../dsp/wav.js';
import type { Report } from '../../src/report/schema.js';
import { cli, type CliRun, expectBuilt, ROOT } from '../helpers/cli.js';
import {
  ascii,
  chunk,
  concat,
  ds64Chunk,
  fmtChunk,
  riffWave,
  u16le,
  u32le,
  wave64,
  wavFile,
} from '../helpers/wav-bytes.js';

// ---------------------------------------------------------------------------------------------------------
// The inputs, built from the first 5 s of the e2e call (8 kHz, 16-bit stereo: the customer speaks, then
// the agent) or from the codec fixtures.

const SECONDS = 5;
const E2E = decodeWav(new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/calls/e2e-call.wav'))));
const RATE = E2E.format.sampleRateHz; // 8000
const [LEFT, RIGHT] = E2E.channels.map((c) => c.slice(0, SECONDS * RATE)) as [Float32Array, Float32Array];
/** The call as a plain RIFF WAV (44-byte header), and its interleaved 16-bit frames (4 bytes each). */
const CALL = encodeWav([LEFT, RIGHT], RATE);
const PCM = encodeWavFrames([LEFT, RIGHT]);
const STEREO16 = { formatTag: 1, channels: 2, sampleRateHz: RATE, bitsPerSample: 16 };
/** One signal, both parties mixed: what a dual-mono export holds on each of its channels. */
const MIX = LEFT.map((v, i) => (v + (RIGHT[i] as number)) / 2);

/** Each 4-byte frame followed by 2 pad bytes: the data of a file whose block align is 6. */
function paddedFrames(): Uint8Array {
  const out = new Uint8Array((PCM.length / 4) * 6).fill(0x55); // pad bytes that would be loud if read
  for (let f = 0; f < PCM.length / 4; f++) out.set(PCM.subarray(4 * f, 4 * f + 4), 6 * f);
  return out;
}

/** RF64 or BW64: a ds64 chunk with the sizes, then fmt, then data whose 32-bit size is 0xFFFFFFFF. */
function wave64File(id: 'RF64' | 'BW64', withDs64: boolean): Uint8Array {
  const rest = [fmtChunk(STEREO16), chunk('data', PCM, 0xffffffff)];
  if (!withDs64) return wave64(id, rest);
  const ds64 = ds64Chunk({
    riffSizeBytes: 4 + 36 + rest.reduce((n, c) => n + c.length, 0), // 'WAVE', the 36-byte ds64, the rest
    dataSizeBytes: PCM.length,
    sampleCount: PCM.length / 4,
  });
  return wave64(id, [ds64, ...rest]);
}

/** 26 bytes of LIST INFO (the encoder's name), as ffmpeg writes before the data chunk. */
const LIST_INFO = concat(ascii('INFO'), chunk('ISFT', ascii('Lavf58.76.100\0')));

/** 1 s of 32-bit float stereo, every sample NaN. */
function allNaN(): Uint8Array {
  const data = new Uint8Array(RATE * 2 * 4);
  const view = new DataView(data.buffer);
  for (let at = 0; at < data.length; at += 4) view.setFloat32(at, NaN, true);
  return wavFile({ fmt: { formatTag: 3, channels: 2, sampleRateHz: RATE, bitsPerSample: 32 }, data });
}

const u32be = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** An AIFF file (big-endian IFF: FORM, COMM with an 80-bit 8000 Hz, SSND) of 100 stereo 16-bit frames. */
function aiff(): Uint8Array {
  const comm = concat(
    ascii('COMM'),
    u32be(18),
    [0, 2],
    u32be(100),
    [0, 16],
    [0x40, 0x0b, 0xfa],
    new Uint8Array(7),
  );
  const ssnd = concat(ascii('SSND'), u32be(8 + 400), u32be(0), u32be(0), new Uint8Array(400));
  return concat(ascii('FORM'), u32be(4 + comm.length + ssnd.length), ascii('AIFF'), comm, ssnd);
}

/** The start of a WMA file: the ASF header object's GUID, its size and object count. */
const ASF = concat(
  [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c],
  u32le(5000),
  u32le(0),
  u32le(5),
  [1, 2],
  new Uint8Array(100),
);

/** A ZIP archive holding call.wav (a local file header, stored, then the file's first bytes). */
const ZIP = concat(
  ascii('PK\x03\x04'),
  u16le(10),
  new Uint8Array(20),
  u16le(8),
  u16le(0),
  ascii('call.wav'),
  CALL.subarray(0, 400),
);

/** The start of a PDF document. */
const PDF =
  '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages >>\nendobj\n';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/codecs', name)));

// ---------------------------------------------------------------------------------------------------------
// The table.

/** An input that is a folder. */
const FOLDER = Symbol('folder');
/** An input: a file's bytes or text, or a folder. */
type Input = Uint8Array | string | typeof FOLDER;

/** A line on stderr: exactly this text, or (for the cases judged wrong) a line containing these parts. */
type Line = string | { contains: string[] };

interface ReportCheck {
  /** The JSON report, in the case's folder. */
  json: string;
  source: { files: string[]; codec: string; durationSec: number };
  /** Its speech and events are the plain call's (the same samples in a plain RIFF WAV). */
  sameAnalysisAsCall?: true;
  /** No speech and no events. */
  silent?: true;
  /** report.warnings; by default the warning lines on stderr without their 'softspoken: warning: '. */
  warnings?: string[];
}

interface Case {
  name: string;
  /** The inputs, by path in the case's folder. */
  files: Record<string, Input>;
  /** The command line after `softspoken`; {d} is the case's folder. */
  args: string[];
  /** How the command is run: node bin/softspoken.js (default), or npx from the project's folder. */
  via?: 'npx';
  exit: 0 | 1 | 2;
  /** Every line on stderr, in order. */
  stderr: Line[];
  /** 'empty', or lines stdout holds (among others). */
  stdout: 'empty' | string[];
  /** Every file the run writes in the case's folder: nothing else may appear there. */
  written: string[];
  reports?: ReportCheck[];
  /** summary.csv of a folder: the named columns of each row. */
  summary?: { csv: string; columns: string[]; rows: string[][] };
  /** The outcome as it should be, where the current one looks wrong for a user: the case runs as it.fails. */
  wrong?: string;
}

const HINT = "Try 'softspoken --help'.";
const READS = 'WAV, MP3, FLAC, Ogg Opus, Ogg Vorbis, M4A/AAC, AMR or WebM';
const EXPORT = 'which SoftSpoken cannot read: export the call as WAV, MP3 or FLAC';
const WAV_CODECS = 'supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, u-law, A-law';
const TWO_PARTY = 'two-party analysis needs the agent and the customer each on their own channel';
const REPORT_SET = ['json', 'csv', 'html', 'labels.txt', 'rttm'];
const reportSet = (stem: string): string[] => REPORT_SET.map((ext) => `${stem}.${ext}`);
const pcm16 = (file: string, durationSec = SECONDS): ReportCheck['source'] => ({
  files: [`{d}/${file}`],
  codec: 'PCM 16-bit',
  durationSec,
});
/** The first line of the summary on stdout. */
const heading = (file: string, codec = 'PCM 16-bit', seconds = SECONDS): string =>
  `{d}/${file}: 0:0${seconds}.0 (${seconds}.0 s), ${codec}, ${RATE} Hz, agent = channel 0`;

const CASES: Case[] = [
  {
    name: '1. the call given as its own --json report: refused before anything is written',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.wav', '--csv', '{d}/call.csv'],
    exit: 2,
    stderr: ['softspoken: --json {d}/call.wav would overwrite the call {d}/call.wav', HINT],
    stdout: 'empty',
    written: [],
  },
  {
    name: '2. two outputs to one path: refused, neither written',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/r.out', '--csv', '{d}/r.out'],
    exit: 2,
    stderr: [
      'softspoken: --json {d}/r.out and --csv {d}/r.out are the same file: give each output its own path',
      HINT,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '3. a folder holding a.wav and a.WAV (two calls): two report sets, summary.csv says which is which',
    files: {
      'calls/a.wav': CALL,
      'calls/a.WAV': encodeWav([LEFT.subarray(0, 3 * RATE), RIGHT.subarray(0, 3 * RATE)], RATE),
    },
    args: ['analyze', '{d}/calls', '--out-dir', '{d}/reports'],
    exit: 0,
    stderr: [],
    stdout: [
      heading('calls/a.WAV', 'PCM 16-bit', 3),
      heading('calls/a.wav'),
      '2 of 2 calls analyzed; reports in {d}/reports',
    ],
    // 'a.WAV' sorts first; 'a.wav' would be the same name where names ignore case, so it gets -2
    written: [...reportSet('reports/a.WAV'), ...reportSet('reports/a.wav-2'), 'reports/summary.csv'],
    reports: [
      { json: 'reports/a.WAV.json', source: pcm16('calls/a.WAV', 3), warnings: [] },
      { json: 'reports/a.wav-2.json', source: pcm16('calls/a.wav'), sameAnalysisAsCall: true, warnings: [] },
    ],
    summary: {
      csv: 'reports/summary.csv',
      columns: ['file', 'reportName', 'durationSec'],
      rows: [
        ['a.WAV', 'a.WAV', '3'],
        ['a.wav', 'a.wav-2', '5'],
      ],
    },
  },
  {
    name: '4a. a dual-mono stereo file (one signal on both channels): refused, no report',
    files: { 'dual-mono.wav': encodeWav([MIX, MIX], RATE) },
    args: ['analyze', '{d}/dual-mono.wav', '--json', '{d}/dual-mono.json'],
    exit: 1,
    stderr: [
      `softspoken: error: {d}/dual-mono.wav: both channels hold the same signal (a mono recording saved as stereo?): ${TWO_PARTY}`,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '4b. one mono file given as both --agent and --customer: refused, no report',
    files: { 'mix.wav': encodeWav([MIX], RATE) },
    args: ['analyze', '--agent', '{d}/mix.wav', '--customer', '{d}/mix.wav', '--json', '{d}/mix.json'],
    exit: 1,
    stderr: [`softspoken: error: {d}/mix.wav was given for both parties: ${TWO_PARTY}`],
    stdout: 'empty',
    written: [],
  },
  {
    name: '4c. one mono file given as --agent and, spelled differently, as --customer: refused, no report',
    files: { 'mix.wav': encodeWav([MIX], RATE) },
    args: ['analyze', '--agent', '{d}/mix.wav', '--customer', '{d}/./mix.wav', '--json', '{d}/mix.json'],
    exit: 1,
    stderr: [`softspoken: error: {d}/mix.wav and {d}/./mix.wav hold the same audio: ${TWO_PARTY}`],
    stdout: 'empty',
    written: [],
  },
  {
    name: '5a. block align 6 for 2 × 16-bit, byte rate 6 × rate (genuine padding): analyzed in full, with a warning',
    files: { 'align6.wav': wavFile({ fmt: { ...STEREO16, blockAlign: 6 }, data: paddedFrames() }) },
    args: ['analyze', '{d}/align6.wav', '--json', '{d}/align6.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/align6.wav: block align 6 bytes for 4-byte frames: the extra bytes were skipped',
    ],
    stdout: [heading('align6.wav')],
    written: ['align6.json'],
    reports: [{ json: 'align6.json', source: pcm16('align6.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '5b. block align 6 with a byte rate of 4 × rate (a damaged header): refused',
    files: {
      'align6-damaged.wav': wavFile({
        fmt: { ...STEREO16, blockAlign: 6, byteRate: 4 * RATE },
        data: paddedFrames(),
      }),
    },
    args: ['analyze', '{d}/align6-damaged.wav', '--json', '{d}/align6-damaged.json'],
    exit: 1,
    stderr: [
      'softspoken: error: {d}/align6-damaged.wav: invalid WAV header: block align 6 bytes disagrees with the byte rate ' +
        `(${4 * RATE} bytes/s is 4-byte frames at ${RATE} Hz): the header is damaged`,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '6. two data chunks (2 s, then 3 s): both read in order, with a warning; the report lasts 5 s',
    files: {
      'two-data.wav': riffWave([
        fmtChunk(STEREO16),
        chunk('data', PCM.subarray(0, 2 * RATE * 4)),
        chunk('data', PCM.subarray(2 * RATE * 4)),
      ]),
    },
    args: ['analyze', '{d}/two-data.wav', '--json', '{d}/two-data.json'],
    exit: 0,
    stderr: ['softspoken: warning: {d}/two-data.wav: the file has 2 data chunks: read them in order'],
    stdout: [heading('two-data.wav')],
    written: ['two-data.json'],
    reports: [{ json: 'two-data.json', source: pcm16('two-data.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '7. a call named like a spreadsheet formula: its summary.csv cells start with a quote',
    files: { 'calls/=HYPERLINK("x").wav': CALL },
    args: ['analyze', '{d}/calls', '--out-dir', '{d}/reports', '--quiet'],
    exit: 0,
    stderr: [],
    stdout: 'empty',
    written: [...reportSet('reports/=HYPERLINK("x")'), 'reports/summary.csv'],
    reports: [
      {
        json: 'reports/=HYPERLINK("x").json',
        source: pcm16('calls/=HYPERLINK("x").wav'),
        sameAnalysisAsCall: true,
      },
    ],
    summary: {
      csv: 'reports/summary.csv',
      columns: ['file', 'reportName'],
      rows: [[`'=HYPERLINK("x").wav`, `'=HYPERLINK("x")`]],
    },
  },
  {
    name: '8a. RF64 (sizes in ds64): analyzed as the RIFF original',
    files: { 'rf64.wav': wave64File('RF64', true) },
    args: ['analyze', '{d}/rf64.wav', '--json', '{d}/rf64.json'],
    exit: 0,
    stderr: [],
    stdout: [heading('rf64.wav')],
    written: ['rf64.json'],
    reports: [{ json: 'rf64.json', source: pcm16('rf64.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '8b. BW64 (sizes in ds64): analyzed as the RIFF original',
    files: { 'bw64.wav': wave64File('BW64', true) },
    args: ['analyze', '{d}/bw64.wav', '--json', '{d}/bw64.json'],
    exit: 0,
    stderr: [],
    stdout: [heading('bw64.wav')],
    written: ['bw64.json'],
    reports: [{ json: 'bw64.json', source: pcm16('bw64.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '8c. BW64 without ds64, data size 0xFFFFFFFF: analyzed to the end, with the no-data-size warning',
    files: { 'bw64-streamed.wav': wave64File('BW64', false) },
    args: ['analyze', '{d}/bw64-streamed.wav', '--json', '{d}/bw64-streamed.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/bw64-streamed.wav: header gives no data size (streaming writer): analyzed to the end of the file',
    ],
    stdout: [heading('bw64-streamed.wav')],
    written: ['bw64-streamed.json'],
    reports: [{ json: 'bw64-streamed.json', source: pcm16('bw64-streamed.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '9. a LIST chunk whose size runs past the end of the file: refused, naming the bad chunk size',
    files: {
      'list.wav': wavFile({ fmt: STEREO16, before: [chunk('LIST', LIST_INFO, 0x100000)], data: PCM }),
    },
    args: ['analyze', '{d}/list.wav', '--json', '{d}/list.json'],
    exit: 1,
    // what remains after the LIST header: its 26 bytes, then the data chunk (8 + 160000)
    stderr: [
      'softspoken: error: {d}/list.wav: the LIST chunk claims 1048576 bytes but only 160034 remain: bad chunk size (the file is damaged)',
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '10. an all-NaN float WAV: refused',
    files: { 'nan.wav': allNaN() },
    args: ['analyze', '{d}/nan.wav', '--json', '{d}/nan.json'],
    exit: 1,
    stderr: ['softspoken: error: {d}/nan.wav: every sample is NaN or infinite: the float data is damaged'],
    stdout: 'empty',
    written: [],
  },
  {
    name: '11a. a text file named call.wav: refused as text',
    files: { 'call.wav': 'Customer called about the bill; the agent promised a refund by Friday.\n' },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json'],
    exit: 1,
    stderr: [
      `softspoken: error: {d}/call.wav: not an audio file SoftSpoken can read (it is text): it reads ${READS}`,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '11b. a PDF named call.wav: refused as a PDF',
    files: { 'call.wav': PDF },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json'],
    exit: 1,
    stderr: [`softspoken: error: {d}/call.wav: a PDF document, ${EXPORT}`],
    stdout: 'empty',
    written: [],
  },
  {
    name: '11c. a ZIP named call.wav: refused as a ZIP',
    files: { 'call.wav': ZIP },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json'],
    exit: 1,
    stderr: [`softspoken: error: {d}/call.wav: a ZIP archive (unpack it first), ${EXPORT}`],
    stdout: 'empty',
    written: [],
  },
  {
    name: '11d. an AIFF file named call.wav: refused, naming AIFF',
    files: { 'call.wav': aiff() },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json'],
    exit: 1,
    stderr: [`softspoken: error: {d}/call.wav: AIFF audio, ${EXPORT}`],
    stdout: 'empty',
    written: [],
  },
  {
    name: '11e. a WMA (ASF) file named call.wav: refused, naming WMA',
    files: { 'call.wav': ASF },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json'],
    exit: 1,
    stderr: [`softspoken: error: {d}/call.wav: Windows Media Audio (WMA/ASF), ${EXPORT}`],
    stdout: 'empty',
    written: [],
  },
  {
    name: '11f. a WAV of format tag 0x0055 (MP3 inside): refused, naming the codec',
    files: {
      'mp3-in-wav.wav': wavFile({
        fmt: {
          formatTag: 0x0055,
          channels: 2,
          sampleRateHz: RATE,
          bitsPerSample: 0,
          blockAlign: 1,
          byteRate: 2000,
        },
        data: fixture('excerpt-id3.mp3'),
      }),
    },
    args: ['analyze', '{d}/mp3-in-wav.wav', '--json', '{d}/mp3-in-wav.json'],
    exit: 1,
    stderr: [
      `softspoken: error: {d}/mp3-in-wav.wav: unsupported WAV encoding: MPEG Layer 3 (format tag 0x0055); ${WAV_CODECS}`,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '11g. a WAV of format tag 0x0031 (GSM 6.10): refused, naming the codec',
    files: {
      'gsm.wav': wavFile({
        fmt: {
          formatTag: 0x0031,
          channels: 1,
          sampleRateHz: RATE,
          bitsPerSample: 0,
          blockAlign: 65,
          byteRate: 1625,
        },
        data: new Uint8Array(65 * 50),
      }),
    },
    args: ['analyze', '{d}/gsm.wav', '--json', '{d}/gsm.json'],
    exit: 1,
    stderr: [
      `softspoken: error: {d}/gsm.wav: unsupported WAV encoding: GSM 6.10 (format tag 0x0031); ${WAV_CODECS}`,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '12. a mono file as the call: refused, with the hint to pass --agent and --customer',
    files: { 'mono.wav': encodeWav([MIX], RATE) },
    args: ['analyze', '{d}/mono.wav', '--json', '{d}/mono.json'],
    exit: 1,
    stderr: [
      'softspoken: error: {d}/mono.wav is mono: a call needs two channels (agent and customer), or pass --agent and --customer files',
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '13a. a missing file: refused, naming it',
    files: {},
    args: ['analyze', '{d}/missing.wav', '--json', '{d}/missing.json'],
    exit: 1,
    stderr: ['softspoken: error: cannot read {d}/missing.wav: no such file'],
    stdout: 'empty',
    written: [],
  },
  {
    name: '13b. a directory given as --agent: refused, naming it',
    files: { 'agent.wav': FOLDER, 'customer.wav': encodeWav([RIGHT], RATE) },
    args: ['analyze', '--agent', '{d}/agent.wav', '--customer', '{d}/customer.wav', '--json', '{d}/r.json'],
    exit: 1,
    stderr: ['softspoken: error: cannot read {d}/agent.wav: it is a directory'],
    stdout: 'empty',
    written: [],
  },
  {
    name: '13c. a directory given as the call, without --out-dir: refused, naming it',
    files: { 'call.wav': FOLDER },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json'],
    exit: 2,
    stderr: ['softspoken: {d}/call.wav is a folder: a folder of calls needs --out-dir for the reports', HINT],
    stdout: 'empty',
    written: [],
  },
  {
    name: '14a. an empty file: refused',
    files: { 'empty.wav': new Uint8Array(0) },
    args: ['analyze', '{d}/empty.wav', '--json', '{d}/empty.json'],
    exit: 1,
    stderr: ['softspoken: error: {d}/empty.wav: file is empty'],
    stdout: 'empty',
    written: [],
  },
  {
    name: '14b. a WAV cut inside its header (30 bytes): refused',
    files: { 'truncated.wav': CALL.subarray(0, 30) },
    args: ['analyze', '{d}/truncated.wav', '--json', '{d}/truncated.json'],
    exit: 1,
    stderr: ['softspoken: error: {d}/truncated.wav: truncated header: the fmt chunk is cut short'],
    stdout: 'empty',
    written: [],
  },
  {
    name: '14c. a data size twice what the file holds: what is there is analyzed, with a cut-short warning',
    files: { 'cut.wav': wavFile({ fmt: STEREO16, data: PCM, dataSizeBytes: 2 * PCM.length }) },
    args: ['analyze', '{d}/cut.wav', '--json', '{d}/cut.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/cut.wav: header says 10.0 s of audio but the file holds 5.0 s (cut short?): analyzed what is there',
    ],
    stdout: [heading('cut.wav')],
    written: ['cut.json'],
    reports: [{ json: 'cut.json', source: pcm16('cut.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '15a. a silent call (digital zeros): analyzed, with a warning that it is silent',
    files: {
      'silent.wav': encodeWav([new Float32Array(SECONDS * RATE), new Float32Array(SECONDS * RATE)], RATE),
    },
    args: ['analyze', '{d}/silent.wav', '--json', '{d}/silent.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/silent.wav: the call is silent in both channels: the report has no speech',
    ],
    stdout: [heading('silent.wav')],
    written: ['silent.json'],
    reports: [
      {
        json: 'silent.json',
        source: pcm16('silent.wav'),
        silent: true,
        warnings: ['the call is silent in both channels: the report has no speech'],
      },
    ],
  },
  {
    name: '15b. a silent call among a folder of calls: the warning names the call',
    files: {
      'calls/busy.wav': CALL,
      'calls/silent.wav': encodeWav(
        [new Float32Array(SECONDS * RATE), new Float32Array(SECONDS * RATE)],
        RATE,
      ),
    },
    args: ['analyze', '{d}/calls', '--out-dir', '{d}/reports', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/calls/silent.wav: the call is silent in both channels: the report has no speech',
    ],
    stdout: 'empty',
    written: [...reportSet('reports/busy'), ...reportSet('reports/silent'), 'reports/summary.csv'],
  },
  {
    name: '16a. an MP3 named call.wav: read by its bytes, analyzed as MP3',
    files: { 'call.wav': fixture('excerpt-id3.mp3') },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json'],
    exit: 0,
    stderr: [],
    stdout: [heading('call.wav', 'MP3', 3)],
    written: ['call.json'],
    reports: [{ json: 'call.json', source: { files: ['{d}/call.wav'], codec: 'MP3', durationSec: 3 } }],
  },
  {
    name: '16b. a WAV named call.mp3: read by its bytes, analyzed as 16-bit PCM',
    files: { 'call.mp3': fixture('excerpt.wav') },
    args: ['analyze', '{d}/call.mp3', '--json', '{d}/call.json'],
    exit: 0,
    stderr: [],
    stdout: [heading('call.mp3', 'PCM 16-bit', 3)],
    written: ['call.json'],
    reports: [
      { json: 'call.json', source: { files: ['{d}/call.mp3'], codec: 'PCM 16-bit', durationSec: 3 } },
    ],
  },
  {
    name: '17. `npx softspoken --help` from the project: the help, and no npm warning on stderr',
    files: {},
    args: ['--help'],
    via: 'npx',
    exit: 0,
    stderr: [],
    stdout: ['Usage:'],
    written: [],
  },
];

// ---------------------------------------------------------------------------------------------------------
// Running a case.

const top = mkdtempSync(join(tmpdir(), 'softspoken-bad-input-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

beforeAll(expectBuilt);

const lines = (text: string): string[] =>
  text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
const readReport = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;
const bytesOf = (input: Exclude<Input, typeof FOLDER>): Uint8Array =>
  typeof input === 'string' ? new TextEncoder().encode(input) : input;

/** `npx --no-install softspoken ARGS` from the project's folder, as a user who installed it runs it. */
function npx(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['--no-install', 'softspoken', ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Every file and folder (with a trailing '/') under `dir`, as paths relative to it, sorted. */
function listing(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => {
      const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
      return e.isDirectory() ? [`${rel}/`, ...listing(dir, rel)] : [rel];
    })
    .sort();
}

/** The paths and their parent folders, as listing() gives them. */
function withFolders(paths: string[], folders: string[] = []): string[] {
  const all = new Set(folders.map((f) => `${f}/`));
  for (const p of paths) {
    all.add(p);
    for (let at = p.indexOf('/'); at > 0; at = p.indexOf('/', at + 1)) all.add(`${p.slice(0, at)}/`);
  }
  return [...all].sort();
}

/** Cells of one CSV line (RFC 4180: quoted cells, "" for a quote). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let cell = '';
      at++;
      for (;;) {
        const quote = line.indexOf('"', at);
        cell += line.slice(at, quote);
        at = quote + 1;
        if (line[at] !== '"') break;
        cell += '"';
        at++;
      }
      cells.push(cell);
      at++; // the comma
    } else {
      const comma = line.indexOf(',', at);
      const end = comma < 0 ? line.length : comma;
      cells.push(line.slice(at, end));
      at = end + 1;
    }
  }
  return cells;
}

/** Speech and events of the plain call, analyzed once (the reference for sameAnalysisAsCall). */
let plainCall: Promise<Pick<Report, 'speech' | 'events'>> | null = null;
function plainAnalysis(): Promise<Pick<Report, 'speech' | 'events'>> {
  plainCall ??= (async () => {
    const dir = join(top, 'reference');
    mkdirSync(dir);
    writeFileSync(join(dir, 'call.wav'), CALL);
    const run = await cli(['analyze', join(dir, 'call.wav'), '--json', join(dir, 'call.json'), '--quiet']);
    if (run.code !== 0 || run.stderr !== '') throw new Error(`the plain call: ${run.stderr}`);
    const { speech, events } = readReport(join(dir, 'call.json'));
    return { speech, events };
  })();
  return plainCall;
}

async function runCase(expect: ExpectStatic, c: Case, index: number): Promise<void> {
  const dir = join(top, String(index));
  mkdirSync(dir);
  const sub = (text: string): string => text.replaceAll('{d}', dir);
  const folders = Object.keys(c.files).filter((p) => c.files[p] === FOLDER);
  for (const [rel, input] of Object.entries(c.files)) {
    const file = join(dir, rel);
    mkdirSync(input === FOLDER ? file : dirname(file), { recursive: true });
    if (input !== FOLDER) writeFileSync(file, bytesOf(input));
  }

  const run = c.via === 'npx' ? await npx(c.args) : await cli(c.args.map(sub));

  const context = `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`;
  expect(run.stderr, 'a stack trace').not.toMatch(/^ {4}at /m);
  expect(run.stdout, 'a stack trace').not.toMatch(/^ {4}at /m);
  expect(run.stderr, 'an npm warning').not.toMatch(/^npm (warn|WARN)/m);
  const err = lines(run.stderr);
  expect(err, context).toHaveLength(c.stderr.length);
  c.stderr.forEach((want, i) => {
    if (typeof want === 'string') expect(err[i], context).toBe(sub(want));
    else for (const part of want.contains) expect(err[i], context).toContain(sub(part));
  });
  expect(run.code, context).toBe(c.exit);
  if (c.stdout === 'empty') expect(run.stdout).toBe('');
  else expect(lines(run.stdout)).toEqual(expect.arrayContaining(c.stdout.map(sub)));

  // what was written, and that nothing else was; the inputs as they were
  const inputs = Object.keys(c.files).filter((p) => c.files[p] !== FOLDER);
  expect(listing(dir)).toEqual(withFolders([...inputs, ...c.written], folders));
  for (const rel of inputs) {
    const input = c.files[rel] as Exclude<Input, typeof FOLDER>;
    expect(Buffer.compare(readFileSync(join(dir, rel)), bytesOf(input)), `${rel} changed`).toBe(0);
  }

  const stderrWarnings = err
    .filter((l): l is string => typeof l === 'string' && l.startsWith('softspoken: warning: '))
    .map((l) => l.slice('softspoken: warning: '.length));
  for (const check of c.reports ?? []) {
    const report = readReport(join(dir, check.json));
    expect(report.source).toMatchObject({ ...check.source, files: check.source.files.map(sub) });
    expect(report.warnings).toEqual(check.warnings?.map(sub) ?? stderrWarnings);
    if (check.sameAnalysisAsCall) {
      const plain = await plainAnalysis();
      expect(report.speech).toEqual(plain.speech);
      expect(report.events).toEqual(plain.events);
      expect(report.speech.agent.length + report.speech.customer.length).toBeGreaterThan(0);
    }
    if (check.silent) {
      expect(report.speech).toEqual({ agent: [], customer: [] });
      expect(report.events).toEqual([]);
    }
  }

  if (c.summary) {
    const rows = lines(readFileSync(join(dir, c.summary.csv), 'utf8')).map(csvCells);
    const header = rows[0] ?? [];
    const columns = c.summary.columns.map((name) => header.indexOf(name));
    expect(columns).not.toContain(-1);
    expect(rows.slice(1).map((row) => columns.map((k) => row[k]))).toEqual(c.summary.rows);
    // no cell a spreadsheet would run as a formula
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
  }
}

describe.concurrent('bad input: the whole contract, case by case', () => {
  CASES.forEach((c, i) => {
    const test = c.wrong === undefined ? it : it.fails;
    test(c.name, async ({ expect }) => runCase(expect, c, i));
  });
});
