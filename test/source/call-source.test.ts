/** Portable call sources over byte inputs (the app's worker path; the CLI's file path is test/node/audio-source). */
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../dsp/wav.js';
import { blobInput, bytesInput, type ByteInput } from '../../src/source/byte-input.js';
import {
  AudioInputError,
  declaredFrames,
  openStereoSource,
  openTwoSources,
  probeAudio,
  type CallSource,
} from '../../src/source/call-source.js';
import { int16Bytes, wavFile } from '../helpers/wav-bytes.js';

const ramp = (n: number, scale: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => i * scale);

async function readAll(source: CallSource): Promise<{ agent: number[]; customer: number[] }> {
  const agent: number[] = [];
  const customer: number[] = [];
  for await (const block of source.blocks()) {
    agent.push(...block.agent);
    customer.push(...block.customer);
  }
  return { agent, customer };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioInputError);
  return error as Error;
}

const stereo = encodeWav([ramp(3000, 1 / 4096), ramp(3000, -1 / 8192)], 8000);

describe('openStereoSource', () => {
  it('reads the same samples whatever the chunking, from bytes or from a Blob', async () => {
    const whole = await readAll(await openStereoSource(bytesInput('call.wav', stereo), 1));
    expect(whole.agent).toHaveLength(3000);
    expect(whole.agent[2999]).toBeCloseTo(-2999 / 8192, 4);
    expect(whole.customer[2999]).toBeCloseTo(2999 / 4096, 4);
    const byteByByte = await readAll(await openStereoSource(bytesInput('call.wav', stereo, 1), 1));
    expect(byteByByte).toEqual(whole);
    const blob = blobInput('call.wav', new Blob([stereo]));
    expect(blob.sizeBytes).toBe(stereo.length);
    const source = await openStereoSource(blob, 1);
    expect(source.info.files).toEqual(['call.wav']);
    expect(await readAll(source)).toEqual(whole);
    expect(declaredFrames(source)).toBe(3000);
  });

  it('words its rules for the app: no command-line options in the messages', async () => {
    const mono = bytesInput('mono.wav', encodeWav([ramp(100, 0)], 8000));
    expect((await rejection(openStereoSource(mono, 0))).message).toBe(
      'mono.wav is mono: a call needs two channels (agent and customer), or open the agent and the customer files together',
    );
    const notWav = bytesInput('notes.wav', new TextEncoder().encode('call notes'));
    expect((await rejection(openStereoSource(notWav, 0))).message).toBe(
      'notes.wav: not an audio file SoftSpoken can read (it is text): it reads WAV, MP3, FLAC, Ogg Opus, ' +
        'Ogg Vorbis, M4A/AAC, AMR or WebM',
    );
  });

  it('lets the input’s own read errors through unchanged', async () => {
    const failing: ByteInput = {
      name: 'gone.wav',
      sizeBytes: 100,
      // eslint-disable-next-line require-yield
      async *read() {
        throw new AudioInputError('cannot read gone.wav: no such file');
      },
    };
    expect((await rejection(openStereoSource(failing, 0))).message).toBe(
      'cannot read gone.wav: no such file',
    );
  });

  it('says a File changed on disk in words, when its Blob can no longer be read', async () => {
    const vanished = {
      size: 44,
      stream: () =>
        new ReadableStream<Uint8Array>({
          pull: (controller) => controller.error(Object.assign(new Error('x'), { name: 'NotReadableError' })),
        }),
    } as unknown as Blob;
    expect((await rejection(probeAudio(blobInput('call.wav', vanished)))).message).toBe(
      'cannot read call.wav: it was moved or changed since it was opened',
    );
  });

  it('probes a header of unknown size (a stream) without reading the whole file', async () => {
    let chunksRead = 0;
    const streamed: ByteInput = {
      name: 'live.wav',
      sizeBytes: null,
      async *read() {
        for (let at = 0; at < stereo.length; at += 256) {
          chunksRead++;
          yield stereo.subarray(at, at + 256);
        }
      },
    };
    const format = await probeAudio(streamed);
    expect(format).toMatchObject({ kind: 'wav', channels: 2, sampleRateHz: 8000, declaredFrames: 3000 });
    expect(format.wav?.declaredDataBytes).toBe(12000);
    expect(chunksRead).toBe(2); // the first bytes for the type, then the header
  });
});

describe('openTwoSources', () => {
  it('aligns two mono inputs, pads the shorter and knows the longer one’s length', async () => {
    const agent = bytesInput('agent.wav', encodeWav([ramp(800, 1 / 1024)], 8000));
    const customer = bytesInput('customer.wav', encodeWav([ramp(400, -1 / 1024)], 8000));
    const source = await openTwoSources(agent, customer);
    expect(declaredFrames(source)).toBe(800);
    const all = await readAll(source);
    expect(all.customer.slice(400)).toEqual(new Array(400).fill(0));
    expect(source.warnings).toEqual(['customer.wav is 0.05 s shorter than agent.wav: padded with silence']);
  });

  it('words its rules for the app', async () => {
    const two = bytesInput('two.wav', stereo);
    const mono = bytesInput('mono.wav', encodeWav([ramp(10, 0)], 8000));
    expect((await rejection(openTwoSources(mono, two))).message).toBe(
      'two.wav has 2 channels: each of the two files must be a mono file',
    );
    const mono16k = bytesInput('mono16k.wav', encodeWav([ramp(10, 0)], 16000));
    expect((await rejection(openTwoSources(mono, mono16k))).message).toBe(
      'mono.wav is 8000 Hz but mono16k.wav is 16000 Hz: both files need the same sample rate',
    );
  });

  it('knows no length when a header gives no data size', async () => {
    const fmt = { formatTag: 1, channels: 1, sampleRateHz: 8000, bitsPerSample: 16 };
    const streamed = wavFile({ fmt, data: int16Bytes([1, 2, 3]), dataSizeBytes: 0xffffffff });
    const source = await openTwoSources(
      bytesInput('a.wav', streamed),
      bytesInput('b.wav', encodeWav([ramp(3, 0)], 8000)),
    );
    expect(declaredFrames(source)).toBeNull();
  });
});
