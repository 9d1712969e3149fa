import { describe, expect, it } from 'vitest';
import {
  buildEventList,
  CHART_CHROME,
  contrastRatio,
  DEFAULT_EVENT_GROUPS,
  EVENT_GROUPS,
  eventAt,
  filterEvents,
  nextEvent,
  PALETTE,
  previousEvent,
  SEVERITY_STYLE,
  type EventEntry,
} from '../../src/report/presentation.js';
import { threePeakCall, unansweredCall } from './make-report.js';

const list = buildEventList(threePeakCall());
const ids = (entries: readonly (EventEntry | null)[]): (string | null)[] => entries.map((e) => e?.id ?? null);

describe('buildEventList', () => {
  it('lists every event in time order with its title, severity and group', () => {
    expect(list.map((e) => [e.id, e.start, e.title, e.severity, e.group])).toEqual([
      ['e0', 6, 'Reply', 'neutral', 'replies'],
      ['e1', 9, 'Customer peak: not complied', 'bad', 'peaks'],
      ['e2', 12, 'Interruption at a peak', 'bad', 'interruptions'],
      ['e3', 15, 'Replied too soon after a peak', 'bad', 'waits'],
      ['e4', 19, 'Customer peak: complied', 'ok', 'peaks'],
      ['e5', 21, 'Backchannel (not counted)', 'neutral', 'backchannels'],
      ['e6', 27, 'Waited for the pause', 'ok', 'waits'],
      ['e7', 32, 'Customer peak: not complied', 'bad', 'peaks'],
      ['e8', 40, 'Raised reply after a peak', 'bad', 'waits'],
      ['e9', 41.7, 'Raised voice', 'bad', 'raisedVoice'],
      ['e10', 47, 'Interruption', 'info', 'interruptions'],
    ]);
  });

  it('says how loud, how long and why in the detail line', () => {
    const detail = Object.fromEntries(list.map((e) => [e.id, e.detail]));
    expect(detail['e1']).toBe(
      '+9.5 dB above calm for 6.0 s; the agent talked over the customer during the peak; replied after 0.3 s, under the 1 s pause',
    );
    expect(detail['e3']).toBe('waited 0.3 s: too soon (1 s wanted)');
    expect(detail['e4']).toBe('+12.0 dB above calm for 8.0 s; waited 1.4 s, soft reply');
    expect(detail['e6']).toBe('waited 1.4 s (1 s wanted)');
    expect(detail['e8']).toBe('waited 1.7 s, raised reply (1 s wanted)');
    expect(detail['e9']).toBe("+7.0 dB above the agent's normal level for 2.3 s");
    expect(detail['e0']).toBe('after 0.4 s of silence');
  });

  it('links each wait to its peak and back', () => {
    const related = Object.fromEntries(list.map((e) => [e.id, e.relatedId]));
    expect(related).toMatchObject({
      e1: 'e3',
      e3: 'e1',
      e4: 'e6',
      e6: 'e4',
      e7: 'e8',
      e8: 'e7',
      e0: null,
      e2: null,
    });
  });

  it('gives every kind a palette role (a colour and a shape), but ordinary replies', () => {
    for (const e of list) {
      if (e.kind === 'reply') expect(e.role).toBeNull();
      else expect(e.role).not.toBeNull();
    }
    expect(list.find((e) => e.id === 'e3')?.role).toBe('gapBad');
    expect(list.find((e) => e.id === 'e6')?.role).toBe('gapOk');
  });

  it('shows a peak nobody replied to as its own state: no reply, neutral, with why', () => {
    const entries = buildEventList(unansweredCall());
    expect(entries.map((e) => [e.id, e.kind, e.title, e.severity, e.relatedId])).toEqual([
      ['e0', 'peak', 'Customer peak: complied', 'ok', 'e1'],
      ['e1', 'wait', 'Waited for the pause', 'ok', 'e0'],
      ['e2', 'peak', 'Customer peak: no reply', 'neutral', null],
      ['e3', 'reply', 'Reply', 'neutral', null],
      ['e4', 'peak', 'Customer peak: not complied', 'bad', 'e5'],
      ['e5', 'wait', 'Replied too soon after a peak', 'bad', 'e4'],
      ['e6', 'peak', 'Customer peak: no reply', 'neutral', null],
    ]);
    const detail = Object.fromEntries(entries.map((e) => [e.id, e.detail]));
    expect(detail['e2']).toBe(
      '+9.0 dB above calm for 5.0 s; no reply: the customer went on before the agent answered',
    );
    expect(detail['e6']).toBe('+8.0 dB above calm for 3.0 s; no reply: the call ended');
    expect(filterEvents(entries, ['peaks']).map((e) => e.id)).toEqual(['e0', 'e2', 'e4', 'e6']);
  });

  it('sorts entries that start together by end', () => {
    const report = threePeakCall();
    report.events.push({ type: 'raisedVoice', start: 12, end: 14.5, levelAboveNormalDb: 6.5 });
    const sorted = buildEventList(report).filter((e) => e.start === 12);
    expect(sorted.map((e) => [e.kind, e.end])).toEqual([
      ['interruptionAtPeak', 13],
      ['raisedVoice', 14.5],
    ]);
  });
});

