/**
 * Runs the small helper programs of live capture (pactl, arecord, sox --version) and collects their
 * output. A missing program is a result (`missing: true`), not an exception, so each caller can say
 * which program is missing and what to install.
 */
import { execFile } from 'node:child_process';

/** How a helper program ended. */
export interface CommandResult {
  /** The exit code; null when the program was killed (e.g. it timed out) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program is not on PATH. */
  missing: boolean;
}

/** Runs a helper program; the same signature lets tests hand in recorded outputs. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

/** A helper that does not answer within this time is given up (a hung audio server), ms. */
const COMMAND_TIMEOUT_MS = 5000;
/** `pactl list` on a machine with many devices stays far below this, bytes. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/**
 * Runs `command` with LC_ALL=C (the text outputs we parse are translated otherwise); resolves whatever
 * the exit code.
 */
export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(
      command,
      [...args],
      {
        encoding: 'utf8',
        timeout: COMMAND_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        env: { ...process.env, LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') {
          resolve({ code: null, stdout: '', stderr: '', missing: true });
          return;
        }
        const exit = error === null ? 0 : typeof code === 'number' ? code : null;
        const why = error !== null && exit === null && stderr === '' ? error.message : stderr;
        resolve({ code: exit, stdout, stderr: why, missing: false });
      },
    );
  });
