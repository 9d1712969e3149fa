/**
 * The coach's card under the timeline: notes pinned to the selected event or to the playhead (add, edit,
 * delete), a detection the analysis missed added from a span (start and end prefilled around the
 * playhead, and a type), and the list of corrections made, each with its undo. Every change goes through
 * `CoachActions` (the review's state keeps the edits); the notes are drawn again when the notes change,
 * the corrections when the report does, where a new note goes as the selection and the playhead move.
 *
 * Class names, for styles.css: `.coach` (the card), `.coach-section`, `.coach-form` (a wrapping row of
 * fields), `.coach-list` (notes, corrections), `.coach-note-text`, `.coach-error`.
 */
import { DETECTION_TYPES, MAX_NOTE_CHARS, refOf, WRONG_REASONS } from '../../src/report/coach.js';
import { roundTo } from '../../src/report/format.js';
import { PALETTE } from '../../src/report/palette.js';
import { peakName } from '../../src/report/review-words.js';
import type { CoachNote, DetectionType, EventRef } from '../../src/report/schema.js';
import { formatTime } from '../../src/report/timeline-data.js';
import { h, replace } from '../dom.js';
import type { ReviewState } from '../review/review-state.js';
import type { Scope } from '../scope.js';
import { redrawn } from './redrawn.js';

/** What a coach can change; each call changes the review's state, and what shows it follows. */
export interface CoachActions {
  markWrong(event: EventRef, reason: keyof typeof WRONG_REASONS): void;
  restore(event: EventRef): void;
  addMissed(type: DetectionType, start: number, end: number): void;
  removeMissed(event: EventRef): void;
  addNote(note: Omit<CoachNote, 'at'>): void;
  editNote(index: number, text: string): void;
  deleteNote(index: number): void;
}

/** Where a new note goes: the selected event, or the playhead. */
export interface NotePin {
  atSec: number;
  event: EventRef | null;
  /** "the selected event: P1 · Interruption at a peak", "the playhead". */
  words: string;
}

/** The span a missed detection is prefilled with: the playhead ± this, s. */
export const MISSED_SPAN_SEC = 2;

export interface CoachPanel {
  readonly element: HTMLElement;
  /** Brings note `index` (in the edits) into view and focuses it (a note's mark was clicked). */
  focusNote(index: number): void;
}

const DETECTION_ORDER: DetectionType[] = [
  'customerPeak',
  'interruption',
  'raisedVoice',
  'backchannel',
  'response',
];
const span = (start: number, end: number): string => `${formatTime(start)}–${formatTime(end)}`;
const sec = (x: number): string => String(roundTo(x, 1));

/** Where a new note goes: the selected event, or the playhead (review-state.ts). */
function pinOf(state: ReviewState): NotePin {
  const selected = state.selected;
  const event = selected === null ? null : state.event(selected.id);
  if (selected !== null && event !== null) {
    const peak = state.scorecard.peaks.find((p) => p.id === selected.id || p.id === selected.relatedId);
    const name = peak ? `${peakName(peak)} · ` : '';
    return {
      atSec: event.start,
      event: refOf(event),
      words: `the selected event: ${name}${selected.title} at ${formatTime(event.start)}`,
    };
  }
  return { atSec: state.playhead, event: null, words: `the playhead, ${formatTime(state.playhead)}` };
}

