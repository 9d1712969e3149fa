/**
 * The review app's controller: which view is on screen, opening calls (dialog, drop, demo, recent),
 * running the analysis in the worker, the agent-side choice (guessed, swapped, remembered), the queue of
 * a folder's calls (background analysis, the table, next/previous call), and live calls (setup, the live
 * window, then the session's review; a cut-off session's review).
 */
import { resolveSettings } from '../src/engine/settings.js';
import type { LiveOpened } from '../src/ipc/live.js';
import { summaryCsv } from '../src/report/csv.js';
import { firstLine } from '../src/source/errors.js';
import { AppAgents } from './agents/app-agents.js';
import { AnalysisService, type AnalysisResult } from './analysis-client.js';
import { CoachStore } from './coach/coach-store.js';
import { CountedReports } from './coach/counted.js';
import { byId, h, isTyping, replace } from './dom.js';
import { createHost } from './host/index.js';
import type { CallInput, Host } from './host/host.js';
import { LiveFeed } from './live/live-feed.js';
import { LivePrefs, pageStorage } from './live/live-prefs.js';
import { analyzeForSide, type SideInfo } from './open-call.js';
import { CallQueue, playableFile } from './queue/call-queue.js';
import { DEFAULT_SORT, neighbour, type QueueSort } from './queue/queue-model.js';
import { indexedDbReportCache } from './queue/idb-report-cache.js';
import type { ReportCache } from './queue/report-cache.js';
import { Scope } from './scope.js';
import { renderAgents } from './views/agents-view.js';
import { renderQueue } from './views/queue-view.js';
import { renderLiveSetup } from './views/live-setup-view.js';
import { renderLive } from './views/live-view.js';
import type { ReviewData } from './review/review-context.js';
import { renderReview } from './views/review-view.js';
import { renderStart } from './views/start-view.js';
import { renderError, renderProgress } from './views/status-view.js';

/** The package version, set by scripts/build-app.mjs at bundle time (part of the report cache's key). */
declare const __SOFTSPOKEN_VERSION__: string | undefined;
const VERSION = typeof __SOFTSPOKEN_VERSION__ === 'string' ? __SOFTSPOKEN_VERSION__ : 'dev';

const DEMO: CallInput = {
  key: 'demo:demo-call.wav',
  name: 'Demo call',
  parts: [{ name: 'demo-call.wav', sizeBytes: 0, url: 'demo/demo-call.wav' }],
  rememberedAgentSide: null,
};

class App {
  private scope = new Scope();
  private readonly view = byId('view', HTMLElement);
  private readonly topbarCall = byId('topbar-call', HTMLElement);
  private readonly toastEl = byId('toast', HTMLElement);
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  /** Side choices made this session for calls the host does not remember (the demo). */
  private readonly sessionSides = new Map<string, 0 | 1>();
  private readonly analysis = new AnalysisService();
  private readonly prefs = new LivePrefs(pageStorage());
  /** The live messages of the setup and the call, kept across those two views; null elsewhere. */
  private feed: LiveFeed | null = null;
  /** The queue of calls opened last (a folder or many files), kept while the coach reviews its calls. */
  private queue: CallQueue | null = null;
  private queueSort: QueueSort = DEFAULT_SORT;
  /** The queue's calls in the table's order: what next/previous follow. */
  private queueOrder: string[] = [];
  /** The queue's call reviewed last: its row has the focus back in the table. */
  private queueLast: string | null = null;
  private reportCache: Promise<ReportCache> | null = null;
  /** Each call as counted wherever it is counted: with the coach's corrections of it. */
  private readonly counted = new CountedReports(new CoachStore(pageStorage()));
  /** The agents' history of analysed calls (the agents page), fed by the queue and by each review. */
  private readonly agents = new AppAgents(
    pageStorage(),
    typeof indexedDB === 'undefined' ? undefined : indexedDB,
    (input, report) => this.counted.of(input.key, report),
  );

  constructor(private readonly host: Host) {
    byId('topbar-mode', HTMLElement).textContent =
      host.mode === 'web' ? 'Web mode · nothing leaves this computer' : '';
    byId('home-link', HTMLAnchorElement).addEventListener('click', (event) => {
      event.preventDefault();
      this.showStart();
    });
    this.bindDrop();
  }

