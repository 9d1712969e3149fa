/**
 * A coach's edits as the app makes and keeps them: marking a detection wrong and restoring it, adding and
 * removing a missed one, notes added, edited and deleted, and edits read back from storage checked field
 * by field (what does not check is dropped, never trusted). Then what the exports carry of them: the
 * labels' "Note: text" lines and the HTML report's coach section.
 */
import { describe, expect, it } from 'vitest';
import {
  addedBy,
  addMissed,
  addNote,
  applyCoachEdits,
  COACH_SCHEMA,
  deleteNote,
  editNote,
  emptyEdits,
  isEmptyEdits,
  markWrong,
  parseCoachEdits,
  refOf,
  removeMissed,
  restoreEvent,
} from '../../src/report/coach.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { labelTrack } from '../../src/report/labels.js';
import type { EventRef, Report } from '../../src/report/schema.js';
import { makeReport, peak } from './make-report.js';

const AT = '2026-11-27T18:00:00.000Z';
const TALK_OVER: EventRef = { type: 'interruption', start: 5, end: 6 };

/** A 30 s call: a peak 2-8 talked over at 5-6, replied after 1.5 s. */
function call(): Report {
  return makeReport({
    durationSec: 30,
    agent: [
      [5, 6],
      [9.5, 12],
    ],
    customer: [[2, 8]],
    events: [
      peak(2, 8, 10),
      { type: 'interruption', start: 5, end: 6, atPeak: true },
      { type: 'response', start: 8, end: 9.5, gapSec: 1.5, afterPeak: true },
    ],
  });
}

describe('editing a call', () => {
  it('marks a detection wrong once (a second reason replaces the first) and restores it', () => {
    let edits = markWrong(emptyEdits(), TALK_OVER, 'otherKind', AT);
    edits = markWrong(edits, { ...TALK_OVER, start: 5.0004 }, 'notLoud', AT);
    expect(edits.corrections).toHaveLength(1);
    expect(edits.corrections[0]).toMatchObject({
      kind: 'wrong',
      event: { type: 'interruption' },
      reason: 'notLoud',
    });
    expect(applyCoachEdits(call(), edits).summary.interruptions).toBe(0);
    const restored = restoreEvent(edits, TALK_OVER);
    expect(restored.corrections).toEqual([]);
    expect(applyCoachEdits(call(), restored).summary.interruptions).toBe(1);
  });

  it('adds a missed detection from a span given either way round, and removes it', () => {
    const edits = addMissed(emptyEdits(), 'backchannel', 21.25, 20.5, AT);
    expect(edits.corrections).toEqual([
      { kind: 'missed', type: 'backchannel', start: 20.5, end: 21.25, at: AT },
    ]);
    const corrected = applyCoachEdits(call(), edits);
    const added = corrected.events.find((e) => e.type === 'backchannel');
    expect(added).toMatchObject({ start: 20.5, end: 21.25 });
    expect(addedBy(edits, added as never)).toBeDefined();
    expect(addedBy(edits, corrected.events[0] as never)).toBeUndefined();
    expect(removeMissed(edits, { type: 'backchannel', start: 20.5, end: 21.25 }).corrections).toEqual([]);
  });

  it('refuses a missed detection without a span', () => {
    expect(() => addMissed(emptyEdits(), 'interruption', 4, 4, AT)).toThrow(RangeError);
    expect(() => addMissed(emptyEdits(), 'interruption', -1, 4, AT)).toThrow(RangeError);
  });

  it('adds, edits and deletes notes; an empty note is refused, emptied text deletes', () => {
    expect(() => addNote(emptyEdits(), { atSec: 3, event: null, text: '  ', at: AT })).toThrow(RangeError);
    let edits = addNote(emptyEdits(), { atSec: 12.3456, event: null, text: '  calm here ', at: AT });
    edits = addNote(edits, { atSec: 5, event: TALK_OVER, text: 'not a talk-over', at: AT });
    expect(edits.notes.map((n) => [n.atSec, n.text])).toEqual([
      [12.346, 'calm here'],
      [5, 'not a talk-over'],
    ]);
    // the report carries them in time order
    expect(applyCoachEdits(call(), edits).coach?.notes.map((n) => n.atSec)).toEqual([5, 12.346]);
    edits = editNote(edits, 0, 'calm tone', AT);
    expect(edits.notes[0]?.text).toBe('calm tone');
    expect(editNote(edits, 0, ' ', AT).notes).toHaveLength(1);
    expect(deleteNote(edits, 1).notes.map((n) => n.text)).toEqual(['calm tone']);
    expect(isEmptyEdits(deleteNote(deleteNote(edits, 1), 0))).toBe(true);
  });
});

