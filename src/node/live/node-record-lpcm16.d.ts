/**
 * Types for node-record-lpcm16 1.0.1, which ships none: only what src/node/live/ uses. The library spawns
 * its recorder (`sox`, `rec` or `arecord`) at once in `record()`; with a `device`, the child's environment is
 * `{ ...process.env, AUDIODEV: device }`, otherwise the child inherits process.env.
 */
declare module 'node-record-lpcm16' {
  import type { ChildProcess } from 'node:child_process';
  import type { Readable } from 'node:stream';

  /** Options of `record()` (the library's defaults in brackets). */
  interface RecordOptions {
    /** Samples per second [16000]. */
    sampleRate?: number;
    /** Channel count [1]. */
    channels?: number;
    /** The recorder program: 'sox', 'rec' or 'arecord' ['sox']. */
    recorder?: 'sox' | 'rec' | 'arecord';
    /** The capture device; for sox, passed as env AUDIODEV [none: the default device]. */
    device?: string;
    /** 'raw' gives headerless little-endian signed 16-bit samples ['wav']. */
    audioType?: 'raw' | 'wav';
    /** Stop at silence (sox's silence effect) [false]. */
    endOnSilence?: boolean;
  }

  /** One running recorder process. */
  interface Recording {
    /** The recorder's child process; its 'error' event (e.g. ENOENT) is not handled by the library. */
    readonly process: ChildProcess;
    /** The recorder's stdout; emits 'error' with a string when the recorder exits with a non-zero code. */
    stream(): Readable;
    /** Sends SIGTERM to the recorder. */
    stop(): void;
    pause(): void;
    resume(): void;
    isPaused(): boolean;
  }

  const lpcm16: { record(options?: RecordOptions): Recording };
  export = lpcm16;
}
