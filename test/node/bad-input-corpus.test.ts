/**
 * The bad-input corpus: one case per way a user's input goes wrong, each run through the softspoken command
 * as users run it (the compiled CLI in dist/), on inputs made here in a temporary folder of its own. The
 * table CASES is the whole contract in one place: the command line, the exit code, every line on stderr,
 * what stdout says, every file the run writes (and so that a refused input leaves no report behind), what
 * the reports say. Every case also checks that no input was changed and that no stack trace was printed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/** The call with a DC offset on each channel, in 16-bit units (the samples stay within 16 bits). */
const withOffset = (left: number, right: number): Uint8Array =>
  encodeWav([LEFT.map((v) => v + left / 32768), RIGHT.map((v) => v + right / 32768)], RATE);

/** The mix one sample late (a copy delayed by an export's filter). */
const MIX_LATE = Float32Array.from(MIX, (_, i) => (i === 0 ? 0 : (MIX[i - 1] as number)));

/** The demo call (67.7 s, 8 kHz: three customer peaks, a raised reply), driven 24 dB past full scale and clipped. */
const DEMO = join(ROOT, 'assets/demo/demo-call.wav');
function clippedDemo(): Uint8Array {
  const { channels } = decodeWav(new Uint8Array(readFileSync(DEMO)));
  return encodeWav(
    channels.map((c) => c.map((v) => Math.max(-1, Math.min(1, v * 16)))),
    RATE,
  );
}

/** An RF64 file whose ds64 says 1000 bytes of data where 5 s follow. */
function rf64ShortDs64(): Uint8Array {
  const rest = [fmtChunk(STEREO16), chunk('data', PCM, 0xffffffff)];
  return wave64('RF64', [ds64Chunk({ riffSizeBytes: 0, dataSizeBytes: 1000, sampleCount: 250 }), ...rest]);
}

/** The first half of a fixture's bytes: a file cut short. */
const firstHalf = (name: string): Uint8Array => {
  const bytes = fixture(name);
  return bytes.slice(0, bytes.length >> 1);
};

/** A fixture with `count` bytes flipped (XOR 0xFF) from 30 % of the way in. */
function flipped(name: string, count = 16): Uint8Array {
  const bytes = fixture(name);
  const at = Math.round(bytes.length * 0.3);
  for (let k = at; k < at + count; k++) bytes[k] = (bytes[k] as number) ^ 0xff;
  return bytes;
}

/** A fixture with 2 KB of (seeded) noise written over it halfway. */
function noiseMidway(name: string): Uint8Array {
  const bytes = fixture(name);
  let seed = 12345;
  for (let k = bytes.length >> 1, end = k + 2048; k < end; k++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[k] = seed >>> 24;
  }
  return bytes;
}

/** A settings file over 1 MiB (1024 × 1024 bytes), valid JSON. */
const BIG_SETTINGS = `{"minPauseSec": 1.5, "pad": "${'x'.repeat(1024 * 1024)}"}`;

/** A PID no process has (above the largest Linux gives, 2^22): a run killed long ago. */
const GONE_PID = 2 ** 31 - 2;

// ---------------------------------------------------------------------------------------------------------
// The table.

/** An input that is a folder. */
const FOLDER = Symbol('folder');
/** An input that is a FIFO (named pipe), nobody writing to it. */
const FIFO = Symbol('fifo');
/** An input: a file's bytes or text, a folder or a FIFO. */
type Input = Uint8Array | string | typeof FOLDER | typeof FIFO;

/** A line on stderr: exactly this text, or (for the cases judged wrong) a line containing these parts. */
type Line = string | { contains: string[] };

