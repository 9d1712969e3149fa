/**
 * Node file sources for a call: one stereo WAV (agent on one channel, customer on the other) or two mono WAVs.
 * A thin adapter: files become byte inputs (64 KiB reads, so memory stays constant) and the portable
 * src/source/ does the rest; file-system errors become one-line AudioInputErrors naming the file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ByteInput } from '../source/byte-input.js';
import {
  AudioInputError,
  openStereoSource,
  openTwoSources,
  type CallSource,
  type SourceWording,
} from '../source/call-source.js';
import { fsReason } from './fs-reason.js';

export { AudioInputError, type CallBlock, type CallSource, type SourceInfo } from '../source/call-source.js';

const READ_CHUNK_BYTES = 64 * 1024;

/** The CLI's wording of the input rules: it names its options. */
const CLI_WORDING: SourceWording = {
  monoHint: ', or pass --agent and --customer files',
  twoFilesRule: 'each of --agent/--customer must be a mono file',
};

/** File-system errors about `file` become AudioInputErrors; other errors pass through. */
function fsError(file: string, error: unknown): unknown {
  if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string') {
    const reason = fsReason(error) ?? (error instanceof Error ? error.message : String(error));
    return new AudioInputError(`cannot read ${file}: ${reason}`);
  }
  return error;
}

/** A regular file as a byte input; throws an AudioInputError when it is missing or not a file. */
export async function fileInput(file: string): Promise<ByteInput> {
  const stats = await stat(file).catch((error: unknown) => {
    throw fsError(file, error);
  });
  if (stats.isDirectory()) throw new AudioInputError(`cannot read ${file}: it is a directory`);
  if (!stats.isFile()) throw new AudioInputError(`cannot read ${file}: not a regular file`);
  return {
    name: file,
    sizeBytes: stats.size,
    async *read(fromByte = 0) {
      const stream = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES, start: fromByte });
      try {
        for await (const chunk of stream) yield chunk as Uint8Array;
      } catch (error) {
        throw fsError(file, error);
      } finally {
        stream.destroy();
      }
    },
  };
}

/**
 * Opens a stereo WAV call; `agentChannel` (0 = left, 1 = right) holds the agent, the other the customer.
 * Reads the header first, so format errors throw (as AudioInputError) before any analysis.
 */
export async function openStereoCall(path: string, agentChannel: 0 | 1): Promise<CallSource> {
  return openStereoSource(await fileInput(path), agentChannel, CLI_WORDING);
}

/**
 * Opens a call recorded as two mono WAV files at the same sample rate. If one is shorter, it is padded with
 * silence to the other's length and a warning names the difference in seconds.
 */
export async function openTwoFiles(agentPath: string, customerPath: string): Promise<CallSource> {
  const agent = await fileInput(agentPath);
  return openTwoSources(agent, await fileInput(customerPath), CLI_WORDING);
}
