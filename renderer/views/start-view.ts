/**
 * The start screen: open a recording (dialog or drop), open a folder of calls (the queue), the demo call,
 * recent folders (each a queue again, its calls from the cache), recent calls, a live call.
 */
import type { RecentCall, RecentFolder } from '../../src/ipc/contract.js';
import { h, replace } from '../dom.js';
import type { Host } from '../host/host.js';
import type { LivePrefs } from '../live/live-prefs.js';
import type { Scope } from '../scope.js';
import { renderLiveEntry, type LiveStartActions } from './live-offer.js';

export interface StartActions extends LiveStartActions {
  pick(): void;
  /** Open a folder: every audio file in it one call, in the queue. */
  folder(): void;
  /** Back to the queue opened last; null when there is none. */
  queue: (() => void) | null;
  demo(): void;
  openRecent(key: string): void;
  /** A recent folder, as a queue again. */
  openRecentFolder(key: string): void;
  /** The agents page. */
  agents(): void;
}

export function renderStart(
  root: HTMLElement,
  host: Host,
  prefs: LivePrefs,
  scope: Scope,
  actions: StartActions,
): void {
  const openButton = h(
    'button',
    { class: 'btn primary', type: 'button', id: 'open-call' },
    'Open a recording…',
  );
  const folderButton = h(
    'button',
    {
      class: 'btn',
      type: 'button',
      id: 'open-folder',
      title: 'Every audio file in the folder is one two-channel call: a queue, scored in the background',
    },
    'Open a folder…',
  );
  const demoButton = h('button', { class: 'btn', type: 'button', id: 'open-demo' }, 'Try the demo call');
  const agentsButton = h('button', { class: 'btn', type: 'button', id: 'open-agents' }, 'Agents');
  scope.listen(agentsButton, 'click', () => actions.agents());
  const queue = actions.queue;
  const queueButton =
    queue === null
      ? null
      : h('button', { class: 'btn', type: 'button', id: 'open-queue' }, '☰ Back to the queue');
  if (queueButton !== null && queue !== null) scope.listen(queueButton, 'click', () => queue());
  scope.listen(openButton, 'click', () => actions.pick());
  scope.listen(folderButton, 'click', () => actions.folder());
  scope.listen(demoButton, 'click', () => actions.demo());

  const recentList = h('ul', { class: 'recent-list', id: 'recent-list' });
  const recentCard = h(
    'section',
    { class: 'card recent', 'aria-labelledby': 'recent-title' },
    h('h2', { id: 'recent-title' }, 'Recent calls'),
    recentList,
    host.mode === 'web'
      ? h('p', { class: 'muted' }, 'Web mode: recent calls, with their audio, are kept in this browser only.')
      : null,
  );

  const folderList = h('ul', { class: 'recent-list', id: 'recent-folders' });
  const folderCard = h(
    'section',
    { class: 'card recent', 'aria-labelledby': 'recent-folders-title', hidden: true },
    h('h2', { id: 'recent-folders-title' }, 'Recent folders'),
    folderList,
  );

  replace(
    root,
    h(
      'div',
      { class: 'start' },
      h(
        'div',
        { class: 'start-intro' },
        h('h1', {}, 'Did the agent speak softly and wait for the pause?'),
        h(
          'p',
          { class: 'muted' },
          'Open a recorded call to see, peak by peak, whether the agent let the customer vent, ' +
            'stayed under their own normal voice, and waited for the silence before answering.',
        ),
      ),
      h(
        'section',
        { class: 'dropzone', id: 'dropzone', 'aria-label': 'Open a call' },
        h('div', { class: 'dropzone-title' }, 'Drop a call recording here'),
        h(
          'div',
          { class: 'muted' },
          'One two-channel recording (agent and customer on separate channels), or two mono recordings: WAV, MP3, FLAC, Ogg, M4A, AMR or WebM. ' +
            'More than two files, or a folder: a queue of calls, each file one two-channel call.',
        ),
        h(
          'div',
          { class: 'dropzone-actions' },
          openButton,
          folderButton,
          demoButton,
          queueButton,
          agentsButton,
        ),
      ),
      renderLiveEntry(host, prefs, scope, actions),
      folderCard,
      recentCard,
    ),
  );

  void host
    .recentFolders()
    .then((folders) => {
      if (scope.isClosed || folders.length === 0) return;
      folderCard.hidden = false;
      fillFolders(folderList, folderCard, folders, host, scope, actions);
    })
    .catch(() => undefined); // no recent folders to offer: the card stays hidden

  void host
    .recent()
    .then((recent) => {
      if (scope.isClosed) return;
      fillRecent(recentList, recent, host, scope, actions);
    })
    .catch(() => replace(recentList, h('li', { class: 'empty' }, 'Recent calls could not be read.')));
}