  /** A fresh scope for the next view; `keepFeed` for the live views, which share the live messages. */
  private newScope(keepFeed = false): Scope {
    if (!keepFeed) {
      this.feed?.close();
      this.feed = null;
    }
    this.scope.close();
    this.toastEl.hidden = true;
    this.scope = new Scope();
    return this.scope;
  }

  showStart(): void {
    const scope = this.newScope();
    replace(this.topbarCall);
    document.title = 'SoftSpoken Review';
    this.analysis.warm();
    renderStart(this.view, this.host, this.prefs, scope, {
      pick: () => void this.guard(this.host.pickCall()),
      folder: () => void this.guardQueue(this.host.pickFolder()),
      queue: this.queue ? () => this.showQueue() : null,
      demo: () => void this.open(DEMO),
      openRecent: (key) => void this.guard(this.host.openRecent(key)),
      openRecentFolder: (key) => void this.guardQueue(this.host.openRecentFolder(key)),
      live: () => this.showLiveSetup(),
      recover: (sessionId) => void this.recover(sessionId),
      agents: () => this.showAgents(),
    });
  }

  /** The agents page: each agent's calls and trend beside the team's median. */
  showAgents(): void {
    const scope = this.newScope();
    document.title = 'Agents · SoftSpoken Review';
    replace(this.topbarCall, h('span', { class: 'call-name' }, 'Agents'));
    renderAgents(this.view, this.agents.history(), this.agents.prefs, scope, {
      back: () => this.showStart(),
      queue: this.queue ? () => this.showQueue() : null,
    });
  }

  private liveScope(title: string): { scope: Scope; feed: LiveFeed } {
    const scope = this.newScope(true);
    this.feed ??= new LiveFeed(this.host.live);
    document.title = `${title} · SoftSpoken`;
    replace(this.topbarCall, h('span', { class: 'call-name' }, title));
    return { scope, feed: this.feed };
  }

  showLiveSetup(): void {
    const { scope, feed } = this.liveScope('Live call');
    renderLiveSetup(this.view, this.host, feed, this.prefs, scope, {
      started: () => this.showLive(),
      back: () => this.showStart(),
    });
  }

  showLive(): void {
    const { scope, feed } = this.liveScope('Live');
    renderLive(this.view, this.host, feed, scope, {
      ended: (opened) => this.showLiveReview(opened),
      leave: () => this.showStart(),
    });
  }

  private async recover(sessionId: string): Promise<void> {
    try {
      this.showLiveReview(await this.host.live.recover(sessionId));
    } catch (error) {
      this.showError('This live call cannot be opened', firstLine(error));
    }
  }

  /** A live session's review: its report as the session built it, its recording if one was kept. */
  private showLiveReview(opened: LiveOpened): void {
    const live = opened.report.live;
    const started = live ? new Date(live.startedAt) : null;
    const when = started && !Number.isNaN(started.getTime()) ? ` ${started.toLocaleString()}` : '';
    const name = `Live call${when}${live?.agent ? ` · ${live.agent}` : ''}`;
    const input: CallInput = { key: `live:${opened.sessionId}`, name, parts: [], rememberedAgentSide: null };
    this.showReview(input, { report: opened.report, playback: opened.recordingUrl }, null);
  }

  /** Opens what a host promise yields (null: the user cancelled); errors go to the error screen. */
  private async guard(pending: Promise<CallInput | null>): Promise<void> {
    let input: CallInput | null;
    try {
      input = await pending;
    } catch (error) {
      this.showError('This recording cannot be opened', firstLine(error));
      return;
    }
    if (input) {
      // Electron serves the files of one open call (or one queue) at a time: this call ends the queue
      if (this.host.mode === 'electron') this.dropQueue();
      await this.open(input);
    }
  }

  private dropQueue(): void {
    this.queue?.close();
    this.queue = null;
  }

