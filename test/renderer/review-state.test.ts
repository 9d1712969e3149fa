/**
 * The review's one owner of state (renderer/review/review-state.ts), on the three-peak call of
 * make-report.ts: what each kind of change tells its subscribers, the one event id, the selection carried
 * across a correction, the edits kept, and subscriptions ended with their owner.
 */
import { describe, expect, it } from 'vitest';
import { Owner } from '../../renderer/owner.js';
import { ReviewState, type ReviewAspect } from '../../renderer/review/review-state.js';
import { emptyEdits, markWrong, addNote, addMissed, type CoachEdits } from '../../src/report/coach.js';
import { threePeakCall } from '../report/make-report.js';

const AT = '2026-12-01T09:00:00.000Z';

/** A state of the three-peak call, the edits it saved, and what its subscribers heard. */
function setup(edits: CoachEdits = emptyEdits()) {
  const saved: CoachEdits[] = [];
  const state = new ReviewState(threePeakCall(), edits, (e) => (saved.push(e), true));
  const heard: ReviewAspect[] = [];
  const owner = new Owner();
  for (const aspect of ['report', 'notes', 'selection', 'playhead'] as const) {
    state.subscribe([aspect], () => heard.push(aspect), owner);
  }
  return { state, saved, heard, owner };
}

describe('ReviewState', () => {
  it('names each event by one id (eventId of the report on show) for the list, the events and the scorecard', () => {
    const { state } = setup();
    // e2: the talk-over at 12-13 s inside P1 (e1)
    expect(state.entry('e2')).toMatchObject({ kind: 'interruptionAtPeak', start: 12 });
    expect(state.event('e2')).toMatchObject({ type: 'interruption', start: 12, end: 13 });
    expect(state.idOf({ type: 'interruption', start: 12, end: 13 })).toBe('e2');
    expect(state.scorecard.peaks.map((p) => p.id)).toEqual(['e1', 'e4', 'e7']);
    expect(state.entry('e99')).toBeNull();
  });

  it('a correction recomputes the report and tells report, and the selection follows its event', () => {
    const { state, saved, heard } = setup();
    state.select('e7'); // P3, 32-40 s
    heard.length = 0;
    const talkOver = { type: 'interruption', start: 12, end: 13 } as const;
    expect(state.edit((e) => markWrong(e, talkOver, 'otherKind', AT))).toEqual({ saved: true });
    expect(heard).toEqual(['report', 'selection']);
    expect(saved).toHaveLength(1);
    expect(state.report.summary.interruptionsAtPeak).toBe(0);
    expect(state.report.coach?.corrected).toBe(true);
    // P3 is now the 7th event of the corrected report (one event before it left): the same peak, selected
    expect(state.selectedId).toBe('e6');
    expect(state.event('e6')).toMatchObject({ type: 'customerPeak', start: 32 });
    // the talk-over is listed struck, as the analysis listed it (its own id there: e2)
    expect(state.removed.map((r) => [r.entry.id, r.removal.why])).toEqual([
      ['e2', { kind: 'wrong', reason: 'otherKind' }],
    ]);
    expect(state.original.events).toHaveLength(11);
  });

  it('clears the selection when its event is corrected away', () => {
    const { state, heard } = setup();
    state.select('e2');
    heard.length = 0;
    state.edit((e) => markWrong(e, { type: 'interruption', start: 12, end: 13 }, 'notThatParty', AT));
    expect(state.selected).toBeNull();
    expect(heard).toEqual(['report', 'selection']);
  });

  it('a note tells notes only: the events, scorecard and selection stay as they are', () => {
    const { state, heard } = setup();
    state.select('e4');
    const events = state.report.events;
    const scorecard = state.scorecard;
    heard.length = 0;
    state.edit((e) => addNote(e, { atSec: 20, event: null, text: 'good pause', at: AT }));
    expect(heard).toEqual(['notes']);
    expect(state.report.events).toBe(events);
    expect(state.scorecard).toBe(scorecard);
    expect(state.report.coach?.notes.map((n) => n.text)).toEqual(['good pause']);
    expect(state.selectedId).toBe('e4');
  });

  it('marks the events the coach added; a mistake in an edit changes nothing and says why', () => {
    const { state, heard, saved } = setup();
    state.edit((e) => addMissed(e, 'interruption', 22, 23, AT));
    const id = state.idOf({ type: 'interruption', start: 22, end: 23 });
    expect(id).not.toBeNull();
    expect(state.isAdded(id as string)).toBe(true);
    expect(state.isAdded('e1')).toBe(false);
    heard.length = 0;
    const result = state.edit((e) => addMissed(e, 'interruption', 5, 5, AT));
    expect(result).toEqual({ error: 'a missed detection needs two different times, got 5 and 5' });
    expect(heard).toEqual([]);
    expect(saved).toHaveLength(1);
  });

  it('tells selection and playhead only when they change, and no one after the owner closes', () => {
    const { state, heard, owner } = setup();
    state.select('e1');
    state.select('e1');
    state.select('nope'); // not an event of the report: nothing selected
    state.setPlayhead(3);
    state.setPlayhead(3);
    expect(heard).toEqual(['selection', 'selection', 'playhead']);
    expect(state.selected).toBeNull();
    owner.close();
    state.setPlayhead(4);
    state.select('e1');
    expect(heard).toHaveLength(3);
  });
});