export function renderCoachPanel(
  state: ReviewState,
  scope: Scope,
  actions: CoachActions,
  playAt: (tSec: number) => void,
): CoachPanel {
  const durationSec = state.report.source.durationSec;
  let noteItems = new Map<number, HTMLElement>();

  // notes: the form, then the list in time order (indices are the edits' own)
  const text = h('textarea', {
    id: 'note-text',
    class: 'coach-note-input',
    rows: 2,
    maxlength: MAX_NOTE_CHARS,
    placeholder: 'What the agent should hear about this moment',
  });
  const pinned = h('span', { class: 'muted', id: 'note-pin' });
  const addNote = h('button', { class: 'btn small primary', type: 'button', id: 'add-note' }, 'Add note');
  const noteError = h('span', { class: 'coach-error', role: 'alert' });
  const showPin = (): void => {
    pinned.textContent = `Pinned to ${pinOf(state).words}`;
  };
  scope.listen(addNote, 'click', () => {
    if (text.value.trim() === '') {
      noteError.textContent = 'Write the note first.';
      text.focus();
      return;
    }
    const { atSec, event } = pinOf(state);
    noteError.textContent = '';
    const before = state.edits.notes.length;
    actions.addNote({ atSec, event, text: text.value });
    if (state.edits.notes.length > before) text.value = '';
  });
  const notesTitle = (): string => ` Notes (${state.edits.notes.length})`;
  const title = h('span', {}, notesTitle());
  const notesList = redrawn(state, ['notes'], scope, (listScope) => {
    title.textContent = notesTitle();
    const { notes } = state.edits;
    const order = notes.map((_, i) => i).sort((a, b) => (notes[a]?.atSec ?? 0) - (notes[b]?.atSec ?? 0));
    const list = h('ul', { class: 'coach-list', id: 'notes-list', 'aria-label': 'Notes' });
    if (order.length === 0) list.append(h('li', { class: 'muted' }, 'No notes yet.'));
    noteItems = new Map();
    for (const index of order) {
      const note = notes[index];
      if (note) {
        const item = noteItem(note, index, listScope, actions, playAt);
        noteItems.set(index, item);
        list.append(item);
      }
    }
    return list;
  });

  const notes = h(
    'div',
    { class: 'coach-section' },
    h('h3', {}, h('span', { class: 'coach-tag', 'aria-hidden': 'true' }, PALETTE.note.glyph), title),
    h('label', { for: 'note-text', class: 'visually-hidden' }, 'Note'),
    text,
    h('div', { class: 'coach-form' }, addNote, pinned, noteError),
    notesList,
  );

  const element = h(
    'section',
    { class: 'card coach', id: 'coach', 'aria-labelledby': 'coach-title' },
    h('h2', { id: 'coach-title' }, 'Coach’s notes and corrections'),
    notes,
    renderMissedForm(durationSec, scope, actions, () => state.playhead),
    redrawn(state, ['report'], scope, (own) => renderCorrections(state, own, actions)),
  );
  state.subscribe(['selection', 'playhead'], showPin, scope);
  showPin();
  return {
    element,
    focusNote(index) {
      const item = noteItems.get(index);
      if (!item) return;
      item.scrollIntoView({ block: 'nearest' });
      item.querySelector<HTMLElement>('.coach-note-time')?.focus({ preventScroll: true });
    },
  };
}

function noteItem(
  note: CoachNote,
  index: number,
  scope: Scope,
  actions: CoachActions,
  playAt: (tSec: number) => void,
): HTMLElement {
  const time = h(
    'button',
    {
      class: 'btn small ghost coach-note-time num',
      type: 'button',
      title: 'Play from just before this moment',
    },
    formatTime(note.atSec),
  );
  scope.listen(time, 'click', () => playAt(note.atSec));
  const body = h('span', { class: 'coach-note-text' }, note.text);
  const about = note.event
    ? h(
        'span',
        { class: 'muted' },
        ` (about the ${DETECTION_TYPES[note.event.type]} at ${formatTime(note.event.start)})`,
      )
    : null;
  const edit = h('button', { class: 'btn small', type: 'button', 'data-action': 'edit' }, 'Edit');
  const remove = h('button', { class: 'btn small', type: 'button', 'data-action': 'delete' }, 'Delete');
  const item = h(
    'li',
    { class: 'coach-note', 'data-note': index },
    time,
    h('span', {}, body, about),
    edit,
    remove,
  );
  scope.listen(remove, 'click', () => actions.deleteNote(index));
  scope.listen(edit, 'click', () => {
    const input = h('textarea', {
      class: 'coach-note-input',
      rows: 2,
      maxlength: MAX_NOTE_CHARS,
      'aria-label': 'Note',
    });
    input.value = note.text;
    const save = h('button', { class: 'btn small primary', type: 'button', 'data-action': 'save' }, 'Save');
    const cancel = h('button', { class: 'btn small', type: 'button' }, 'Cancel');
    scope.listen(save, 'click', () => actions.editNote(index, input.value));
    scope.listen(cancel, 'click', () => {
      replace(item, time, h('span', {}, body, about), edit, remove);
      edit.focus();
    });
    replace(item, time, input, save, cancel);
    input.focus();
  });
  return item;
}