  /** Opens a queue from what a host promise yields (null: cancelled); errors go to the error screen. */
  private async guardQueue(pending: Promise<CallInput[] | null>): Promise<void> {
    let inputs: CallInput[] | null;
    try {
      inputs = await pending;
    } catch (error) {
      this.showError('These calls cannot be opened', firstLine(error));
      return;
    }
    if (inputs) this.openQueue(inputs);
  }

  /** A new queue (the one before ends): the workers start, the table shows. */
  private openQueue(inputs: CallInput[]): void {
    this.queue?.close();
    this.reportCache ??= indexedDbReportCache(typeof indexedDB === 'undefined' ? undefined : indexedDB);
    const cache = this.reportCache;
    this.queueLast = null;
    this.queue = new CallQueue(inputs, {
      newAnalyzer: () => new AnalysisService(),
      cache: { get: async (key) => (await cache).get(key), put: async (key, v) => (await cache).put(key, v) },
      settings: resolveSettings({}),
      version: VERSION,
      workers: navigator.hardwareConcurrency,
      counted: (input, report) => this.counted.of(input.key, report),
    });
    this.queueOrder = this.queue.entries.map((e) => e.id);
    this.agents.recorder.watchQueue(this.queue);
    this.queue.start();
    this.showQueue();
  }

  showQueue(): void {
    const queue = this.queue;
    if (queue === null) {
      this.showStart();
      return;
    }
    const scope = this.newScope();
    document.title = 'Queue · SoftSpoken Review';
    replace(this.topbarCall, h('span', { class: 'call-name' }, `Queue · ${queue.entries.length} calls`));
    renderQueue(this.view, queue, this.queueSort, this.queueLast, scope, {
      open: (id) => void this.openQueued(id),
      back: () => this.showStart(),
      agents: () => this.showAgents(),
      exportSummary: () => void this.exportSummary(queue),
      sorted: (sort, order) => {
        this.queueSort = sort;
        this.queueOrder = order;
      },
    });
    if (this.queueLast === null) this.view.focus({ preventScroll: true });
  }

  /** Opens a call of the queue: at once when analysed, else analysed first (its progress on screen). */
  private async openQueued(id: string): Promise<void> {
    const queue = this.queue;
    const entry = queue?.entry(id) ?? null;
    if (queue === null || entry === null) return;
    const { input } = entry;
    if (entry.status.state === 'failed') {
      const scope = this.newScope();
      replace(this.topbarCall, h('span', { class: 'call-name' }, input.name));
      renderError(this.view, scope, `${input.name} could not be analyzed`, entry.status.reason, () =>
        this.showQueue(),
      );
      return;
    }
    if (entry.status.state !== 'done') {
      queue.runNow(id);
      const scope = this.newScope();
      document.title = `Analyzing ${input.name} · SoftSpoken`;
      replace(this.topbarCall, h('span', { class: 'call-name' }, input.name));
      const progress = renderProgress(this.view, scope, input.name, () => this.showQueue());
      progress.setNote('Analysed first, before the rest of the queue; Cancel goes back to the queue.');
      scope.add(
        queue.subscribe(() => {
          if (entry.progress) progress.update(entry.progress);
          if (entry.status.state === 'analyzing' && entry.status.again)
            progress.setNote('The other side sounds like the agent: analyzing again with the sides swapped.');
        }),
      );
      await queue.settled(id);
      if (!scope.isClosed && this.queue === queue) await this.openQueued(id);
      return;
    }
    const result = entry.result;
    if (result === null) return;
    if (result.playback === null) {
      // from the cache: the file plays as it is, or (a format the browser cannot play) is analysed again
      const part = input.parts[0];
      const blob = part === undefined ? null : 'blob' in part ? part.blob : await fetchBlob(part.url);
      const file = blob === null ? null : await playableFile(blob).catch(() => null);
      if (file !== null) queue.setResult(id, { ...result, playback: file });
      else {
        const again = await this.run(
          input,
          result.side,
          'This format plays only once analysed: analyzing it again.',
          () => this.showQueue(),
        );
        if (again === null) return;
        queue.setResult(id, {
          ...result,
          report: again.report,
          guess: again.guess,
          playback: again.playback,
        });
      }
    }
    this.showQueueReview(id);
  }