describe('parseCoachEdits: edits read back are checked', () => {
  const good = {
    schema: COACH_SCHEMA,
    agent: 'Sam',
    corrections: [
      { kind: 'wrong', event: TALK_OVER, reason: 'otherKind', at: AT },
      { kind: 'missed', type: 'raisedVoice', start: 1, end: 2, at: AT },
    ],
    notes: [{ atSec: 3, event: null, text: 'hi', at: AT }],
  };

  it('keeps a valid record as it is', () => {
    expect(parseCoachEdits(JSON.parse(JSON.stringify(good)))).toEqual(good);
  });

  it('refuses what is not a coach record', () => {
    for (const bad of [null, 3, 'x', [], {}, { ...good, schema: 'softspoken.coach/2' }]) {
      expect(parseCoachEdits(bad)).toBeNull();
    }
  });

  it('drops the corrections and notes that do not check, keeps the rest', () => {
    const parsed = parseCoachEdits({
      ...good,
      agent: 7,
      corrections: [
        ...good.corrections,
        { kind: 'wrong', event: TALK_OVER, reason: 'because', at: AT },
        { kind: 'wrong', event: { type: 'shout', start: 1, end: 2 }, reason: 'other', at: AT },
        { kind: 'missed', type: 'backchannel', start: -1, end: 2, at: AT },
        { kind: 'missed', type: 'backchannel', start: 1, end: Number.NaN, at: AT },
        'wrong',
      ],
      notes: 'not a list',
    });
    expect(parsed).toEqual({ ...good, agent: null, notes: [] });
  });
});

describe('the exports carry the coach’s record', () => {
  const edits = addNote(markWrong(emptyEdits(), TALK_OVER, 'otherKind', AT), {
    atSec: 9,
    event: null,
    text: 'Good pause <here>\tthen reply',
    at: AT,
  });
  const corrected = applyCoachEdits(call(), edits);

  it('labels: a point label "Note: text" per note, in time order among the events', () => {
    const lines = labelTrack(corrected).trim().split('\n');
    expect(lines).toHaveLength(corrected.events.length + 1);
    const at = lines.findIndex((l) => l.includes('Note:'));
    expect(lines[at]).toBe('9.000000\t9.000000\tNote: Good pause <here> then reply');
    const starts = lines.map((l) => Number(l.split('\t')[0]));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(labelTrack(call())).not.toContain('Note:');
  });

  it('HTML: "Corrected by coach", each correction with its reason, each note escaped', () => {
    const html = renderHtmlReport(corrected);
    expect(html).toContain('Corrected by coach');
    expect(html).toContain('Marked wrong: interruption at 0:05.0–0:06.0, another kind of event');
    expect(html).toContain('Good pause &lt;here&gt;');
    expect(html).not.toContain('<here>');
    const plain = renderHtmlReport(call());
    expect(plain).not.toContain('Corrected by coach');
    expect(plain).not.toContain('id="coach"');
  });

  it('refOf names an event the coach can mark', () => {
    const event = call().events[1];
    expect(event && refOf(event)).toEqual(TALK_OVER);
  });
});
