/**
 * The queue view: every call of a folder in one table (name, status with progress, compliance, what went
 * wrong, as corrected by the coach), sortable by each column (a click on its header; aria-sort says how),
 * worst first by default; a call whose agent side is an unsure guess says so. A click on a row, or Enter
 * on it, opens its review. The statuses follow the queue as it runs. "Summary (CSV)" exports the calls'
 * summary.csv, as the command line writes it for a folder.
 */
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import { h, replace } from '../dom.js';
import type { CallQueue } from '../queue/call-queue.js';
import {
  scoreText,
  sortQueue,
  statusText,
  clickSort,
  type QueueColumn,
  type QueueRow,
  type QueueSort,
} from '../queue/queue-model.js';
import type { Scope } from '../scope.js';

export interface QueueActions {
  open(id: string): void;
  back(): void;
  /** The agents page. */
  agents(): void;
  /** Saves the summary of the calls scored so far (summary.csv). */
  exportSummary(): void;
  /** The sort changed (kept by the app for the next visit and for next/previous). */
  sorted(sort: QueueSort, order: string[]): void;
}

const COLUMNS: { column: QueueColumn; label: string }[] = [
  { column: 'name', label: 'Call' },
  { column: 'status', label: 'Status' },
  { column: 'score', label: 'Compliance' },
  { column: 'problems', label: 'What went wrong' },
];

export function renderQueue(
  root: HTMLElement,
  queue: CallQueue,
  initialSort: QueueSort,
  /** The row to focus (the call reviewed last), or null. */
  focusId: string | null,
  scope: Scope,
  actions: QueueActions,
): void {
  let sort = initialSort;
  const headRow = h('tr', {});
  const body = h('tbody', {});
  const table = h(
    'table',
    { class: 'queue-table', id: 'queue-table' },
    h('caption', { class: 'visually-hidden' }, 'Calls of the queue; click a column header to sort'),
    h('thead', {}, headRow),
    body,
  );
  const counts = h('span', { class: 'muted', id: 'queue-counts', 'aria-live': 'polite' });
  const back = h('button', { class: 'btn ghost', type: 'button', id: 'queue-back' }, '◂ Start');
  scope.listen(back, 'click', actions.back);
  const agents = h('button', { class: 'btn', type: 'button', id: 'queue-agents' }, 'Agents');
  scope.listen(agents, 'click', () => actions.agents());
  const summary = h(
    'button',
    {
      class: 'btn',
      type: 'button',
      id: 'queue-summary',
      title: 'One row per call (as corrected by the coach), as the command line’s summary.csv',
    },
    'Summary (CSV)',
  );
  scope.listen(summary, 'click', () => actions.exportSummary());

  // one listener for every row, whatever the redraws (rows are rebuilt as the statuses change)
  const rowId = (event: Event): string | null =>
    (event.target as HTMLElement | null)?.closest('tr[data-id]')?.getAttribute('data-id') ?? null;
  scope.listen(body, 'click', (event) => {
    const id = rowId(event);
    if (id !== null) actions.open(id);
  });
  scope.listen(body, 'keydown', (event) => {
    const id = rowId(event);
    if (event.key === 'Enter' && id !== null) {
      event.preventDefault();
      actions.open(id);
    }
  });

  const headers = COLUMNS.map(({ column, label }) => {
    const button = h('button', { type: 'button', class: 'queue-sort', 'data-column': column }, label);
    scope.listen(button, 'click', () => {
      sort = clickSort(sort, column);
      draw();
    });
    const th = h('th', { scope: 'col', 'data-column': column }, button);
    headRow.append(th);
    return { column, th };
  });

  const draw = (): void => {
    const rows = sortQueue(queue.rows(), sort);
    for (const { column, th } of headers) {
      if (column === sort.column) th.setAttribute('aria-sort', sort.direction);
      else th.removeAttribute('aria-sort');
    }
    const focused = document.activeElement?.getAttribute('data-id') ?? null;
    replace(body, ...rows.map(renderRow));
    if (focused !== null) body.querySelector<HTMLElement>(`tr[data-id="${focused}"]`)?.focus();
    const done = rows.filter((r) => r.status.state === 'done').length;
    const failed = rows.filter((r) => r.status.state === 'failed').length;
    counts.textContent =
      `${rows.length} calls · ${done} scored` +
      (failed > 0 ? ` · ${failed} failed` : '') +
      (done + failed < rows.length ? ` · ${rows.length - done - failed} to go` : '');
    table.dataset['analyses'] = String(queue.analysesRun);
    actions.sorted(
      sort,
      rows.map((r) => r.id),
    );
  };

  // statuses arrive several times a second per worker: redraw at most once per frame
  let frame = 0;
  const unsubscribe = queue.subscribe(() => {
    if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  });
  scope.add(() => {
    unsubscribe();
    cancelAnimationFrame(frame);
  });

  replace(
    root,
    h(
      'section',
      { class: 'queue', 'aria-labelledby': 'queue-title' },
      h(
        'div',
        { class: 'queue-head' },
        back,
        h('h1', { id: 'queue-title' }, 'Queue of calls'),
        counts,
        summary,
        agents,
      ),
      h(
        'p',
        { class: 'muted queue-note' },
        'Each file is taken as one two-channel call (agent and customer on separate channels); a mono file ' +
          'fails here: open the two mono files of a call together with “Open a recording…”. Calls are ' +
          'analysed in the background, worst first; click a call (or press Enter on it) to review it, ' +
          'then n / p for the next or previous call.',
      ),
      h('div', { class: 'queue-scroll' }, table),
    ),
  );
  draw();
  if (focusId !== null) body.querySelector<HTMLElement>(`tr[data-id="${focusId}"]`)?.focus();
}

function renderRow(row: QueueRow): HTMLElement {
  const status = row.status;
  const statusCell = h(
    'td',
    { class: `queue-status ${status.state}` },
    h('span', { class: 'queue-status-text' }, statusText(status)),
  );
  if (status.state === 'analyzing') {
    const bar = h('span', { class: 'queue-bar' });
    bar.style.width = `${status.percent ?? 0}%`;
    statusCell.append(h('span', { class: 'queue-track', 'aria-hidden': 'true' }, bar));
  }
  const severity = row.summary?.severity ?? 'neutral';
  const problems: HTMLElement =
    status.state === 'failed'
      ? h('td', { class: 'queue-problems failed', title: status.reason }, status.reason)
      : h(
          'td',
          { class: `queue-problems ${row.summary ? severity : 'pending'}` },
          row.summary ? `${SEVERITY_STYLE[severity].glyph} ${row.summary.problems}` : '',
        );
  if (row.summary && status.state !== 'failed') problems.style.color = SEVERITY_STYLE[severity].ink;
  const tr = h(
    'tr',
    {
      class: 'queue-row',
      tabindex: 0,
      'data-id': row.id,
      'data-state': status.state,
      'aria-label': `${row.name}: ${statusText(status)}${row.sideUnsure ? '; agent side unsure' : ''}; open its review`,
    },
    h(
      'td',
      { class: 'queue-name' },
      row.name,
      row.sideUnsure
        ? h(
            'span',
            {
              class: 'side-unsure-tag',
              title:
                'Which side is the agent is an unsure guess: open the call to check it, and swap the sides if needed',
            },
            '⚠ side unsure',
          )
        : null,
    ),
    statusCell,
    h('td', { class: 'queue-score num' }, scoreText(row.summary)),
    problems,
  );
  return tr;
}
