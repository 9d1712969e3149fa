/** The timeline chart's legend: each role's palette colour beside its words (and its shape's glyph). */
import { PALETTE } from '../../src/report/palette.js';
import { h } from '../dom.js';

export function renderLegend(): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'aria-hidden': 'true' },
    legendItem(PALETTE.customer.color, 'Customer', true),
    legendItem(PALETTE.agent.color, 'Agent', true),
    legendItem(PALETTE.peak.fill, 'Customer peak'),
    legendItem(PALETTE.raisedVoice.fill, 'Raised voice'),
    legendItem(PALETTE.interruptionAtPeak.color, '◆ Interruption at a peak'),
    legendItem(PALETTE.interruption.color, '▼ Interruption'),
    legendItem(PALETTE.backchannel.color, '● Backchannel (not counted)'),
    legendItem(PALETTE.gapOk.color, 'Waited, stayed soft'),
    legendItem(PALETTE.gapBad.color, 'Too soon or raised'),
  );
}

function legendItem(color: string, label: string, line = false): HTMLElement {
  const swatch = h('span', { class: line ? 'swatch line' : 'swatch' });
  swatch.style.background = color;
  return h('span', { class: 'legend-item' }, swatch, label);
}