  /** A queue call's review, with the queue's bar above it: back to the table, previous and next call (p, n). */
  private showQueueReview(id: string): void {
    const queue = this.queue;
    const entry = queue?.entry(id) ?? null;
    if (queue === null || entry?.result == null) return;
    const { input, result } = entry;
    const scope = this.newScope();
    this.queueLast = id;
    document.title = `${input.name} · SoftSpoken Review`;
    const previous = neighbour(this.queueOrder, id, -1);
    const next = neighbour(this.queueOrder, id, 1);
    const button = (label: string, elementId: string, target: string | null, keys: string) => {
      const b = h(
        'button',
        {
          class: 'btn small',
          type: 'button',
          id: elementId,
          'aria-keyshortcuts': keys,
          disabled: target === null,
        },
        label,
      );
      scope.listen(b, 'click', () => (target === null ? undefined : void this.openQueued(target)));
      return b;
    };
    const backButton = h('button', { class: 'btn small', type: 'button', id: 'queue-return' }, '☰ Queue');
    scope.listen(backButton, 'click', () => this.showQueue());
    const at = this.queueOrder.indexOf(id);
    const bar = h(
      'nav',
      { class: 'queue-nav', 'aria-label': 'Queue of calls' },
      backButton,
      h(
        'span',
        { class: 'queue-nav-pos muted', id: 'queue-position' },
        `Call ${at + 1} of ${this.queueOrder.length}`,
      ),
      h('span', { class: 'spacer' }),
      button('◂ Previous', 'queue-previous', previous, 'p'),
      button('Next call ▸', 'queue-next', next, 'n'),
    );
    scope.listen(document, 'keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target)) return;
      const to = event.key === 'n' ? next : event.key === 'p' ? previous : undefined;
      if (to === undefined) return;
      event.preventDefault();
      if (to !== null) void this.openQueued(to);
    });
    const reviewRoot = h('div', { class: 'queue-review', tabindex: -1 });
    replace(this.view, bar, reviewRoot);
    renderReview(reviewRoot, this.topbarCall, scope, {
      input,
      result: { report: result.report, playback: result.playback },
      side: {
        side: result.side,
        files: input.parts.length,
        chosen: input.rememberedAgentSide !== null,
        byName: result.byName,
        guess: result.guess,
      },
      host: this.host,
      swap: () => void this.swapQueued(id),
      back: null, // the queue's bar has "☰ Queue"
      toast: (text) => this.toast(text),
      edited: () => this.edited(input, result.report),
    });
    // the next call opens at its top, not where the last one was scrolled to
    window.scrollTo({ top: 0 });
    this.view.scrollTop = 0;
  }

  /** A coach's edits of a call changed: its queue row and the agents' history count it as corrected. */
  private edited(input: CallInput, report: ReviewData['report']): void {
    void this.agents.recorder.record(input, report);
    this.queue?.refresh();
  }

  /** The queue's calls as summary.csv (the command line's columns), each as corrected by the coach. */
  private async exportSummary(queue: CallQueue): Promise<void> {
    const rows = queue.summaryRows();
    try {
      const where = await this.host.save('summary.csv', 'summary', summaryCsv(rows));
      if (where) this.toast(`Saved ${where}`);
    } catch (error) {
      this.toast(`Could not save: ${firstLine(error)}`);
    }
  }

  /** The sides of a queue call swapped: remembered, analysed again, its row and review updated. */
  private async swapQueued(id: string): Promise<void> {
    const entry = this.queue?.entry(id) ?? null;
    if (entry?.result == null) return;
    const next: 0 | 1 = entry.result.side === 0 ? 1 : 0;
    entry.input = { ...entry.input, rememberedAgentSide: next };
    await this.host.rememberAgentSide(entry.input.key, next).catch((error: unknown) => {
      this.toast(`The choice could not be remembered: ${firstLine(error)}`);
    });
    const again = await this.run(entry.input, next, undefined, () => this.showQueue());
    if (again === null) return;
    this.queue?.setResult(id, {
      report: again.report,
      guess: again.guess,
      side: next,
      byName: false, // chosen by the coach now
      playback: again.playback,
    });
    this.showQueueReview(id);
  }

  async open(input: CallInput): Promise<void> {
    const opened = await analyzeForSide(
      input,
      (side, again) =>
        this.run(
          input,
          side,
          again ? 'The other side sounds like the agent: analyzing again with the sides swapped.' : undefined,
        ),
      this.sessionSides.get(input.key) ?? null,
    );
    if (opened) this.showReview(input, opened.result, opened.side);
  }

  /** One analysis with its progress screen; null when cancelled or failed (the error is on screen). */
  private async run(
    input: CallInput,
    side: 0 | 1,
    note?: string,
    /** Where Cancel goes: the start screen, or the queue for a call of the queue. */
    back: () => void = () => this.showStart(),
  ): Promise<AnalysisResult | null> {
    const scope = this.newScope();
    document.title = `Analyzing ${input.name} · SoftSpoken`;
    replace(this.topbarCall, h('span', { class: 'call-name' }, input.name));
    let cancelled = false;
    const progress = renderProgress(this.view, scope, input.name, () => {
      cancelled = true;
      running.cancel();
    });
    if (note) progress.setNote(note);
    const running = this.analysis.analyze(input.parts, side, (p) => progress.update(p));
    scope.add(() => running.cancel());
    try {
      return await running.result;
    } catch (error) {
      if (cancelled) back();
      else if (!scope.isClosed) this.showError(`${input.name} could not be analyzed`, firstLine(error));
      return null;
    }
  }

  private showReview(input: CallInput, result: ReviewData, side: SideInfo | null): void {
    const scope = this.newScope();
    document.title = `${input.name} · SoftSpoken Review`;
    void this.agents.recorder.record(input, result.report);
    renderReview(this.view, this.topbarCall, scope, {
      input,
      result,
      side,
      host: this.host,
      swap: () => {
        if (side !== null) void this.swap(input, side.side);
      },
      back: () => this.showStart(),
      toast: (text) => this.toast(text),
      edited: () => this.edited(input, result.report),
    });
  }

  private async swap(input: CallInput, side: 0 | 1): Promise<void> {
    const next: 0 | 1 = side === 0 ? 1 : 0;
    this.sessionSides.set(input.key, next);
    if (!input.key.startsWith('demo:')) {
      await this.host.rememberAgentSide(input.key, next).catch((error: unknown) => {
        this.toast(`The choice could not be remembered: ${firstLine(error)}`);
      });
    }
    const result = await this.run({ ...input, rememberedAgentSide: next }, next);
    if (result) {
      this.showReview(input, result, {
        side: next,
        files: input.parts.length,
        chosen: true,
        byName: false,
        guess: result.guess,
      });
    }
  }

  private showError(title: string, message: string): void {
    const scope = this.newScope();
    replace(this.topbarCall);
    renderError(this.view, scope, title, message, () => this.showStart());
  }

  toast(text: string): void {
    this.toastEl.textContent = text;
    this.toastEl.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toastEl.hidden = true), 4000);
  }

  /** Drag and drop anywhere in the window. */
  private bindDrop(): void {
    const overlay = byId('drop-overlay', HTMLElement);
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;
    window.addEventListener('dragenter', (event) => {
      if (!hasFiles(event)) return;
      depth += 1;
      overlay.hidden = false;
    });
    window.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) overlay.hidden = true;
    });
    window.addEventListener('dragover', (event) => {
      if (hasFiles(event)) event.preventDefault();
    });
    window.addEventListener('drop', (event) => {
      event.preventDefault();
      depth = 0;
      overlay.hidden = true;
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      // more than a call's two files: a queue, each file one call
      if (files.length > 2) void this.guardQueue(this.host.openMany(files));
      else void this.guard(this.host.openDropped(files));
    });
  }
}

const host = createHost();
const app = new App(host);
app.showStart();
// a page reloaded during a live call (web mode) goes back to the live window
void host.live.status().then((status) => {
  if (status.available && status.running) app.showLive();
});

/** A URL of the app's own origin read as a Blob; null when it cannot be read. */
async function fetchBlob(url: string): Promise<Blob | null> {
  try {
    const response = await fetch(url);
    return response.ok ? await response.blob() : null;
  } catch {
    return null;
  }
}
