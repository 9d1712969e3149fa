/**
 * The live window's controls: snooze for 2 minutes (key S; again to resume), "Wrong cue" for the cue showing
 * or the last one (key W; once marked it says so, and the mark is saved with the session for the coach),
 * a menu to mute each cue kind, and sound (off unless ticked: one short tone per kind). Every action goes
 * to the session (host.live.action); what the buttons show comes back from it (the model), so the screen
 * never claims what the session did not take.
 */
import { LIVE_CUE_KINDS, type LiveAction, type LiveCueKind } from '../../src/live/protocol.js';
import { LIVE_CUE_STYLE } from '../../src/report/palette.js';
import { h } from '../dom.js';
import type { Host } from '../host/host.js';
import type { CueSound } from '../live/cue-sound.js';
import type { LiveModel } from '../live/live-model.js';
import { callTime } from '../live/live-text.js';
import type { Scope } from '../scope.js';
import { cueIcon } from './live-cue-panel.js';

export class LiveControls {
  readonly element: HTMLElement;
  /** The Sound toggle, placed by the view (in the window's head, beside End call). */
  readonly soundToggle: HTMLElement;
  private readonly snooze: HTMLButtonElement;
  private readonly wrong: HTMLButtonElement;
  private readonly mutes = new Map<LiveCueKind, HTMLInputElement>();
  private readonly sound: HTMLInputElement;

  constructor(
    private readonly host: Host,
    private readonly model: LiveModel,
    private readonly tones: CueSound,
    scope: Scope,
    private readonly problem: (message: string) => void,
  ) {
    this.snooze = h('button', {
      class: 'btn small',
      type: 'button',
      id: 'live-snooze',
      'aria-keyshortcuts': 'S',
    });
    this.wrong = h('button', {
      class: 'btn small',
      type: 'button',
      id: 'live-wrong',
      'aria-keyshortcuts': 'W',
    });
    this.sound = h('input', { type: 'checkbox', id: 'live-sound' });
    scope.listen(this.sound, 'change', () => {
      if (this.sound.checked) this.tones.prime();
    });
    const menu = h('div', { class: 'live-menu-list card', id: 'live-mute-menu' });
    for (const kind of LIVE_CUE_KINDS) {
      const box = h('input', { type: 'checkbox', 'data-kind': kind });
      box.checked = true;
      scope.listen(box, 'change', () => this.send({ type: box.checked ? 'unmute' : 'mute', kind }));
      this.mutes.set(kind, box);
      menu.append(h('label', { class: 'live-check' }, box, cueIcon(kind, 14), LIVE_CUE_STYLE[kind].label));
    }
    const cues = h('details', { class: 'live-menu' }, h('summary', { class: 'btn small' }, 'Cues'), menu);
    scope.listen(this.snooze, 'click', () => this.toggleSnooze());
    scope.listen(this.wrong, 'click', () => this.markWrong());
    scope.listen(document, 'keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target instanceof HTMLInputElement && target.type === 'text') return;
      if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
      const key = event.key.toLowerCase();
      if (key === 's') this.toggleSnooze();
      else if (key === 'w') this.markWrong();
      else return;
      event.preventDefault();
    });
    this.element = h('div', { class: 'live-controls' }, this.snooze, this.wrong, cues);
    this.soundToggle = h('label', { class: 'live-check', for: 'live-sound' }, this.sound, 'Sound');
    this.update();
  }

  /** A cue of `kind` was just shown: its tone plays if the agent turned sound on. */
  cueShown(kind: LiveCueKind): void {
    if (this.sound.checked) this.tones.play(kind);
  }

  update(): void {
    const { controls } = this.model;
    const snoozed = controls.snoozedUntilSec;
    this.snooze.textContent = snoozed === null ? 'Snooze 2 min (S)' : `Snoozed to ${callTime(snoozed)} (S)`;
    this.snooze.title = snoozed === null ? 'No cue for 2 minutes' : 'Press again to show cues again now';
    this.snooze.setAttribute('aria-pressed', String(snoozed !== null));
    const target = this.model.markable;
    this.wrong.disabled = target === null || target.wrong;
    this.wrong.textContent = target?.wrong ? 'Wrong cue: marked' : 'Wrong cue (W)';
    this.wrong.title = target === null ? 'No cue yet' : `Mark “${target.title}” as wrong: your coach sees it`;
    for (const [kind, box] of this.mutes) box.checked = !controls.muted.includes(kind);
  }

  private toggleSnooze(): void {
    this.send({ type: this.model.controls.snoozedUntilSec === null ? 'snooze' : 'unsnooze' });
  }

  private markWrong(): void {
    const target = this.model.markable;
    if (target !== null && !target.wrong) this.send({ type: 'wrongCue', id: target.id });
  }

  private send(action: LiveAction): void {
    this.host.live.action(action).catch((error: unknown) => {
      this.problem(error instanceof Error ? error.message : String(error));
      this.update();
    });
  }
}
