import { resolveSettings, SETTING_NAMES, type Settings } from '../engine/settings.js';
import { readSmallFile, SmallFileError } from './small-file.js';

/** A mistake in how a command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {}

/** Node's argument parser explains at length; its first sentence names the problem. */
export function usageError(error: unknown): UsageError {
  const first = ((error as Error).message.split('\n')[0] ?? 'bad arguments').split(/\.\s/)[0] ?? '';
  return new UsageError(first.charAt(0).toLowerCase() + first.slice(1));
}

/**
 * `--jobs N`: calls analysed at once, a whole number from 1 to 64; by default `cores` (every core, as
 * `os.availableParallelism()` counts them).
 */
export function jobsFromArgs(value: string | undefined, cores: number): number {
  if (value === undefined) return Math.max(1, Math.floor(cores) || 1);
  const jobs = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
    throw new UsageError(`--jobs takes a whole number of calls from 1 to 64, not '${value}'`);
  }
  return jobs;
}

/** The settings a command runs with: the defaults, then `--settings FILE`, then each `--set NAME=VALUE`. */
export function settingsFromArgs(settingsFile: string | undefined, sets: string[] | undefined): Settings {
  let overrides: Record<string, unknown> = {};
  if (settingsFile) {
    let text: string;
    try {
      text = readSmallFile(settingsFile);
    } catch (error) {
      const why = error instanceof SmallFileError ? `: ${error.reason}` : '';
      throw new UsageError(`cannot read settings file ${settingsFile}${why}`);
    }
    try {
      overrides = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new UsageError(`settings file ${settingsFile} is not valid JSON`);
    }
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
      throw new UsageError(`settings file ${settingsFile} must hold a JSON object`);
    }
  }
  for (const item of sets ?? []) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new UsageError(`--set takes NAME=VALUE, not '${item}'`);
    const name = item.slice(0, eq);
    const raw = item.slice(eq + 1);
    if (!(SETTING_NAMES as string[]).includes(name))
      throw new UsageError(`unknown setting '${name}' (see softspoken settings)`);
    const value = raw === 'null' ? null : raw.trim() === '' ? NaN : Number(raw);
    if (value !== null && !Number.isFinite(value))
      throw new UsageError(`--set ${name} takes a number, not '${raw}'`);
    overrides[name] = value;
  }
  let settings: Settings;
  try {
    settings = resolveSettings(overrides);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return settings;
}
