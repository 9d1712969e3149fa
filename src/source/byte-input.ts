/**
 * Where a call file's bytes come from, whatever holds them: a file on disk (src/node), a Blob or a fetched
 * URL (the app's worker), an array in a test. Portable: no Node, no DOM.
 */
import { AudioInputError, firstLine } from './errors.js';

export { firstLine } from './errors.js';

/** One file's bytes, readable as often as needed: each read() starts over (at `fromByte`, default 0). */
export interface ByteInput {
  /** Names the file in messages and in the report (a path in the CLI, a file name in the app). */
  readonly name: string;
  /** Total size when known; lets the header probe tell "the whole file is read" from "read enough". */
  readonly sizeBytes: number | null;
  /**
   * The bytes in order, in chunks of any size. Stopping early (break) releases the reader. A failure to read
   * should be thrown as an AudioInputError with a one-line message (the adapter knows why it failed).
   * `fromByte` skips to that offset (an MP4's index is read ahead of its audio); past the end, nothing.
   */
  read(fromByte?: number): AsyncIterable<Uint8Array>;
}

/** Bytes held in memory (tests, small files), served in `chunkBytes` pieces. */
export function bytesInput(name: string, bytes: Uint8Array, chunkBytes = 64 * 1024): ByteInput {
  return {
    name,
    sizeBytes: bytes.length,
    async *read(fromByte = 0) {
      for (let at = fromByte; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
    },
  };
}

/** A Blob's bytes through its stream (a File the user gave the page, or a fetched response kept as a Blob). */
export function blobInput(name: string, blob: Blob): ByteInput {
  return {
    name,
    sizeBytes: blob.size,
    async *read(fromByte = 0) {
      const reader = (fromByte > 0 ? blob.slice(fromByte) : blob).stream().getReader();
      try {
        for (;;) {
          const next = await reader.read().catch((error: unknown) => {
            throw new AudioInputError(`cannot read ${name}: ${blobReadReason(error)}`);
          });
          if (next.done) return;
          yield next.value;
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    },
  };
}

function blobReadReason(error: unknown): string {
  // a File is read lazily from disk: it fails (NotReadableError) once the file is moved or changed
  if (error instanceof Error && error.name === 'NotReadableError') {
    return 'it was moved or changed since it was opened';
  }
  return firstLine(error);
}
