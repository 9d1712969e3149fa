/** A file's type from its first bytes (never its name), and what a file that is not a call recording is called. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAudioFileName, sniffAudio, stripAudioExtension } from '../../src/source/formats.js';
import { ascii, concat } from '../helpers/wav-bytes.js';

const FIXTURES = new URL('../fixtures/codecs/', import.meta.url);
const head = (name: string, bytes = 4096): Uint8Array =>
  new Uint8Array(readFileSync(new URL(name, FIXTURES))).subarray(0, bytes);
const padded = (...parts: (Uint8Array | number[])[]): Uint8Array => concat(...parts, new Uint8Array(200));
const refusal = (bytes: Uint8Array): string => {
  const sniffed = sniffAudio(bytes, true);
  return 'refuse' in sniffed ? sniffed.refuse : `not refused: ${JSON.stringify(sniffed)}`;
};

describe('sniffAudio', () => {
  it('names every fixture by its bytes', () => {
    const expected: Record<string, string> = {
      'call.m4a': 'mp4',
      'call.mp3': 'mp3',
      'call.opus': 'ogg-opus',
      'excerpt-agent.amr': 'amr',
      'excerpt-agent.mp3': 'mp3',
      'excerpt-customer.amr': 'amr',
      'excerpt-customer.mp3': 'mp3',
      'excerpt-faststart.m4a': 'mp4',
      'excerpt-fragmented.m4a': 'mp4',
      'excerpt-id3.mp3': 'mp3',
      'excerpt.aac': 'aac',
      'excerpt.flac': 'flac',
      'excerpt.ogg': 'ogg-vorbis',
      'excerpt.wav': 'wav',
      'excerpt.webm': 'webm',
    };
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, kind] of Object.entries(expected)) {
      expect(sniffAudio(head(name), false), name).toEqual({ kind });
    }
  });

  it('asks for more bytes when the answer lies past an ID3 tag, then finds FLAC behind it', () => {
    const tag = [...ascii('ID3'), 3, 0, 0, 0, 0, 8, 0]; // a 1024-byte tag (syncsafe size 0x400)
    const flac = concat(tag, new Uint8Array(1024), ascii('fLaC'), new Uint8Array(100));
    expect(sniffAudio(flac.subarray(0, 64), false)).toEqual({ needBytes: 10 + 1024 + 4 });
    expect(sniffAudio(flac, false)).toEqual({ kind: 'flac' });
  });

  it('refuses what is not a call recording, naming what it is', () => {
    const readable = 'WAV, MP3, FLAC, Ogg Opus, Ogg Vorbis, M4A/AAC, AMR or WebM';
    expect(refusal(new Uint8Array(0))).toBe('file is empty');
    expect(refusal(new TextEncoder().encode('Call notes: customer angry about the bill.\n'.repeat(4)))).toBe(
      `not an audio file SoftSpoken can read (it is text): it reads ${readable}`,
    );
    expect(refusal(padded([0x00, 0x01, 0x02, 0x03, 0x9f, 0x80]))).toBe(
      `not an audio file SoftSpoken can read: it reads ${readable}`,
    );
    expect(refusal(padded(ascii('%PDF-1.7')))).toBe(
      'a PDF document, which SoftSpoken cannot read: export the call as WAV, MP3 or FLAC',
    );
    expect(refusal(padded(ascii('FORM'), [0, 0, 0, 0], ascii('AIFF')))).toMatch(
      /^AIFF audio, which SoftSpoken/,
    );
    expect(refusal(padded([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]))).toMatch(/^Windows Media Audio/);
    expect(refusal(padded(ascii('RIFF'), [0, 0, 0, 0], ascii('AVI LIST')))).toBe(
      'not audio: a RIFF AVI file',
    );
    const speex = concat(ascii('OggS'), new Uint8Array(22), [1, 80], ascii('Speex   '), new Uint8Array(80));
    expect(refusal(speex)).toMatch(/^Ogg Speex, which SoftSpoken cannot read/);
  });

  it('leaves a truncated or unusual WAV header to the WAV reader, which names the problem', () => {
    for (const id of ['RIFF', 'RF64', 'BW64', 'RIFX']) {
      expect(sniffAudio(padded(ascii(id), [0, 0, 0, 0], ascii('WAVE')), true)).toEqual({ kind: 'wav' });
    }
    expect(sniffAudio(new Uint8Array(ascii('RIF')), true)).toEqual({ kind: 'wav' });
  });
});

describe('audio file names', () => {
  it('knows the extensions a folder scan takes, in any case, and strips them', () => {
    expect(
      ['a.wav', 'b.WAV', 'c.Mp3', 'd.flac', 'e.opus', 'f.m4a', 'g.amr', 'h.webm'].every(isAudioFileName),
    ).toBe(true);
    expect(['notes.txt', 'x.wav.bak', 'wav', 'report.json'].some(isAudioFileName)).toBe(false);
    expect(stripAudioExtension('call 7.MP3')).toBe('call 7');
    expect(stripAudioExtension('notes.txt')).toBe('notes.txt');
  });
});
