/**
 * How a handler's result crosses IPC between main and the preload: `{ ok, value }` or `{ ok: false, error }`
 * with a one-line message. Electron would otherwise wrap a thrown error's message in its own prefix
 * ("Error invoking remote method …"); with the envelope the renderer sees exactly the message main wrote.
 * Pure: the preload bundles this file, so it may not import Node or Electron.
 */
import type { IpcError } from '../src/ipc/contract.js';
import { fsReason } from '../src/node/fs-reason.js';

export type IpcEnvelope = { ok: true; value: unknown } | { ok: false; error: IpcError };

/** Longest message sent to the renderer; longer ones are cut with an ellipsis. */
const MAX_MESSAGE_CHARS = 300;

/** A mistake the user can act on (a missing file, a wrong file type): its message is shown as it is. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}

/** Any thrown value as one line for the user: no stack, no newlines, at most 300 characters. */
export function oneLine(error: unknown): string {
  let text: string;
  const reason = fsReason(error);
  const path = (error as { path?: unknown } | null)?.path;
  if (reason !== null && typeof path === 'string') text = `Cannot use ${path}: ${reason}`;
  else if (error instanceof Error) text = error.message;
  else text = String(error);
  text = text.replace(/\s+/g, ' ').trim();
  if (text === '') text = 'Something went wrong.';
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

/** Main's side: a handler's outcome as an envelope. */
export async function toEnvelope(run: () => Promise<unknown>): Promise<IpcEnvelope> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: { message: oneLine(error) } };
  }
}

/** The preload's side: the value of an envelope, or an Error with its message. */
export function fromEnvelope(reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const envelope = reply as IpcEnvelope;
    if (envelope.ok) return envelope.value;
    throw new Error(typeof envelope.error?.message === 'string' ? envelope.error.message : 'Request failed.');
  }
  throw new Error('Unexpected reply from the app.');
}
