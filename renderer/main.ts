/**
 * The review app's controller: which view is on screen, opening calls (dialog, drop, demo, recent),
 * running the analysis in the worker, the agent-side choice (guessed, swapped, remembered), and live
 * calls (setup, the live window, then the session's review; a cut-off session's review).
 */
import { orderAgentFirst } from '../src/ipc/file-pair.js';
import type { LiveOpened } from '../src/ipc/live.js';
import { AnalysisService, type AnalysisResult } from './analysis-client.js';
import { byId, h, replace } from './dom.js';
import { createHost } from './host/index.js';
import type { CallInput, Host } from './host/host.js';
import { LiveFeed } from './live/live-feed.js';
import { LivePrefs, pageStorage } from './live/live-prefs.js';
import { Scope } from './scope.js';
import { renderLiveSetup } from './views/live-setup-view.js';
import { renderLive } from './views/live-view.js';
import { renderReview, type ReviewData, type SideInfo } from './views/review-view.js';
import { renderStart } from './views/start-view.js';
import { renderError, renderProgress } from './views/status-view.js';

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
      demo: () => void this.open(DEMO),
      openRecent: (key) => void this.guard(this.host.openRecent(key)),
      live: () => this.showLiveSetup(),
      recover: (sessionId) => void this.recover(sessionId),
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
      this.showError('This live call cannot be opened', messageOf(error));
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
      this.showError('This recording cannot be opened', messageOf(error));
      return;
    }
    if (input) await this.open(input);
  }

  async open(input: CallInput): Promise<void> {
    const remembered = input.rememberedAgentSide ?? this.sessionSides.get(input.key) ?? null;
    // two mono files whose names say which is the agent's are taken at their word (README), not guessed
    const named = namedAgentFile(input);
    let side: 0 | 1 = remembered ?? named ?? 0;
    const first = await this.run(input, side);
    if (!first) return;
    let result = first;
    const guessing = remembered === null && named === null;
    if (guessing && first.guess.agentSide !== side && first.guess.confidence !== 'low') {
      side = first.guess.agentSide;
      const second = await this.run(
        input,
        side,
        'The other side sounds like the agent: analyzing again with the sides swapped.',
      );
      if (!second) return;
      result = second;
    }
    this.showReview(input, result, {
      side,
      files: input.parts.length,
      chosen: remembered !== null,
      byName: remembered === null && named !== null,
      guess: result.guess,
    });
  }

  /** One analysis with its progress screen; null when cancelled or failed (the error is on screen). */
  private async run(input: CallInput, side: 0 | 1, note?: string): Promise<AnalysisResult | null> {
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
      if (cancelled) this.showStart();
      else if (!scope.isClosed) this.showError(`${input.name} could not be analyzed`, messageOf(error));
      return null;
    }
  }

  private showReview(input: CallInput, result: ReviewData, side: SideInfo | null): void {
    const scope = this.newScope();
    document.title = `${input.name} · SoftSpoken Review`;
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
    });
  }

  private async swap(input: CallInput, side: 0 | 1): Promise<void> {
    const next: 0 | 1 = side === 0 ? 1 : 0;
    this.sessionSides.set(input.key, next);
    if (!input.key.startsWith('demo:')) {
      await this.host.rememberAgentSide(input.key, next).catch((error: unknown) => {
        this.toast(`The choice could not be remembered: ${messageOf(error)}`);
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
      void this.guard(this.host.openDropped(files));
    });
  }
}

/** The one-line reason the host or the worker gave (main's IPC errors arrive without Electron's prefix). */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const host = createHost();
const app = new App(host);
app.showStart();
// a page reloaded during a live call (web mode) goes back to the live window
void host.live.status().then((status) => {
  if (status.available && status.running) app.showLive();
});

/** For two mono files, the one whose name says it is the agent's (0 or 1); null when the names say nothing. */
function namedAgentFile(input: CallInput): 0 | 1 | null {
  const [first, second] = input.parts;
  if (input.parts.length !== 2 || first === undefined || second === undefined) return null;
  const pair = orderAgentFirst<0 | 1>(0, 1, (k) => (k === 0 ? first : second).name);
  return pair.byName ? pair.files[0] : null;
}