describe('filterEvents', () => {
  it('keeps the enabled groups only, in order', () => {
    expect(ids(filterEvents(list, ['interruptions']))).toEqual(['e2', 'e10']);
    expect(ids(filterEvents(list, new Set(['peaks', 'waits'] as const)))).toEqual([
      'e1',
      'e3',
      'e4',
      'e6',
      'e7',
      'e8',
    ]);
    expect(filterEvents(list, [])).toEqual([]);
    expect(ids(filterEvents(list, DEFAULT_EVENT_GROUPS))).not.toContain('e0');
    expect(filterEvents(list, DEFAULT_EVENT_GROUPS)).toHaveLength(10);
    expect(EVENT_GROUPS.map((g) => g.group).sort()).toEqual(
      ['backchannels', 'interruptions', 'peaks', 'raisedVoice', 'replies', 'waits'].sort(),
    );
  });
});

describe('navigation', () => {
  it('nextEvent: strictly after the playhead; from an entry, the next one; null after the last', () => {
    expect(nextEvent(list, 0)?.id).toBe('e0');
    expect(nextEvent(list, 5.98)?.id).toBe('e0');
    expect(nextEvent(list, 5.995)?.id).toBe('e1'); // within SAME_TIME_SEC of e0: already at it
    expect(nextEvent(list, 6)?.id).toBe('e1'); // exactly at e0
    expect(nextEvent(list, 6.005)?.id).toBe('e1'); // a seek a hair past e0 is still "at" it
    expect(nextEvent(list, 10)?.id).toBe('e2');
    expect(nextEvent(list, 46.9)?.id).toBe('e10');
    expect(nextEvent(list, 47)).toBeNull();
    expect(nextEvent(list, 1000)).toBeNull();
    expect(nextEvent([], 0)).toBeNull();
  });

  it('previousEvent: like "previous track": the entry before when at or just after a start', () => {
    expect(previousEvent(list, 9)?.id).toBe('e0'); // exactly at e1
    expect(previousEvent(list, 9.5)?.id).toBe('e0'); // just after e1 started (within 1 s)
    expect(previousEvent(list, 10.5)?.id).toBe('e1'); // well into e1: back to its start
    expect(previousEvent(list, 6)).toBeNull(); // at the first entry
    expect(previousEvent(list, 0)).toBeNull();
    expect(previousEvent(list, 1000)?.id).toBe('e10');
    expect(previousEvent([], 10)).toBeNull();
    // Repeated presses from the last entry walk back one entry at a time.
    const visited: string[] = [];
    for (let e = previousEvent(list, 1000); e; e = previousEvent(list, e.start)) visited.push(e.id);
    expect(visited).toEqual([...list].reverse().map((e) => e.id));
  });

  it('entries starting together are one stop (the first of them)', () => {
    const report = threePeakCall();
    report.events.push({ type: 'raisedVoice', start: 12, end: 14.5, levelAboveNormalDb: 6.5 });
    const l = buildEventList(report);
    expect(nextEvent(l, 10)?.kind).toBe('interruptionAtPeak');
    expect(nextEvent(l, 12)?.id).toBe('e3');
    expect(previousEvent(l, 15)?.kind).toBe('interruptionAtPeak');
  });

  it('eventAt: the innermost entry containing the playhead, else the last one started', () => {
    expect(eventAt(list, 5)).toBeNull(); // before the first entry
    expect(eventAt(list, 6)?.id).toBe('e0');
    expect(eventAt(list, 12.5)?.id).toBe('e2'); // inside the interruption inside peak e1
    expect(eventAt(list, 14)?.id).toBe('e1'); // the interruption is over; still in the peak
    expect(eventAt(list, 15)?.id).toBe('e3'); // e1 ends and e3 starts: the later start
    expect(eventAt(list, 17)?.id).toBe('e3'); // between entries: the last one started
    expect(eventAt(list, 21.2)?.id).toBe('e5');
    expect(eventAt(list, 1000)?.id).toBe('e10');
    expect(eventAt([], 3)).toBeNull();
    const peaksOnly = filterEvents(list, ['peaks']);
    expect(eventAt(peaksOnly, 12.5)?.id).toBe('e1');
  });
});

describe('palette', () => {
  it('has accessible contrast on white: 3:1 for marks, 4.5:1 for text', () => {
    for (const [role, s] of Object.entries(PALETTE)) {
      expect(contrastRatio(s.color, CHART_CHROME.background), role).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(s.ink, CHART_CHROME.background), role).toBeGreaterThanOrEqual(4.5);
    }
    for (const [sev, s] of Object.entries(SEVERITY_STYLE)) {
      expect(contrastRatio(s.ink, '#FFFFFF'), sev).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(s.ink, s.background), sev).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
  });

  it('never relies on colour alone: marks that could be confused differ in shape and label', () => {
    const marks = [PALETTE.interruption, PALETTE.interruptionAtPeak, PALETTE.backchannel];
    expect(new Set(marks.map((s) => s.symbol)).size).toBe(3);
    expect(new Set(marks.map((s) => s.glyph)).size).toBe(3);
    expect(PALETTE.interruption.filled).not.toBe(PALETTE.interruptionAtPeak.filled);
    expect(PALETTE.gapOk.glyph).not.toBe(PALETTE.gapBad.glyph);
    expect(PALETTE.gapOk.pattern).not.toBe(PALETTE.gapBad.pattern);
    expect(PALETTE.peak.pattern).not.toBe(PALETTE.raisedVoice.pattern);
    const labels = Object.values(PALETTE).map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(Object.values(SEVERITY_STYLE).map((s) => s.glyph)).size).toBe(4);
  });
});