interface ReportCheck {
  /** The JSON report, in the case's folder. */
  json: string;
  source: { files: string[]; codec: string; durationSec: number };
  /** Its speech and events are the plain call's (the same samples in a plain RIFF WAV). */
  sameAnalysisAsCall?: true;
  /** Its events are the demo call's (assets/demo/demo-call.wav analysed as it is), each within 0.25 s. */
  sameEventsAsDemo?: true;
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
  /** Run from the case's folder instead of the project's, so a file left in the working folder shows. */
  inCaseFolder?: true;
  /** Added to the environment. */
  env?: Record<string, string>;
  /** Inputs the run removes (a temporary file a killed run left behind). */
  removed?: string[];
  /** Paths (outside the case's folder) that must still be what they were: a device is not replaced. */
  stillDevices?: string[];
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
  {
    name: '18a. a call recorded as two mono MP3 files: analyzed (mpg123 returns two channels for each)',
    files: { 'agent.mp3': fixture('excerpt-agent.mp3'), 'customer.mp3': fixture('excerpt-customer.mp3') },
    args: [
      'analyze',
      '--agent',
      '{d}/agent.mp3',
      '--customer',
      '{d}/customer.mp3',
      '--json',
      '{d}/call.json',
    ],
    exit: 0,
    stderr: [],
    stdout: ['{d}/agent.mp3 + {d}/customer.mp3: 0:03.0 (3.0 s), MP3, 8000 Hz, agent and customer files'],
    written: ['call.json'],
  },
  {
    name: '18b. one mono MP3 as the call: refused as mono, not as one signal on two channels',
    files: { 'agent.mp3': fixture('excerpt-agent.mp3') },
    args: ['analyze', '{d}/agent.mp3', '--json', '{d}/agent.json'],
    exit: 1,
    stderr: [
      'softspoken: error: {d}/agent.mp3 is mono: a call needs two channels (agent and customer), or pass --agent and --customer files',
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '19a. a DC offset of +600 on both channels: the plain call’s analysis, each offset named (it was refused as one signal)',
    files: { 'dc600.wav': withOffset(600, 600) },
    args: ['analyze', '{d}/dc600.wav', '--json', '{d}/dc600.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/dc600.wav: the agent channel carries a constant offset (DC at -35 dBFS, a fault of the line or headset): removed before the analysis',
      'softspoken: warning: {d}/dc600.wav: the customer channel carries a constant offset (DC at -35 dBFS, a fault of the line or headset): removed before the analysis',
    ],
    stdout: [heading('dc600.wav')],
    written: ['dc600.json'],
    reports: [
      {
        json: 'dc600.json',
        source: pcm16('dc600.wav'),
        sameAnalysisAsCall: true,
        warnings: ['agent', 'customer'].map(
          (party) =>
            `the ${party} channel carries a constant offset (DC at -35 dBFS, a fault of the line or headset): removed before the analysis`,
        ),
      },
    ],
  },
  {
    name: '19b. +6000 on the agent channel alone: the plain call’s analysis (it found no speech at all), the offset named',
    files: { 'dc6000.wav': withOffset(6000, 0) },
    args: ['analyze', '{d}/dc6000.wav', '--json', '{d}/dc6000.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/dc6000.wav: the agent channel carries a constant offset (DC at -15 dBFS, a fault of the line or headset): removed before the analysis',
    ],
    stdout: [heading('dc6000.wav')],
    written: ['dc6000.json'],
    reports: [
      {
        json: 'dc6000.json',
        source: pcm16('dc6000.wav'),
        sameAnalysisAsCall: true,
        warnings: [
          'the agent channel carries a constant offset (DC at -15 dBFS, a fault of the line or headset): removed before the analysis',
        ],
      },
    ],
  },
  {
    name: '19c. an agent channel of pure DC: silent, and said to hold only an offset',
    files: { 'dc-only.wav': encodeWav([new Float32Array(SECONDS * RATE).fill(0.1), RIGHT], RATE) },
    args: ['analyze', '{d}/dc-only.wav', '--json', '{d}/dc-only.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/dc-only.wav: the agent channel holds only a constant offset (DC at -20 dBFS): no sound',
      'softspoken: warning: {d}/dc-only.wav: the agent channel is silent (wrong channel, or a one-sided recording?)',
    ],
    stdout: [heading('dc-only.wav')],
    written: ['dc-only.json'],
  },
  {
    name: '20. the demo call 24 dB too loud, clipped (7 % of the customer’s samples at full scale): its events, with a warning',
    files: { 'clipped.wav': clippedDemo() },
    args: ['analyze', '{d}/clipped.wav', '--json', '{d}/clipped.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/clipped.wav: the agent channel is clipped: 2.8 % of its samples are at full scale (recorded too loud): the flat tops were redrawn for the analysis, but its loudest moments may read quieter than they were',
      'softspoken: warning: {d}/clipped.wav: the customer channel is clipped: 6.9 % of its samples are at full scale (recorded too loud): the flat tops were redrawn for the analysis, but its loudest moments may read quieter than they were',
    ],
    stdout: 'empty',
    written: ['clipped.json'],
    reports: [
      {
        json: 'clipped.json',
        source: pcm16('clipped.wav', 67.7),
        sameEventsAsDemo: true,
        warnings: [
          'the agent channel is clipped: 2.8 % of its samples are at full scale (recorded too loud): the flat tops were redrawn for the analysis, but its loudest moments may read quieter than they were',
          'the customer channel is clipped: 6.9 % of its samples are at full scale (recorded too loud): the flat tops were redrawn for the analysis, but its loudest moments may read quieter than they were',
        ],
      },
    ],
  },
  {
    name: '21a. an inverted copy on the second channel (x and -x): refused as one signal',
    files: { 'inverted.wav': encodeWav([MIX, MIX.map((v) => -v)], RATE) },
    args: ['analyze', '{d}/inverted.wav', '--json', '{d}/inverted.json'],
    exit: 1,
    stderr: [
      `softspoken: error: {d}/inverted.wav: both channels hold the same signal (a mono recording saved as stereo?): ${TWO_PARTY}`,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '21b. a copy one sample late on the second channel: refused as one signal',
    files: { 'late.wav': encodeWav([MIX, MIX_LATE], RATE) },
    args: ['analyze', '{d}/late.wav', '--json', '{d}/late.json'],
    exit: 1,
    stderr: [
      `softspoken: error: {d}/late.wav: both channels hold the same signal (a mono recording saved as stereo?): ${TWO_PARTY}`,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '22a. a header claiming 32-bit samples over 16-bit data: read as the 16-bit call, with a warning',
    files: { 'lie32.wav': wavFile({ fmt: { ...STEREO16, bitsPerSample: 32 }, data: PCM }) },
    args: ['analyze', '{d}/lie32.wav', '--json', '{d}/lie32.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/lie32.wav: the header says PCM 32-bit samples but the data is PCM 16-bit (the header is damaged): read as 16-bit',
    ],
    stdout: [heading('lie32.wav')],
    written: ['lie32.json'],
    reports: [{ json: 'lie32.json', source: pcm16('lie32.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '22b. a header claiming 24-bit samples over 16-bit data: read as the 16-bit call, with a warning',
    files: { 'lie24.wav': wavFile({ fmt: { ...STEREO16, bitsPerSample: 24 }, data: PCM }) },
    args: ['analyze', '{d}/lie24.wav', '--json', '{d}/lie24.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/lie24.wav: the header says PCM 24-bit samples but the data is PCM 16-bit (the header is damaged): read as 16-bit',
    ],
    stdout: [heading('lie24.wav')],
    written: ['lie24.json'],
    reports: [{ json: 'lie24.json', source: pcm16('lie24.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '23a. a data chunk declaring half of what follows it: read to the end, with a warning',
    files: { 'short-size.wav': wavFile({ fmt: STEREO16, data: PCM, dataSizeBytes: PCM.length / 2 }) },
    args: ['analyze', '{d}/short-size.wav', '--json', '{d}/short-size.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/short-size.wav: header says 2.5 s of audio but the file holds 5.0 s (its data size is wrong): read to the end of the file',
    ],
    stdout: [heading('short-size.wav')],
    written: ['short-size.json'],
    reports: [{ json: 'short-size.json', source: pcm16('short-size.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '23b. an RF64 ds64 data size of 1000 bytes over 5 s of data: read to the end, with a warning',
    files: { 'rf64-short.wav': rf64ShortDs64() },
    args: ['analyze', '{d}/rf64-short.wav', '--json', '{d}/rf64-short.json'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/rf64-short.wav: header says 0.0 s of audio but the file holds 5.0 s (its data size is wrong): read to the end of the file',
    ],
    stdout: [heading('rf64-short.wav')],
    written: ['rf64-short.json'],
    reports: [{ json: 'rf64-short.json', source: pcm16('rf64-short.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '24a. an MP3 cut to half its bytes: analyzed, with how much of the call is missing',
    files: { 'cut.mp3': firstHalf('excerpt-id3.mp3') },
    args: ['analyze', '{d}/cut.mp3', '--json', '{d}/cut.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/cut.mp3: the file holds 1.4 s of audio but declares 3.2 s: 1.8 s of the call are missing at the end (cut short?)',
    ],
    stdout: 'empty',
    written: ['cut.json'],
  },
  {
    name: '24b. a FLAC cut to half its bytes: analyzed, with how much of the call is missing',
    files: { 'cut.flac': firstHalf('excerpt.flac') },
    args: ['analyze', '{d}/cut.flac', '--json', '{d}/cut.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/cut.flac: the file holds 1.3 s of audio but declares 3.0 s: 1.7 s of the call are missing at the end (cut short?)',
    ],
    stdout: 'empty',
    written: ['cut.json'],
  },
  {
    name: '24c. an Ogg Opus call cut to half its bytes: analyzed, said to be cut short where it stops',
    files: { 'cut.opus': firstHalf('call.opus') },
    args: ['analyze', '{d}/cut.opus', '--json', '{d}/cut.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/cut.opus: the file ends before its audio stream does (cut short?): the call stops at 0:10.0; whatever followed is missing',
    ],
    stdout: 'empty',
    written: ['cut.json'],
  },
  {
    name: '24d. an Ogg Vorbis file cut to half its bytes: analyzed, said to be cut short where it stops',
    files: { 'cut.ogg': firstHalf('excerpt.ogg') },
    args: ['analyze', '{d}/cut.ogg', '--json', '{d}/cut.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/cut.ogg: the file ends before its audio stream does (cut short?): the call stops at 0:01.0; whatever followed is missing',
    ],
    stdout: 'empty',
    written: ['cut.json'],
  },
  {
    name: '24e. a WebM cut to half its bytes: analyzed, with how much of the call is missing',
    files: { 'cut.webm': firstHalf('excerpt.webm') },
    args: ['analyze', '{d}/cut.webm', '--json', '{d}/cut.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/cut.webm: the file holds 1.4 s of audio but declares 3.0 s: 1.6 s of the call are missing at the end (cut short?)',
    ],
    stdout: 'empty',
    written: ['cut.json'],
  },
  {
    name: '24f. a bare AAC stream cut to half its bytes: analyzed, said to be cut short where it stops',
    files: { 'cut.aac': firstHalf('excerpt.aac') },
    args: ['analyze', '{d}/cut.aac', '--json', '{d}/cut.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/cut.aac: the file ends before its audio stream does (cut short?): the call stops at 0:01.5; whatever followed is missing',
      'softspoken: warning: {d}/cut.aac: a bare AAC stream (ADTS) does not say its encoder delay: times may be up to 0.1 s late',
    ],
    stdout: 'empty',
    written: ['cut.json'],
  },
  {
    name: '24g. an M4A cut before its index (written after the audio): refused, saying so',
    files: { 'cut.m4a': firstHalf('call.m4a') },
    args: ['analyze', '{d}/cut.m4a', '--json', '{d}/cut.json'],
    exit: 1,
    stderr: [
      'softspoken: error: {d}/cut.m4a: the M4A file is cut short: its index (the moov box, written after the audio) is missing, so none of it can be decoded',
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '24h. a FLAC with 16 bytes flipped: analyzed to where the decoder gave up, saying where and how much was lost',
    files: { 'flipped.flac': flipped('excerpt.flac') },
    args: ['analyze', '{d}/flipped.flac', '--json', '{d}/flipped.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/flipped.flac: the FLAC data is damaged at 0:00.5: the decoder could not read the rest of the file (58 % of its bytes, about 2 s of the call), so the call ends there',
    ],
    stdout: 'empty',
    written: ['flipped.json'],
  },
  {
    name: '24i. a FLAC with 2 KB of noise halfway: analyzed to the noise, saying where and how much was lost',
    files: { 'noisy.flac': noiseMidway('excerpt.flac') },
    args: ['analyze', '{d}/noisy.flac', '--json', '{d}/noisy.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/noisy.flac: the FLAC data is damaged at 0:01.3: the decoder could not read the rest of the file (44 % of its bytes, about 2 s of the call), so the call ends there',
    ],
    stdout: 'empty',
    written: ['noisy.json'],
  },
  {
    name: '24j. a WebM call with 2 KB of noise halfway: analyzed, saying where and how much was lost',
    files: { 'noisy.webm': noiseMidway('excerpt.webm') },
    args: ['analyze', '{d}/noisy.webm', '--json', '{d}/noisy.json', '--quiet'],
    exit: 0,
    stderr: [
      'softspoken: warning: {d}/noisy.webm: the WebM data is damaged at 0:01.4: the decoder could not read the rest of the file (40 % of its bytes, about 2 s of the call), so the call ends there',
    ],
    stdout: 'empty',
    written: ['noisy.json'],
  },
  {
    name: '25a. --json naming a FIFO: refused before anything is read; the FIFO stays a FIFO',
    files: { 'call.wav': CALL, 'reader.fifo': FIFO },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/reader.fifo'],
    exit: 2,
    stderr: [
      'softspoken: --json {d}/reader.fifo is a FIFO (named pipe), not a regular file: outputs are written to regular files only',
      HINT,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '25b. --json /dev/null: refused, the device left as it is (as root it was replaced by a file)',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--json', '/dev/null'],
    exit: 2,
    stderr: [
      'softspoken: --json /dev/null is a device, not a regular file: outputs are written to regular files only',
      HINT,
    ],
    stdout: 'empty',
    written: [],
    stillDevices: ['/dev/null'],
  },
  {
    name: '26. --out-dir with a single call: its report set written there (it was ignored)',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--out-dir', '{d}/reports'],
    exit: 0,
    stderr: [],
    stdout: [heading('call.wav'), 'report: {d}/reports/call.json', 'html report: {d}/reports/call.html'],
    written: reportSet('reports/call'),
    reports: [{ json: 'reports/call.json', source: pcm16('call.wav'), sameAnalysisAsCall: true }],
  },
  {
    name: '27a. a legal 245-character output name: written (the temporary name had passed 255 bytes)',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--json', `{d}/${'r'.repeat(245)}.json`, '--quiet'],
    exit: 0,
    stderr: [],
    stdout: 'empty',
    written: [`${'r'.repeat(245)}.json`],
  },
  {
    name: '27b. an output name longer than a file system takes: refused before anything is read',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--json', `{d}/${'r'.repeat(256)}.json`],
    exit: 2,
    stderr: [
      `softspoken: --json {d}/${'r'.repeat(256)}.json: the file name is too long (261 bytes; at most 255)`,
      HINT,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '28a. --json under a file (ENOTDIR): refused in plain words before anything is read',
    files: { 'call.wav': CALL, afile: 'not a folder' },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/afile/r.json'],
    exit: 2,
    stderr: ['softspoken: --json {d}/afile/r.json: {d}/afile is a file, not a folder', HINT],
    stdout: 'empty',
    written: [],
  },
  {
    name: '28b. --json in a missing folder: refused in plain words before anything is read (it was a bare ENOENT after the analysis)',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/missing/r.json'],
    exit: 2,
    stderr: ['softspoken: --json {d}/missing/r.json: the folder {d}/missing does not exist', HINT],
    stdout: 'empty',
    written: [],
  },
  {
    name: '29a. --settings /dev/zero: refused at once (it was read until memory ran out)',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--settings', '/dev/zero'],
    exit: 2,
    stderr: [
      'softspoken: cannot read settings file /dev/zero: not a regular file (a device, FIFO or socket)',
      HINT,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '29b. --settings /dev/urandom: refused at once',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--settings', '/dev/urandom'],
    exit: 2,
    stderr: [
      'softspoken: cannot read settings file /dev/urandom: not a regular file (a device, FIFO or socket)',
      HINT,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '29c. --settings naming a FIFO nobody writes to: refused at once, not waited on',
    files: { 'call.wav': CALL, 'settings.fifo': FIFO },
    args: ['analyze', '{d}/call.wav', '--settings', '{d}/settings.fifo'],
    exit: 2,
    stderr: [
      'softspoken: cannot read settings file {d}/settings.fifo: not a regular file (a device, FIFO or socket)',
      HINT,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '29d. a settings file over 1 MiB: refused, saying its size',
    files: { 'call.wav': CALL, 'big.json': BIG_SETTINGS },
    args: ['analyze', '{d}/call.wav', '--settings', '{d}/big.json'],
    exit: 2,
    stderr: [
      `softspoken: cannot read settings file {d}/big.json: too large (${BIG_SETTINGS.length} bytes; at most 1048576)`,
      HINT,
    ],
    stdout: 'empty',
    written: [],
  },
  {
    name: '29e. --agent-profile /dev/zero: refused at once (it was read until memory ran out)',
    files: { 'call.wav': CALL },
    args: ['analyze', '{d}/call.wav', '--agent-profile', '/dev/zero'],
    exit: 2,
    stderr: [
      'softspoken: --agent-profile /dev/zero is a device, not a regular file: outputs are written to regular files only',
      HINT,
    ],
    stdout: 'empty',
    written: [],
    stillDevices: ['/dev/zero'],
  },
  {
    name: '30. a temporary file a killed run left (NAME.json.PID.tmp, its process gone): removed by the next run; a running one’s kept',
    files: {
      'call.wav': CALL,
      [`call.json.${GONE_PID}.tmp`]: '{"version": "0.1.0", "sou',
      'call.json.1.tmp': '{"version": "0.1.0", "sou',
    },
    args: ['analyze', '{d}/call.wav', '--json', '{d}/call.json', '--quiet'],
    exit: 0,
    stderr: [],
    stdout: 'empty',
    written: ['call.json'],
    removed: [`call.json.${GONE_PID}.tmp`],
  },
  {
    name: '31. a home folder that cannot be written: no onnxruntime telemetry line, no ":memory:.ses" left in the working folder',
    files: { 'call.wav': CALL },
    args: ['analyze', 'call.wav', '--json', 'call.json', '--quiet'],
    inCaseFolder: true,
    env: { HOME: '/dev/null' },
    exit: 0,
    stderr: [],
    stdout: 'empty',
    written: ['call.json'],
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
const bytesOf = (input: Exclude<Input, typeof FOLDER | typeof FIFO>): Uint8Array =>
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

/** The demo call's events, analysed once (the reference for sameEventsAsDemo). */
let demoCall: Promise<Report['events']> | null = null;
function demoAnalysis(): Promise<Report['events']> {
  demoCall ??= (async () => {
    const dir = join(top, 'demo-reference');
    mkdirSync(dir);
    const run = await cli(['analyze', DEMO, '--json', join(dir, 'demo.json'), '--quiet']);
    if (run.code !== 0 || run.stderr !== '') throw new Error(`the demo call: ${run.stderr}`);
    return readReport(join(dir, 'demo.json')).events;
  })();
  return demoCall;
}

async function runCase(expect: ExpectStatic, c: Case, index: number): Promise<void> {
  const dir = join(top, String(index));
  mkdirSync(dir);
  const sub = (text: string): string => text.replaceAll('{d}', dir);
  const folders = Object.keys(c.files).filter((p) => c.files[p] === FOLDER);
  for (const [rel, input] of Object.entries(c.files)) {
    const file = join(dir, rel);
    mkdirSync(input === FOLDER ? file : dirname(file), { recursive: true });
    if (input === FIFO) execFileSync('mkfifo', [file]);
    else if (input !== FOLDER) writeFileSync(file, bytesOf(input));
  }

  const options = { ...(c.inCaseFolder && { cwd: dir }), ...(c.env && { env: c.env }) };
  const run = c.via === 'npx' ? await npx(c.args) : await cli(c.args.map(sub), options);

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

  // what was written, and that nothing else was; the inputs as they were (but those the run removes)
  const inputs = Object.keys(c.files).filter((p) => c.files[p] !== FOLDER && !(c.removed ?? []).includes(p));
  expect(listing(dir)).toEqual(withFolders([...inputs, ...c.written], folders));
  for (const rel of inputs) {
    const input = c.files[rel] as Exclude<Input, typeof FOLDER>;
    if (input === FIFO) expect(statSync(join(dir, rel)).isFIFO(), `${rel} is no longer a FIFO`).toBe(true);
    else expect(Buffer.compare(readFileSync(join(dir, rel)), bytesOf(input)), `${rel} changed`).toBe(0);
  }
  for (const device of c.stillDevices ?? []) expect(statSync(device).isCharacterDevice(), device).toBe(true);

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
    if (check.sameEventsAsDemo) {
      const demo = await demoAnalysis();
      expect(report.events.map((e) => e.type)).toEqual(demo.map((e) => e.type));
      report.events.forEach((e, i) => {
        expect(Math.abs(e.start - (demo[i]?.start ?? NaN)), `${e.type} at ${e.start}`).toBeLessThanOrEqual(
          0.25,
        );
      });
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
