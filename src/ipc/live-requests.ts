/**
 * The checks every live request gets where it arrives from a page (Electron's IPC handlers, web mode's
 * routes): the page is not trusted, whatever its declared types say, so each request is rebuilt here from
 * the fields it may have, or refused with a one-line message. Portable: no Node, no DOM.
 */
import {
  LIVE_CUE_KINDS,
  type LiveAction,
  type LiveCueKind,
  type LiveStartRequest,
} from '../live/protocol.js';
import { DEVICE_TEST_SEC, MAX_DEVICE_TEST_SEC } from './live.js';

/** A request that is not what it should be: the message says what, for the page to show. */
export class LiveRequestError extends Error {
  override readonly name = 'LiveRequestError';
}

/** Device names are PulseAudio source names or ALSA ids: long, but not this long. */
const MAX_DEVICE_CHARS = 500;
const MAX_AGENT_CHARS = 100;
/** Session ids name a journal file: letters, digits, dot, dash and underscore only. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

function fields(request: unknown, what: string): Record<string, unknown> {
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    throw new LiveRequestError(`Invalid request: ${what} must be an object.`);
  return request as Record<string, unknown>;
}

function deviceName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_DEVICE_CHARS)
    throw new LiveRequestError(`Invalid request: choose the ${what}.`);
  // eslint-disable-next-line no-control-regex -- a device name never holds control characters
  if (/[\u0000-\u001f]/.test(value))
    throw new LiveRequestError(`Invalid request: the ${what} name is invalid.`);
  return value;
}

export function parseStartRequest(request: unknown): LiveStartRequest {
  const f = fields(request, 'a start request');
  const agentDevice = deviceName(f['agentDevice'], 'agent device');
  const callDevice = deviceName(f['callDevice'], 'call device');
  if (agentDevice === callDevice)
    throw new LiveRequestError('The agent device and the call device must be two different devices.');
  if (typeof f['record'] !== 'boolean')
    throw new LiveRequestError('Invalid request: say whether to record the call (record: true or false).');
  const parsed: LiveStartRequest = { agentDevice, callDevice, record: f['record'] };
  const agent = f['agent'];
  if (agent !== undefined && agent !== null) {
    if (typeof agent !== 'string' || agent.length > MAX_AGENT_CHARS)
      throw new LiveRequestError(
        `Invalid request: the agent's name must be text of at most ${MAX_AGENT_CHARS} characters.`,
      );
    if (agent.trim() !== '') parsed.agent = agent.trim();
  }
  return parsed;
}

const isKind = (value: unknown): value is LiveCueKind =>
  typeof value === 'string' && (LIVE_CUE_KINDS as readonly string[]).includes(value);

export function parseAction(request: unknown): LiveAction {
  const f = fields(request, 'an action');
  switch (f['type']) {
    case 'snooze':
    case 'unsnooze':
      return { type: f['type'] };
    case 'mute':
    case 'unmute':
      if (!isKind(f['kind'])) throw new LiveRequestError('Invalid request: unknown cue kind.');
      return { type: f['type'], kind: f['kind'] };
    case 'wrongCue': {
      const id = f['id'];
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1)
        throw new LiveRequestError('Invalid request: a cue id is a whole number from 1.');
      return { type: 'wrongCue', id };
    }
    default:
      throw new LiveRequestError('Invalid request: unknown action.');
  }
}

export function parseTestRequest(request: unknown): { device: string; seconds: number } {
  const f = fields(request, 'a device test');
  const device = deviceName(f['device'], 'device to test');
  const seconds = f['seconds'] ?? DEVICE_TEST_SEC;
  if (typeof seconds !== 'number' || !(seconds > 0) || seconds > MAX_DEVICE_TEST_SEC)
    throw new LiveRequestError(
      `Invalid request: a device test lasts more than 0 and at most ${MAX_DEVICE_TEST_SEC} s.`,
    );
  return { device, seconds };
}

export function parseSessionId(value: unknown): string {
  const id =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['sessionId'] : value;
  if (typeof id !== 'string' || !SESSION_ID.test(id))
    throw new LiveRequestError('Invalid request: that is not a live session id.');
  return id;
}
