/** The review's bar: which side is the agent (guessed or chosen, with the clues, and a swap) and the exports. */
import { REVIEW_EXPORT_KINDS } from '../../src/ipc/contract.js';
import { truthFromReport } from '../../src/report/coach.js';
import { eventsCsv } from '../../src/report/csv.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { labelTrack } from '../../src/report/labels.js';
import { rttm } from '../../src/report/rttm.js';
import type { Report } from '../../src/report/schema.js';
import { stripAudioExtension } from '../../src/source/formats.js';
import { h } from '../dom.js';
import type { Scope } from '../scope.js';
import type { SideInfo } from '../open-call.js';
import type { ReviewContext } from '../review/review-context.js';
import { sideName } from './start-view.js';

/**
 * The export buttons: the JSON report, the events CSV, the standalone HTML report, the Audacity label track,
 * the RTTM speech turns and the labelled truth file (../shared/eval/TRUTH.md: the call's speech and events,
 * as corrected by the coach, for the project's scorer), saved through the host. Each is of the report on
 * show when it is clicked (`report()`): with a coach's corrections, the corrected one.
 */
export function renderExports(scope: Scope, ctx: ReviewContext, report: () => Report): HTMLElement {
  const exports = h('div', { class: 'exports' }, h('span', { class: 'muted' }, 'Export'));
  const base = stripAudioExtension(ctx.input.name).replace(/[^\w.-]+/g, '_') || 'call';
  const exportsOf: Record<
    (typeof REVIEW_EXPORT_KINDS)[number],
    { label: string; file: string; content: () => string }
  > = {
    json: {
      label: 'JSON report',
      file: `${base}.softspoken.json`,
      content: () => JSON.stringify(report(), null, 2) + '\n',
    },
    csv: { label: 'Events CSV', file: `${base}.events.csv`, content: () => eventsCsv(report()) },
    html: {
      label: 'HTML report',
      file: `${base}.report.html`,
      content: () => renderHtmlReport(report(), { title: ctx.input.name }),
    },
    labels: { label: 'Audacity labels', file: `${base}.labels.txt`, content: () => labelTrack(report()) },
    rttm: { label: 'RTTM turns', file: `${base}.rttm`, content: () => rttm(report()) },
    truth: {
      label: 'Truth (JSON)',
      file: `${base}.truth.json`,
      // the recording's own name (TRUTH.md: "NAME.wav"), as the scorer pairs a truth file with its audio
      content: () => JSON.stringify(truthFromReport(report(), audioName(ctx)), null, 2) + '\n',
    },
  };
  for (const kind of REVIEW_EXPORT_KINDS) {
    const spec = exportsOf[kind];
    const button = h('button', { class: 'btn small', type: 'button', id: `export-${kind}` }, spec.label);
    scope.listen(button, 'click', () => {
      ctx.host
        .save(spec.file, kind, spec.content())
        .then((where) => {
          if (where) ctx.toast(`Saved ${where}`);
        })
        .catch((error: unknown) =>
          ctx.toast(`Could not save: ${error instanceof Error ? error.message : String(error)}`),
        );
    });
    exports.appendChild(button);
  }
  return exports;
}

/** The recording's file name (the first of two mono files), without folders; else the call's name. */
function audioName(ctx: ReviewContext): string {
  const file = ctx.result.report.source.files[0];
  return file ? (file.split(/[\\/]/).pop() ?? file) : ctx.input.name;
}

/** The agent side: guessed (how sure, and why) or chosen by the user, with the swap button. */
export function renderSideControl(scope: Scope, ctx: ReviewContext, info: SideInfo): HTMLElement {
  const { side, files, chosen, byName, guess } = info;
  const other: 0 | 1 = side === 0 ? 1 : 0;
  const words = { high: 'sure', medium: 'fairly sure', low: 'unsure' } as const;
  const decided = chosen || byName;
  const badge = chosen
    ? h('span', { class: 'confidence chosen' }, 'your choice')
    : byName
      ? h('span', { class: 'confidence chosen' }, 'from the file names')
      : h('span', { class: `confidence ${guess.confidence}` }, `guessed · ${words[guess.confidence]}`);
  const clues: string[] = [...guess.reasons];
  if (decided && guess.agentSide !== side) {
    clues.unshift(
      `The audio suggests ${sideLabel(ctx, other, files)} is the agent (${words[guess.confidence]}).`,
    );
  }
  const why =
    clues.length > 0
      ? h(
          'details',
          { class: 'why' },
          h('summary', {}, decided ? 'What the audio says' : 'Why'),
          h(
            'ul',
            { class: 'card why-list' },
            ...clues.map((c) => h('li', {}, c.charAt(0).toUpperCase() + c.slice(1))),
          ),
        )
      : h('span', { class: 'side-guess' }, 'no clear clue either way');
  const swap = h(
    'button',
    {
      class: 'btn small',
      type: 'button',
      id: 'swap-sides',
      title: 'Analyze again with agent and customer swapped',
    },
    'Swap sides',
  );
  scope.listen(swap, 'click', ctx.swap);
  return h(
    'div',
    { class: 'card side-control', id: 'side-control' },
    h('span', { class: 'side-label' }, `Agent: ${sideLabel(ctx, side, files).replace(/^the /, '')}`),
    badge,
    why,
    swap,
  );
}

/** "the left channel", or for two files the file's name. */
function sideLabel(ctx: ReviewContext, side: 0 | 1, files: number): string {
  const part = files === 2 ? ctx.input.parts[side] : undefined;
  return part ? part.name : `the ${sideName(side, files)}`;
}
