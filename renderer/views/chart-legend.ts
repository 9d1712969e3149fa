/** The timeline chart's legend: each role's palette swatch (colour and shape, as on the chart) and its words. */
import { PALETTE, type PaletteRole } from '../../src/report/palette.js';
import { h } from '../dom.js';
import { swatch } from './swatch.js';

const ROLES: (PaletteRole | 'threshold')[] = [
  'customer',
  'agent',
  'peak',
  'raisedVoice',
  'interruptionAtPeak',
  'interruption',
  'backchannel',
  'gapOk',
  'gapBad',
  'threshold',
];

/** `withNotes`: the call has a coach's notes, so the legend names their mark too. */
export function renderLegend(peakDb: number, raisedVoiceDb: number, withNotes = false): HTMLElement {
  const threshold =
    peakDb === raisedVoiceDb
      ? `Threshold: +${peakDb} dB above their own level`
      : `Thresholds: customer peak +${peakDb} dB, agent raised +${raisedVoiceDb} dB`;
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    ...(withNotes ? [...ROLES, 'note' as const] : ROLES).map((role) =>
      h(
        'li',
        { class: 'legend-item' },
        swatch(role),
        role === 'threshold'
          ? threshold
          : role === 'peak'
            ? 'Customer peak (P1, P2, …)'
            : PALETTE[role].label,
      ),
    ),
  );
}
