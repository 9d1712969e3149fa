/**
 * `npm start`: opens the review app in Electron when Electron can run here, and otherwise serves the same
 * UI on loopback to a browser ("web mode"), saying so in one line. `--web` asks for web mode, `--port N`
 * picks its port (default 5178; a free one when that is busy), `--open` opens the address in a browser.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { LiveController } from '../live/controller.js';
import { startWebServer } from './web-server.js';

export const DEFAULT_PORT = 5178;
const HOST = '127.0.0.1';

/** Run the Electron binary at `binary`, or web mode because of `reason` (words that end "… here"). */
export type Launch = { mode: 'electron'; binary: string } | { mode: 'web'; reason: string };

export interface LaunchProbe {
  /** `require('electron')`: the binary's path, or a throw when the package or its binary is missing. */
  requireElectron(): unknown;
  exists(path: string): boolean;
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

/** Whether to run Electron, from what is installed here (`web`: the user asked for web mode). */
export function chooseLaunch(web: boolean, probe: LaunchProbe): Launch {
  if (web) return { mode: 'web', reason: 'web mode was asked for' };
  let binary: unknown;
  try {
    binary = probe.requireElectron();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND'
      ? {
          mode: 'web',
          reason: "Electron is not installed here ('npm install' with internet access fetches it)",
        }
      : { mode: 'web', reason: "Electron's binary was not downloaded here" };
  }
  if (typeof binary !== 'string' || binary === '' || !probe.exists(binary)) {
    return { mode: 'web', reason: "Electron's binary was not downloaded here" };
  }
  if (probe.platform === 'linux' && !probe.env['DISPLAY'] && !probe.env['WAYLAND_DISPLAY']) {
    return { mode: 'web', reason: 'there is no display for Electron here' };
  }
  return { mode: 'electron', binary };
}

/** The one line web mode prints. */
export function webModeLine(url: string, reason: string): string {
  return `SoftSpoken is running in web mode at ${url} (${reason}: open the address in a browser; Ctrl+C stops it)`;
}

interface Options {
  web: boolean;
  open: boolean;
  port: number;
  /** Arguments after `--`, passed on to Electron. */
  rest: string[];
}

function parse(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      web: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      port: { type: 'string' },
    },
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got '${values.port}'`);
  }
  return { web: values.web, open: values.open, port, rest: positionals };
}

/** Opens `url` in the system's browser; failures are ignored (the line says where to go). */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser opener: the printed address is enough
  }
}

const isAddressInUse = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === 'EADDRINUSE';

/**
 * The live capture web mode offers the page (src/node/live/live-controller.ts, loaded only here, so the
 * launcher's other paths never load the capture code); undefined, said in one line, when it cannot load.
 */
async function liveController(): Promise<LiveController | undefined> {
  try {
    const [{ createLiveController }, { VERSION }] = await Promise.all([
      import('./live/live-controller.js'),
      import('./analyze.js'),
    ]);
    return createLiveController({ version: VERSION });
  } catch (error) {
    process.stderr.write(
      `softspoken: live calls are not available in web mode (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return undefined;
  }
}

async function runWeb(appRoot: string, options: Options, reason: string): Promise<number> {
  if (!existsSync(resolve(appRoot, 'index.html'))) {
    process.stderr.write(
      `softspoken: the app is not built (${appRoot} has no index.html): run 'npm run build'\n`,
    );
    return 1;
  }
  const live = await liveController();
  const serve = (port: number) =>
    startWebServer({ root: appRoot, port, host: HOST, ...(live !== undefined && { live }) });
  const server = await serve(options.port).catch((error: unknown) => {
    if (options.port !== 0 && isAddressInUse(error)) return serve(0);
    throw error;
  });
  process.stdout.write(`${webModeLine(server.url, reason)}\n`);
  if (options.open) openBrowser(server.url);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await live?.close();
  await server.close();
  return 0;
}

function runElectron(binary: string, mainScript: string, rest: string[]): Promise<number | Error> {
  const env = { ...process.env };
  delete env['ELECTRON_RUN_AS_NODE'];
  return new Promise((done) => {
    const child = spawn(binary, [mainScript, ...rest], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    child.on('error', (error) => done(error));
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

export async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parse(argv);
  } catch (error) {
    process.stderr.write(`softspoken start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  // this file runs as dist/src/node/start.js; the build puts the UI in dist/app and Electron's in dist/electron
  const dist = fileURLToPath(new URL('../../', import.meta.url));
  const appRoot = resolve(dist, 'app');
  const mainScript = resolve(dist, 'electron', 'main.cjs');
  const require = createRequire(import.meta.url);
  const launch = chooseLaunch(options.web, {
    requireElectron: () => require('electron') as unknown,
    exists: existsSync,
    platform: process.platform,
    env: process.env,
  });
  if (launch.mode === 'web') return runWeb(appRoot, options, launch.reason);
  if (!existsSync(mainScript)) {
    process.stderr.write(
      `softspoken: the app is not built (${mainScript} is missing): run 'npm run build'\n`,
    );
    return 1;
  }
  const outcome = await runElectron(launch.binary, mainScript, options.rest);
  if (typeof outcome === 'number') {
    if (outcome !== 0) {
      process.stderr.write(
        `softspoken: Electron exited with code ${outcome}; 'npm start -- --web' serves the app to a browser instead\n`,
      );
    }
    return outcome;
  }
  return runWeb(appRoot, options, `Electron could not start here (${outcome.message})`);
}

const entry = process.argv[1];
if (entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`softspoken: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