/** "Add missed…": a type, and a span prefilled around the playhead when the form opens. */
function renderMissedForm(
  durationSec: number,
  scope: Scope,
  actions: CoachActions,
  playheadSec: () => number,
): HTMLElement {
  const type = h('select', { id: 'missed-type' });
  for (const t of DETECTION_ORDER) type.append(h('option', { value: t }, DETECTION_TYPES[t]));
  const field = (id: string) =>
    h('input', { id, type: 'number', min: 0, max: sec(durationSec), step: 0.1, class: 'coach-time' });
  const start = field('missed-start');
  const end = field('missed-end');
  const add = h('button', { class: 'btn small primary', type: 'button', id: 'missed-add' }, 'Add');
  const error = h('span', { class: 'coach-error', role: 'alert' });
  const form = h(
    'div',
    { class: 'coach-form', id: 'missed-form', hidden: true },
    h('label', { for: 'missed-type' }, 'Type '),
    type,
    h('label', { for: 'missed-start' }, 'From (s) '),
    start,
    h('label', { for: 'missed-end' }, 'to (s) '),
    end,
    add,
    error,
  );
  const open = h(
    'button',
    {
      class: 'btn small',
      type: 'button',
      id: 'add-missed',
      'aria-expanded': 'false',
      'aria-controls': 'missed-form',
    },
    'Add missed…',
  );
  scope.listen(open, 'click', () => {
    form.hidden = !form.hidden;
    open.setAttribute('aria-expanded', form.hidden ? 'false' : 'true');
    if (form.hidden) return;
    const t = playheadSec();
    start.value = sec(Math.max(0, t - MISSED_SPAN_SEC));
    end.value = sec(Math.min(durationSec, t + MISSED_SPAN_SEC));
    type.focus();
  });
  scope.listen(add, 'click', () => {
    const from = Number(start.value);
    const to = Number(end.value);
    const inCall = (x: number) => start.value !== '' && Number.isFinite(x) && x >= 0 && x <= durationSec;
    if (!inCall(from) || !inCall(to) || end.value === '' || Math.abs(to - from) < 0.05) {
      error.textContent = `Give two different times between 0 and ${sec(durationSec)} s.`;
      return;
    }
    error.textContent = '';
    actions.addMissed(type.value as DetectionType, from, to);
    // added: the form closes, as it opened (the focus goes back to its button)
    form.hidden = true;
    open.setAttribute('aria-expanded', 'false');
  });
  return h(
    'div',
    { class: 'coach-section' },
    h('h3', {}, 'A detection the analysis missed'),
    h(
      'div',
      { class: 'coach-form' },
      open,
      h('span', { class: 'muted' }, 'the span is the playhead ± 2 s to start with'),
    ),
    form,
  );
}

/** Every correction, with its undo: a detection marked wrong is restored, an added one removed. */
function renderCorrections(state: ReviewState, scope: Scope, actions: CoachActions): HTMLElement {
  const { edits } = state;
  const list = h('ul', { class: 'coach-list', id: 'corrections-list', 'aria-label': 'Corrections' });
  if (edits.corrections.length === 0) {
    list.append(h('li', { class: 'muted' }, 'None: the scorecard is the analysis’s own.'));
  }
  for (const c of edits.corrections) {
    const ref = c.kind === 'wrong' ? c.event : { type: c.type, start: c.start, end: c.end };
    const undo = h(
      'button',
      { class: 'btn small', type: 'button', 'data-action': c.kind === 'wrong' ? 'restore' : 'remove' },
      c.kind === 'wrong' ? 'Restore' : 'Remove',
    );
    scope.listen(undo, 'click', () =>
      c.kind === 'wrong' ? actions.restore(ref) : actions.removeMissed(ref),
    );
    list.append(
      h(
        'li',
        { class: `coach-correction ${c.kind}` },
        h(
          'span',
          {},
          c.kind === 'wrong'
            ? `✗ Marked wrong: ${DETECTION_TYPES[ref.type]} at ${span(ref.start, ref.end)} (${WRONG_REASONS[c.reason]})`
            : `+ Added: ${DETECTION_TYPES[ref.type]} at ${span(ref.start, ref.end)}`,
        ),
        undo,
      ),
    );
  }
  return h('div', { class: 'coach-section' }, h('h3', {}, `Corrections (${edits.corrections.length})`), list);
}
