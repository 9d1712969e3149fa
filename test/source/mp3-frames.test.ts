import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Mp3Channels } from '../../src/source/mp3-frames.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/codecs/${name}`, import.meta.url)));

/** The channels `bytes` say they have, pushed `chunk` bytes at a time. */
function channelsOf(bytes: Uint8Array, chunk: number): 1 | 2 | null {
  const sniffer = new Mp3Channels();
  for (let at = 0; at < bytes.length; at += chunk) sniffer.push(bytes.subarray(at, at + chunk));
  return sniffer.channels;
}

/** An ID3v2.3 tag of `size` body bytes (a 28-bit size in 7-bit bytes), its body `fill`. */
function id3(size: number, fill: Uint8Array): Uint8Array {
  const tag = new Uint8Array(10 + size);
  tag.set([
    0x49,
    0x44,
    0x33,
    3,
    0,
    0,
    (size >> 21) & 0x7f,
    (size >> 14) & 0x7f,
    (size >> 7) & 0x7f,
    size & 0x7f,
  ]);
  for (let at = 10; at < tag.length; at += fill.length) tag.set(fill.subarray(0, tag.length - at), at);
  return tag;
}

describe('Mp3Channels', () => {
  it('reads mono and stereo from the first frame header, however the bytes are cut', () => {
    for (const chunk of [1, 5, 4096]) {
      expect(channelsOf(fixture('excerpt-agent.mp3'), chunk)).toBe(1);
      expect(channelsOf(fixture('excerpt-id3.mp3'), chunk)).toBe(2);
    }
  });

  it('skips an ID3 tag whose bytes look like a stereo frame header', () => {
    // the tag's body is stereo frame headers (FF FB 90 04: MPEG-1 layer III, 128 kbps, 44.1 kHz, stereo)
    const tag = id3(5000, new Uint8Array([0xff, 0xfb, 0x90, 0x04]));
    const mono = fixture('excerpt-agent.mp3');
    const bytes = new Uint8Array(tag.length + mono.length);
    bytes.set(tag);
    bytes.set(mono, tag.length);
    for (const chunk of [3, 1000, bytes.length]) expect(channelsOf(bytes, chunk)).toBe(1);
  });

  it('says nothing for bytes with no frame header', () => {
    expect(channelsOf(new Uint8Array(300 * 1024), 8192)).toBeNull();
  });
});
