/**
 * The agents page: every agent named on an analysed call (their number of calls, their latest compliance);
 * the agent selected: their trend by week for each measure (a line chart with the team's median dashed
 * beside it, and the same numbers in a table), and their calls with what went wrong. Below, every call
 * analysed with its agent's name, which the coach can type; above, the file-name pattern that names the
 * agents of new calls (and of calls nobody named yet).
 */
import { SEVERITY_STYLE } from '../../src/report/palette.js';
import { DATE_SOURCE_WORDS } from '../../src/report/call-date.js';
import {
  agentRows,
  agentSeries,
  callsOf,
  formatValue,
  longDay,
  noTrendReason,
  type MeasureSeries,
} from '../agents/agents-model.js';
import type { AgentPrefs, CallHistory, HistoryCall } from '../agents/call-history.js';
import { drawTrend, trendLegend } from '../agents/trend-chart.js';
import { h, replace } from '../dom.js';
import { Scope } from '../scope.js';

export interface AgentsActions {
  back(): void;
  /** Back to the queue opened last; null when there is none. */
  queue: (() => void) | null;
}

const percent = (share: number | null): string => (share === null ? '–' : `${Math.round(share * 100)} %`);
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function renderAgents(
  root: HTMLElement,
  history: Promise<CallHistory>,
  prefs: AgentPrefs,
  scope: Scope,
  actions: AgentsActions,
): void {
  /** The agent shown; null: the first of the list. */
  let selected: string | null = null;
  /** The charts of the last draw (destroyed when the page is drawn again). */
  let charts: Scope | null = null;
  scope.add(() => charts?.close());

  const back = h('button', { class: 'btn ghost', type: 'button', id: 'agents-back' }, '◂ Start');
  scope.listen(back, 'click', actions.back);
  const queue = actions.queue;
  const queueButton =
    queue === null ? null : h('button', { class: 'btn', type: 'button', id: 'agents-queue' }, '☰ Queue');
  if (queueButton !== null && queue !== null) scope.listen(queueButton, 'click', () => queue());

  const patternInput = h('input', {
    id: 'agent-pattern',
    type: 'text',
    class: 'agents-input',
    value: prefs.pattern,
    placeholder: '{agent}_{date}_*',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'agent-pattern-hint',
  });
  const patternStatus = h('p', {
    class: 'muted agents-status',
    id: 'agent-pattern-status',
    'aria-live': 'polite',
  });
  const patternForm = h(
    'form',
    { class: 'card agents-pattern', id: 'agent-pattern-form' },
    h('label', { for: 'agent-pattern', class: 'agents-label' }, 'Agent’s name in the file names'),
    h(
      'div',
      { class: 'agents-pattern-row' },
      patternInput,
      h('button', { class: 'btn', type: 'submit', id: 'agent-pattern-save' }, 'Save and apply'),
    ),
    h(
      'p',
      { class: 'muted', id: 'agent-pattern-hint' },
      '{agent} stands for the name, {date} for the call’s date (2026-11-02 or 20261102) and * for anything: ' +
        '{agent}_{date}_* reads “anna” and 2 Nov 2026 from anna_2026-11-02_1412.wav. Applied to each call ' +
        'analysed from now on, and to calls without an agent; a name typed below stays. Empty: names and ' +
        'dates are not read from file names.',
    ),
    patternStatus,
  );
  scope.listen(patternForm, 'submit', (event) => {
    event.preventDefault();
    prefs.pattern = patternInput.value;
    const pattern = prefs.pattern;
    void history
      .then((store) => store.applyPattern(pattern))
      .then((named) => {
        if (scope.isClosed) return;
        patternStatus.textContent =
          pattern === ''
            ? 'Saved: names are not read from file names.'
            : !pattern.includes('{agent}')
              ? 'Saved, but a pattern needs {agent} where the name is: no call is named by it.'
              : `Saved: ${plural(named, 'call', 'calls')} named by the pattern now.`;
        void draw();
      })
      .catch((error: unknown) => {
        patternStatus.textContent = `Saved, but the calls could not be named: ${String(error)}`;
      });
  });

  const body = h('div', { class: 'agents-body', id: 'agents-body' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(
    root,
    h(
      'section',
      { class: 'agents', 'aria-labelledby': 'agents-title' },
      h('div', { class: 'agents-head' }, back, h('h1', { id: 'agents-title' }, 'Agents'), queueButton),
      h(
        'p',
        { class: 'muted agents-note' },
        'Every call analysed here (a queue’s calls and calls opened one by one) is kept in this browser with ' +
          'its score, never its audio. Name each call’s agent, or let the file names say it; then follow an ' +
          'agent week by week beside the team’s median.',
      ),
      patternForm,
      body,
    ),
  );

  const draw = async (): Promise<void> => {
    let calls: HistoryCall[];
    try {
      calls = await (await history).list();
    } catch (error) {
      if (!scope.isClosed) {
        replace(
          body,
          h('p', { class: 'card agents-empty' }, `The calls could not be read: ${String(error)}`),
        );
      }
      return;
    }
    if (scope.isClosed) return;
    charts?.close();
    charts = new Scope();
    const focusedKey = document.activeElement?.getAttribute('data-key') ?? null;
    const agents = agentRows(calls);
    if (selected === null || !agents.some((a) => a.agent === selected)) selected = agents[0]?.agent ?? null;
    replace(
      body,
      calls.length === 0
        ? h(
            'p',
            { class: 'card agents-empty', id: 'agents-empty' },
            'No calls yet. Open a folder of calls or a recording: each call analysed is listed here.',
          )
        : null,
      agents.length > 0
        ? agentsSection(agents, selected, (agent) => ((selected = agent), void draw()))
        : null,
      selected === null ? null : agentSection(calls, selected, charts),
      calls.length > 0
        ? historySection(
            calls,
            agents.map((a) => a.agent),
            history,
            scope,
            () => void draw(),
          )
        : null,
    );
    if (focusedKey !== null)
      body.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
  };

  const agentsSection = (
    agents: ReturnType<typeof agentRows>,
    current: string | null,
    choose: (agent: string) => void,
  ): HTMLElement => {
    const list = h('ul', { class: 'agents-list', id: 'agent-list' });
    for (const row of agents) {
      const button = h(
        'button',
        {
          type: 'button',
          class: 'agents-pick',
          'data-agent': row.agent,
          'data-key': `agent:${row.agent}`,
          'aria-pressed': row.agent === current ? 'true' : 'false',
        },
        h('span', { class: 'agents-pick-name' }, row.agent),
        h(
          'span',
          { class: 'agents-pick-meta' },
          `${plural(row.calls, 'call', 'calls')} · latest ${percent(row.latestShare)}`,
        ),
      );
      scope.listen(button, 'click', () => choose(row.agent));
      list.append(h('li', {}, button));
    }
    return h(
      'section',
      { class: 'agents-pickers', 'aria-labelledby': 'agent-list-title' },
      h('h2', { id: 'agent-list-title' }, 'Agents'),
      list,
    );
  };

  void draw();
}

/** The selected agent: a trend card per measure, then their calls. */
function agentSection(calls: readonly HistoryCall[], agent: string, charts: Scope): HTMLElement {
  const own = callsOf(calls, agent);
  const series = agentSeries(calls, agent);
  const weekList = series[0]?.weeks ?? [];
  const weeks = weekList.length;
  const noTrend = noTrendReason(series[0]?.calls.reduce((n, c) => n + c, 0) ?? 0, weekList);
  const cards = series.map((s) => trendCard(s, agent, noTrend === null ? charts : null));
  const callRows = own.map((call) =>
    h(
      'tr',
      {},
      dateCell(call),
      h('td', { class: 'agents-call-name' }, call.name),
      h('td', { class: 'num' }, percent(call.share)),
      problemsCell(call),
    ),
  );
  return h(
    'section',
    {
      class: 'agents-detail',
      id: 'agent-detail',
      'aria-labelledby': 'agent-detail-title',
      'data-agent': agent,
    },
    h('h2', { id: 'agent-detail-title' }, agent),
    h(
      'p',
      { class: 'muted' },
      `${plural(own.length, 'call', 'calls')} over ${plural(weeks, 'week', 'weeks')}. ` +
        (noTrend === null
          ? 'Each point is a week (calls without a readable date are left out); the dashed line is the ' +
            'team’s median of every agent’s value the same week. '
          : '') +
        'A call’s date is the one in its file name (a {date} in the pattern), else the recording’s own, ' +
        'else the file’s time; each call says which.',
    ),
    noTrend === null ? null : h('p', { class: 'card agents-no-trend', id: 'agent-no-trend' }, noTrend),
    h('div', { class: noTrend === null ? 'trend-grid' : 'trend-grid no-trend' }, ...cards),
    h('h3', {}, `${agent}’s calls`),
    h(
      'div',
      { class: 'agents-scroll' },
      h(
        'table',
        { class: 'agents-table', id: 'agent-calls' },
        h('caption', { class: 'visually-hidden' }, `${agent}’s calls, newest first`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', class: 'col-date' }, 'Date'),
            h('th', { scope: 'col' }, 'Call'),
            h('th', { scope: 'col', class: 'col-score num' }, 'Compliance'),
            h('th', { scope: 'col' }, 'What went wrong'),
          ),
        ),
        h('tbody', {}, ...callRows),
      ),
    ),
  );
}

function problemsCell(call: HistoryCall): HTMLElement {
  const style = SEVERITY_STYLE[call.severity];
  const cell = h('td', { class: 'agents-problems' }, `${style.glyph} ${call.problems}`);
  cell.style.color = style.ink;
  return cell;
}

/** A call's date, and where it came from (call-date.ts). */
function dateCell(call: HistoryCall): HTMLElement {
  return h(
    'td',
    { class: 'nowrap agents-date', 'data-date-from': call.dateFrom },
    longDay(call.date),
    h('span', { class: 'muted agents-date-from' }, ` · ${DATE_SOURCE_WORDS[call.dateFrom]}`),
  );
}

/**
 * One measure: its title, legend, chart and the same numbers as a table; without `charts` (no trend to
 * draw) the numbers alone, shown.
 */
function trendCard(series: MeasureSeries, agent: string, charts: Scope | null): HTMLElement {
  const tableId = `trend-table-${series.key}`;
  const wrap = h('div', { class: 'trend-canvas', 'data-measure': series.key });
  const rows = series.weeks.map((week, i) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', class: 'nowrap' }, week),
      h('td', { class: 'num' }, String(series.calls[i] ?? 0)),
      h('td', { class: 'num' }, formatValue(series.unit, series.agent[i] ?? null)),
      h('td', { class: 'num' }, formatValue(series.unit, series.team[i] ?? null)),
    ),
  );
  const card = h(
    'section',
    { class: 'card trend-card', 'aria-labelledby': `trend-title-${series.key}` },
    h(
      'h3',
      { id: `trend-title-${series.key}` },
      series.label,
      h('span', { class: 'muted trend-better' }, ` · ${series.better} is better`),
    ),
    charts === null ? null : trendLegend(agent),
    charts === null ? null : wrap,
    h(
      'details',
      { class: 'trend-numbers', open: charts === null },
      h('summary', {}, 'The numbers'),
      h(
        'table',
        { class: 'agents-table trend-table', id: tableId },
        h('caption', { class: 'visually-hidden' }, `${series.label}: ${agent} and the team’s median by week`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Week of'),
            h('th', { scope: 'col', class: 'num' }, 'Calls'),
            h('th', { scope: 'col', class: 'num' }, agent),
            h('th', { scope: 'col', class: 'num' }, 'Team median'),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
  // drawn once in the page (Chart.js measures its box)
  if (charts !== null) {
    requestAnimationFrame(() => {
      if (!charts.isClosed) drawTrend(wrap, series, agent, charts, tableId);
    });
  }
  return card;
}

/** Every call analysed, with an input for its agent's name (saved on change: Enter or leaving the field). */
function historySection(
  calls: readonly HistoryCall[],
  agents: readonly string[],
  history: Promise<CallHistory>,
  scope: Scope,
  redraw: () => void,
): HTMLElement {
  const unnamed = calls.filter((c) => c.agent === null).length;
  const names = h('datalist', { id: 'agent-names' }, ...agents.map((a) => h('option', { value: a })));
  const rows = calls.map((call) => {
    const input = h('input', {
      type: 'text',
      class: 'agents-input agent-name',
      list: 'agent-names',
      value: call.agent ?? '',
      placeholder: 'No agent',
      autocomplete: 'off',
      'data-key': call.key,
      'aria-label': `Agent of ${call.name}`,
    });
    let saved = input.value;
    const save = (): void => {
      if (input.value.trim() === saved.trim()) return;
      saved = input.value;
      void history.then((store) => store.setAgent(call.key, input.value)).then(redraw, redraw);
    };
    scope.listen(input, 'change', save);
    scope.listen(input, 'keydown', (event) => {
      if (event.key === 'Enter') save();
    });
    return h(
      'tr',
      { 'data-call': call.name },
      dateCell(call),
      h('td', { class: 'agents-call-name' }, call.name),
      h('td', { class: 'num' }, percent(call.share)),
      h('td', { class: 'agents-agent-cell' }, input),
    );
  });
  return h(
    'section',
    { class: 'agents-history', 'aria-labelledby': 'agents-history-title' },
    h('h2', { id: 'agents-history-title' }, 'Every call and its agent'),
    h(
      'p',
      { class: 'muted' },
      `${plural(calls.length, 'call', 'calls')}` +
        (unnamed > 0 ? ` · ${unnamed} without an agent` : '') +
        '. Type a name and press Enter (or leave the field) to save it; empty it to clear.',
    ),
    names,
    h(
      'div',
      { class: 'agents-scroll' },
      h(
        'table',
        { class: 'agents-table', id: 'history-table' },
        h('caption', { class: 'visually-hidden' }, 'Every call analysed, newest first, with its agent'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', class: 'col-date' }, 'Date'),
            h('th', { scope: 'col' }, 'Call'),
            h('th', { scope: 'col', class: 'col-score num' }, 'Compliance'),
            h('th', { scope: 'col', class: 'col-agent' }, 'Agent'),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}
