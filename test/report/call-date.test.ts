/**
 * A call's date: from a file name's `{date}` field, from the recording's own metadata (bytes built here as
 * each container writes them, with the date known), the best clue chosen and named.
 */
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../dsp/wav.js';
import { fieldsFromFileName } from '../../src/report/agents.js';
import { chooseCallDate, dateFromText, recordingDate } from '../../src/report/call-date.js';
import { ascii as asciiCodes, chunk, concat as cat, u32le } from '../helpers/wav-bytes.js';

const ascii = (s: string): Uint8Array => new Uint8Array(asciiCodes(s));
const le32 = (n: number): Uint8Array => new Uint8Array(u32le(n));
const be32 = (n: number): Uint8Array => new Uint8Array([n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
const wav = encodeWav([new Float32Array(800), new Float32Array(800)], 8000);

describe('dateFromText', () => {
  it('reads the ways recorders and file names write a date, with or without a time', () => {
    expect(dateFromText('2026-11-03')).toBe('2026-11-03T00:00:00.000Z');
    expect(dateFromText('20261103_1412')).toBe('2026-11-03T14:12:00.000Z');
    expect(dateFromText('2026:11:03 14:12:05')).toBe('2026-11-03T14:12:05.000Z');
    expect(dateFromText('2026-11-03T14:12:05Z')).toBe('2026-11-03T14:12:05.000Z');
    for (const no of ['2026', '03-11-2026', '2026-02-30', '2026-13-01', 'call 7', ''])
      expect(dateFromText(no)).toBeNull();
  });

  it('takes a {date} field of the coach’s pattern from a file name', () => {
    expect(fieldsFromFileName('calls/anna_2026-11-03_1412.mp3', '{agent}_{date}_*')).toEqual({
      agent: 'anna',
      date: '2026-11-03T00:00:00.000Z',
    });
    expect(fieldsFromFileName('20261103-ben.wav', '{date}-{agent}')).toEqual({
      agent: 'ben',
      date: '2026-11-03T00:00:00.000Z',
    });
    expect(fieldsFromFileName('ben_2026-02-30.wav', '{agent}_{date}')).toEqual({ agent: 'ben', date: null });
    expect(fieldsFromFileName('anna_x.wav', '{agent}_*').date).toBeNull();
  });
});

describe('recordingDate', () => {
  it('reads a Broadcast WAV’s bext origination date and time', () => {
    const bext = new Uint8Array(602);
    bext.set(ascii('2026-11-08'), 320);
    bext.set(ascii('10:11:12'), 330);
    const file = cat(wav.subarray(0, 36), chunk('bext', bext), wav.subarray(36));
    expect(recordingDate(file)).toBe('2026-11-08T10:11:12.000Z');
  });

  it('reads a WAV’s LIST/INFO ICRD, also when it comes after the audio (the file’s tail)', () => {
    const info = chunk('LIST', cat(ascii('INFO'), chunk('ICRD', ascii('2026-11-07\0'))));
    expect(recordingDate(wav.subarray(0, 200), cat(wav.subarray(200), info))).toBe(
      '2026-11-07T00:00:00.000Z',
    );
    expect(recordingDate(wav)).toBeNull();
  });

  it('reads an MP3’s ID3v2.4 TDRC and ID3v2.3 TYER + TDAT', () => {
    const frame = (id: string, text: string, syncsafe: boolean): Uint8Array => {
      const size = text.length + 1;
      const sizeBytes = syncsafe ? new Uint8Array([0, 0, size >> 7, size & 127]) : be32(size);
      return cat(ascii(id), sizeBytes, new Uint8Array([0, 0, 0]), ascii(text));
    };
    const tag = (...frames: Uint8Array[]): Uint8Array => cat(ascii('ID3'), new Uint8Array(7), ...frames);
    expect(recordingDate(tag(frame('TDRC', '2026-11-03T14:12', true)))).toBe('2026-11-03T14:12:00.000Z');
    expect(recordingDate(tag(frame('TYER', '2026', false), frame('TDAT', '0411', false)))).toBe(
      '2026-11-04T00:00:00.000Z',
    );
  });

  it('reads a Vorbis comment DATE= (FLAC, Ogg)', () => {
    const comment = cat(le32(15), ascii('DATE=2026-11-06'));
    expect(recordingDate(cat(ascii('fLaC'), new Uint8Array(40), comment))).toBe('2026-11-06T00:00:00.000Z');
  });

  it('reads an M4A’s mvhd creation time, and leaves out one that was never set (0)', () => {
    const sec1904 = Date.UTC(2026, 10, 5, 9, 30) / 1000 + 2082844800;
    const mvhd = (seconds: number): Uint8Array =>
      cat(be32(108), ascii('mvhd'), new Uint8Array(4), be32(seconds));
    expect(recordingDate(cat(ascii('\0\0\0\x20ftypM4A '), mvhd(sec1904)))).toBe('2026-11-05T09:30:00.000Z');
    expect(recordingDate(mvhd(0))).toBeNull();
  });

  it('says nothing of bytes that are not a recording, and never throws', () => {
    expect(recordingDate(new Uint8Array(0))).toBeNull();
    expect(recordingDate(ascii('DATE=2026-11-06 but no length before it'))).toBeNull();
    expect(recordingDate(ascii('ID3bext'))).toBeNull();
  });
});

describe('chooseCallDate', () => {
  it('takes the live call, else the name, else the recording, else the file, else when first analysed', () => {
    const first = '2026-12-01T00:00:00.000Z';
    const all = {
      live: null,
      name: '2026-11-03T00:00:00.000Z',
      recording: '2026-11-04T00:00:00.000Z',
      file: '2026-11-30T00:00:00.000Z',
    };
    expect(chooseCallDate(all, first)).toEqual({ date: all.name, from: 'name' });
    expect(chooseCallDate({ ...all, name: null }, first)).toEqual({ date: all.recording, from: 'recording' });
    expect(chooseCallDate({ file: all.file }, first)).toEqual({ date: all.file, from: 'file' });
    expect(chooseCallDate({}, first)).toEqual({ date: first, from: 'analysed' });
    expect(chooseCallDate({ ...all, live: '2026-10-01T08:00:00Z' }, first).from).toBe('live');
  });
});
