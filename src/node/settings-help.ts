import { SETTING_NAMES, SETTING_TABLE, type Settings } from '../engine/settings.js';

/** One setting's line of `softspoken --help`: name, default, then meaning, unit and range (from SETTING_TABLE). */
export function settingHelpLine(name: keyof Settings): string {
  const { unit, kind, min, max, meaning } = SETTING_TABLE[name];
  const values = [
    unit === 'probability' ? null : unit,
    `${min} to ${max}`,
    kind === 'level' ? 'or null' : null,
  ];
  const detail = values.filter((v) => v !== null).join(', ');
  return `  ${name.padEnd(24)}${String(SETTING_TABLE[name].default).padEnd(7)}${meaning} [${detail}]`;
}

/** Every setting with its default and meaning, as `softspoken --help` lists them. */
export const SETTINGS_HELP = SETTING_NAMES.map(settingHelpLine).join('\n');
