/**
 * Main's side of live mode: the `live:*` channels of the IPC contract over the one LiveController main owns,
 * and its updates pushed to the window. The controller is loaded on first use (it brings the capture code
 * and the voice model, which a review-only session never needs); when it cannot load, `live:status` says
 * why and every other channel answers with that reason. Requests are checked as untrusted data
 * (src/ipc/live-requests.ts). The window turns compact and on top when a call starts and gets its size
 * back when it ends (live-window.ts), and a recording is handed to the page as an app:// URL of the call
 * registry, never as a path to read.
 */
import type { LiveHandlers } from '../src/ipc/contract.js';
import type { LiveMessage, LiveOpened } from '../src/ipc/live.js';
import {
  parseAction,
  parseSessionId,
  parseStartRequest,
  parseTestRequest,
} from '../src/ipc/live-requests.js';
import type { LiveController, LiveSessionResult } from '../src/live/controller.js';
import { UserFacingError } from './ipc-envelope.js';

export interface LiveHandlerDeps {
  /** Loads the controller (called once; a rejection's message says why live calls are not available). */
  load(): Promise<LiveController>;
  /** The window during a call: compact and on top (enter), and back (leave). */
  window: { enter(): void; leave(): void };
  /** A URL the page can play `path` from (the call registry's app:// URL). */
  recordingUrl(path: string): string;
  /** Whether a file is there (a recording may be gone when a session is recovered). */
  exists(path: string): Promise<boolean>;
  /** Sends a message to the app window, if it is open. */
  push(message: LiveMessage): void;
}

export interface LiveHost {
  handlers: LiveHandlers;
  /** Stops any capture (the window or the app is closing). */
  close(): Promise<void>;
}

/**
 * The controller's reasons (it rejects with a message naming the problem: sox missing, a device gone) and
 * the request checks' reach the page as they are, and are not logged as failures of the app.
 */
function userFacing<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(error instanceof Error ? error.message : String(error));
  });
}

export function createLiveHost(deps: LiveHandlerDeps): LiveHost {
  let loading: Promise<LiveController> | null = null;
  let loaded: LiveController | null = null;

  const controller = (): Promise<LiveController> => {
    loading ??= deps.load().then(
      (live) => {
        loaded = live;
        live.subscribe((update) => {
          deps.push(update);
          if (update.type === 'ended') deps.window.leave();
        });
        return live;
      },
      (error: unknown) => {
        throw new UserFacingError(
          `Live calls are not available here: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    return loading;
  };

  const opened = async (result: LiveSessionResult): Promise<LiveOpened> => {
    const path = result.recordingPath;
    const playable = path !== null && (await deps.exists(path));
    return {
      sessionId: result.sessionId,
      report: result.report,
      recordingUrl: playable ? deps.recordingUrl(path) : null,
    };
  };

  const handlers: LiveHandlers = {
    'live:status': async () => {
      try {
        const live = await controller();
        return { available: true, running: live.running };
      } catch (error) {
        return { available: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
    'live:devices': () => userFacing(async () => (await controller()).devices()),
    'live:testDevice': (request) =>
      userFacing(async () => {
        const { device, seconds } = parseTestRequest(request);
        const live = await controller();
        return live.testDevice(device, seconds, (db) => deps.push({ type: 'meter', device, db }));
      }),
    'live:start': (request) =>
      userFacing(async () => {
        const start = parseStartRequest(request);
        const live = await controller();
        if (live.running) throw new UserFacingError('A live call is already running: end it first.');
        const started = await live.start(start);
        deps.window.enter();
        return started;
      }),
    'live:action': (request) =>
      userFacing(async () => {
        const action = parseAction(request);
        const live = await controller();
        if (!live.running) throw new UserFacingError('No live call is running.');
        live.action(action);
        return null;
      }),
    'live:stop': () =>
      userFacing(async () => {
        const live = await controller();
        if (!live.running) throw new UserFacingError('No live call is running.');
        try {
          return await opened(await live.stop());
        } finally {
          deps.window.leave();
        }
      }),
    'live:recoverable': () => userFacing(async () => (await controller()).recoverable()),
    'live:recover': (request) =>
      userFacing(async () => {
        const id = parseSessionId(request);
        return opened(await (await controller()).recover(id));
      }),
  };

  return {
    handlers,
    async close() {
      deps.window.leave();
      await loaded?.close();
    },
  };
}
