/**
 * The live call's recording (off unless the user turns it on): a two-channel 16-bit PCM WAV, agent left
 * and customer right, written as the call runs. It stays readable if the process dies: each flush
 * appends the audio first and then rewrites the header's RIFF and data sizes, so a file cut off at any
 * moment holds a valid header for everything up to the last flush (and the decoder ignores bytes after
 * the declared data). The 16-bit sizes limit a file to about 18 hours at 16 kHz.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeWavFrames, encodeWavHeader } from '../../../dsp/wav.js';
import { fsReason } from '../fs-reason.js';

/** Audio is written at least this often (of audio, or of wall-clock time since the last flush), s. */
const FLUSH_EVERY_SEC = 2;
const CHANNELS = 2;
const FRAME_BYTES = CHANNELS * 2;
/** encodeWavHeader's pcm16 header. */
const HEADER_BYTES = 44;

/** Writes all of `bytes` at `position` (a write may take fewer bytes); returns the position after them. */
function writeAll(fd: number, bytes: Uint8Array, position: number): number {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  return position + done;
}

/** The recording could not be written; the message names the file and the reason. */
export class RecordingError extends Error {
  override name = 'RecordingError';
}

/** Writes one call's two-channel recording; see the file comment. */
export class WavRecorder {
  private fd: number | null = null;
  private pending: Uint8Array[] = [];
  private pendingFrames = 0;
  private flushedFrames = 0;
  private lastFlushMs = performance.now();
  private failed: RecordingError | null = null;

  /** Creates (or truncates) `path`, creating its folder; throws a RecordingError when it cannot. */
  constructor(
    readonly path: string,
    readonly sampleRateHz: number,
  ) {
    if (!Number.isInteger(sampleRateHz) || sampleRateHz <= 0) {
      throw new RangeError(`WavRecorder: sampleRateHz must be a positive integer, got ${sampleRateHz}`);
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, 'w');
      writeSync(this.fd, encodeWavHeader(0, CHANNELS, sampleRateHz, 'pcm16'));
    } catch (error) {
      throw this.problem(error);
    }
  }

  /** Frames (sample pairs) written to the file and counted in its header. */
  get framesFlushed(): number {
    return this.flushedFrames;
  }

  /** The write failure, if one happened: the recording stopped there. */
  get failure(): RecordingError | null {
    return this.failed;
  }

  /**
   * Queues one block of both parties (equal lengths); flushes when 2 s of audio are queued or 2 s
   * have passed since the last flush. After a write failure (thrown once), blocks are dropped.
   */
  write(agent: Float32Array, customer: Float32Array): void {
    if (agent.length !== customer.length) {
      throw new RangeError(`WavRecorder: blocks of ${agent.length} and ${customer.length} samples`);
    }
    if (this.fd === null) {
      if (this.failed) return;
      throw new Error(`WavRecorder: write() after close() (${this.path})`);
    }
    this.pending.push(encodeWavFrames([agent, customer], 'pcm16'));
    this.pendingFrames += agent.length;
    const due = performance.now() - this.lastFlushMs >= FLUSH_EVERY_SEC * 1000;
    if (due || this.pendingFrames >= FLUSH_EVERY_SEC * this.sampleRateHz) this.flush();
  }

  /** Appends the queued audio, then rewrites the header's sizes to count it. */
  flush(): void {
    this.lastFlushMs = performance.now();
    const fd = this.fd;
    if (fd === null || this.pendingFrames === 0) return;
    try {
      let at = HEADER_BYTES + this.flushedFrames * FRAME_BYTES;
      for (const bytes of this.pending) at = writeAll(fd, bytes, at);
      this.flushedFrames += this.pendingFrames;
      writeAll(fd, encodeWavHeader(this.flushedFrames, CHANNELS, this.sampleRateHz, 'pcm16'), 0);
    } catch (error) {
      this.failed = this.problem(error);
      this.release();
      throw this.failed;
    } finally {
      this.pending = [];
      this.pendingFrames = 0;
    }
  }

  /** Flushes and closes the file. Safe to call twice. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    this.release();
  }

  private release(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // the data is written; a failing close adds nothing the user can act on
    }
    this.fd = null;
  }

  private problem(error: unknown): RecordingError {
    const reason = fsReason(error) ?? (error instanceof Error ? error.message : String(error));
    return new RecordingError(`cannot write the recording ${this.path}: ${reason}`);
  }
}
