/**
 * The start screen's live part: the "Live call" button (disabled, with the reason, where live calls cannot
 * be made), and for each session cut off mid-call (the process stopped) an offer to open its review or to
 * dismiss it; a dismissed session is not offered again in this browser or window.
 */
import type { RecoverableSession } from '../../src/ipc/live.js';
import { h, replace } from '../dom.js';
import type { Host } from '../host/host.js';
import type { LivePrefs } from '../live/live-prefs.js';
import { cutOffOffer } from '../live/live-text.js';
import type { Scope } from '../scope.js';

/** Cut-off sessions offered at once, at most (newest first). */
const MAX_OFFERS = 3;

export interface LiveStartActions {
  live(): void;
  recover(sessionId: string): void;
}

export function renderLiveEntry(
  host: Host,
  prefs: LivePrefs,
  scope: Scope,
  actions: LiveStartActions,
): HTMLElement {
  const button = h('button', { class: 'btn', type: 'button', id: 'live-call' }, 'Live call');
  const note = h('span', { class: 'muted live-note', id: 'live-call-note' });
  const offers = h('ul', { class: 'live-offers', id: 'live-offers', hidden: true });
  scope.listen(button, 'click', () => actions.live());

  void (async () => {
    const status = await host.live.status();
    if (scope.isClosed) return;
    if (!status.available) {
      button.disabled = true;
      note.textContent = status.message;
      return;
    }
    note.textContent = 'Cues while you are on a call, private to you.';
    const dismissed = new Set(prefs.dismissed);
    const sessions = await host.live.recoverable().catch(() => [] as RecoverableSession[]);
    if (scope.isClosed) return;
    const shown = sessions.filter((s) => !dismissed.has(s.sessionId)).slice(0, MAX_OFFERS);
    if (shown.length === 0) return;
    replace(offers, ...shown.map((session) => offer(session, prefs, scope, actions, offers)));
    offers.hidden = false;
  })();

  return h('div', { class: 'live-entry' }, h('div', { class: 'row' }, button, note), offers);
}

function offer(
  session: RecoverableSession,
  prefs: LivePrefs,
  scope: Scope,
  actions: LiveStartActions,
  list: HTMLElement,
): HTMLElement {
  const open = h('button', { class: 'btn small primary', type: 'button' }, 'Open its review');
  const dismiss = h('button', { class: 'btn small ghost', type: 'button' }, 'Dismiss');
  const item = h(
    'li',
    { class: 'live-offer', role: 'note', 'data-session': session.sessionId },
    h('span', {}, `${cutOffOffer(session)}${session.agent ? ` · ${session.agent}` : ''}`),
    h('span', { class: 'spacer' }),
    open,
    dismiss,
  );
  scope.listen(open, 'click', () => actions.recover(session.sessionId));
  scope.listen(dismiss, 'click', () => {
    prefs.dismiss(session.sessionId);
    item.remove();
    if (list.childElementCount === 0) list.hidden = true;
  });
  return item;
}