function fillRecent(
  list: HTMLElement,
  recent: RecentCall[],
  host: Host,
  scope: Scope,
  actions: StartActions,
): void {
  if (recent.length === 0) {
    replace(list, h('li', { class: 'empty' }, 'No recent calls yet. Open a recording or try the demo call.'));
    return;
  }
  replace(
    list,
    ...recent.map((call) =>
      recentItem(scope, {
        title: call.paths.join('\n'),
        key: null,
        name: call.name,
        meta:
          `${openedAgo(call.openedAt)}` +
          (call.agentSide === null ? '' : ` · agent on the ${sideName(call.agentSide, call.paths.length)}`) +
          (call.paths.length > 0 && call.paths[0] !== call.name ? ` · ${call.paths.join(', ')}` : ''),
        forgetLabel: `Remove ${call.name} from recent calls`,
        open: () => actions.openRecent(call.key),
        forget: () => host.forgetRecent(call.key),
        forgotten: () => {
          if (list.childElementCount === 0) fillRecent(list, [], host, scope, actions);
        },
      }),
    ),
  );
}

function fillFolders(
  list: HTMLElement,
  card: HTMLElement,
  folders: RecentFolder[],
  host: Host,
  scope: Scope,
  actions: StartActions,
): void {
  replace(
    list,
    ...folders.map((folder) =>
      recentItem(scope, {
        title: folder.path || folder.name,
        key: folder.key,
        name: `☰ ${folder.name}`,
        meta:
          `${folder.calls} call${folder.calls === 1 ? '' : 's'} · ${openedAgo(folder.openedAt)}` +
          (folder.path ? ` · ${folder.path}` : ''),
        forgetLabel: `Remove ${folder.name} from recent folders`,
        open: () => actions.openRecentFolder(folder.key),
        forget: () => host.forgetRecentFolder(folder.key),
        forgotten: () => {
          if (list.childElementCount === 0) card.hidden = true;
        },
      }),
    ),
  );
}

/** One recent call or folder: a button that opens it, and Remove (the row goes, then `forgotten`). */
function recentItem(
  scope: Scope,
  item: {
    title: string;
    /** The open button's `data-key` (null: none). */
    key: string | null;
    name: string;
    meta: string;
    forgetLabel: string;
    open(): void;
    forget(): Promise<void>;
    forgotten(): void;
  },
): HTMLElement {
  const open = h(
    'button',
    { class: 'recent-open', type: 'button', title: item.title, 'data-key': item.key },
    h('span', { class: 'recent-name' }, item.name),
    h('span', { class: 'recent-meta' }, item.meta),
  );
  const forget = h(
    'button',
    { class: 'btn ghost small', type: 'button', 'aria-label': item.forgetLabel },
    'Remove',
  );
  const li = h('li', { class: 'recent-item' }, open, forget);
  scope.listen(open, 'click', () => item.open());
  scope.listen(forget, 'click', () => {
    void item.forget().then(() => {
      li.remove();
      item.forgotten();
    });
  });
  return li;
}

export function sideName(side: 0 | 1, files: number): string {
  if (files === 2) return side === 0 ? 'first file' : 'second file';
  return side === 0 ? 'left channel' : 'right channel';
}

function openedAgo(iso: string): string {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return '';
  const minutes = Math.round((Date.now() - then) / 60_000);
  if (minutes < 1) return 'opened just now';
  if (minutes < 60) return `opened ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `opened ${hours} h ago`;
  return `opened ${new Date(then).toLocaleDateString()}`;
}
