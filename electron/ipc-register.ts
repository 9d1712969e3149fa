/**
 * Registers the IPC handlers on `ipcMain.handle`, one per contract channel, behind the sender check: a
 * message from anything but the app window's main frame on `app://softspoken/` is refused and not handled.
 * Results and errors go back as envelopes (ipc-envelope.ts), errors as one line.
 */
import { IPC_CHANNELS, type IpcHandlers } from '../src/ipc/contract.js';
import { isTrustedSender, type Log, type SenderEventLike, type TrustedWindowLike } from './guards.js';
import { toEnvelope, UserFacingError, type IpcEnvelope } from './ipc-envelope.js';

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEventLike, request: unknown) => Promise<IpcEnvelope>): void;
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: IpcHandlers,
  trustedWindow: () => TrustedWindowLike | null,
  log: Log,
): void {
  for (const channel of IPC_CHANNELS) {
    // one handler per channel by construction of IpcHandlers; the request is checked inside each handler
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    ipcMain.handle(channel, async (event, request) => {
      if (!isTrustedSender(event, trustedWindow())) {
        log(`SoftSpoken: ignored '${channel}' from a sender that is not the app window`);
        throw new Error('Refused: not the SoftSpoken window.');
      }
      return toEnvelope(async () => {
        try {
          return await handler(request);
        } catch (error) {
          // the user sees one line; an unexpected failure keeps its stack here, for whoever runs the app
          const expected =
            error instanceof UserFacingError || typeof (error as { code?: unknown })?.code === 'string';
          if (!expected)
            log(
              `SoftSpoken: '${channel}' failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            );
          throw error;
        }
      });
    });
  }
}
