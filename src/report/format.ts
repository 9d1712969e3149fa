/**
 * How times and waits are written everywhere (the app, the HTML report, the CLI summary, verdict reasons),
 * and how numbers are rounded for a report (times to the millisecond, levels to a tenth of a dB).
 */

/** `x` rounded to `digits` decimals: 3 for times in s (reports keep milliseconds), 1 for levels in dB. */
export function roundTo(x: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}

/**
 * `1:05.3`; with hours from 60 minutes on (`1:02:05.3`); `tenths: false` drops the tenths (`1:05`).
 * Rounds first, so 59.96 s is `1:00.0`, never `0:60.0`. Not a finite number: `-:--`.
 */
export function formatTime(sec: number, options: { tenths?: boolean } = {}): string {
  if (!Number.isFinite(sec)) return '-:--';
  const tenths = options.tenths ?? true;
  const units = Math.round(Math.abs(sec) * (tenths ? 10 : 1)); // tenths of a second, or seconds
  const sign = sec < 0 && units > 0 ? '-' : '';
  const whole = tenths ? Math.floor(units / 10) : units;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0') + (tenths ? `.${units % 10}` : '');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}` : `${sign}${m}:${s}`;
}

/**
 * A wait in seconds, one decimal; more when one decimal would put it on the wrong side of
 * `thresholdSec` (0.96 s against a 1 s pause is "0.96 s", not "1.0 s").
 */
export function formatWait(sec: number, thresholdSec?: number): string {
  for (const digits of [1, 2, 3]) {
    const text = sec.toFixed(digits);
    if (thresholdSec === undefined || Number(text) >= thresholdSec === sec >= thresholdSec) return text;
  }
  return sec.toFixed(3);
}
