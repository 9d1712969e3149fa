import { describe, expect, it } from 'vitest';
import { buildEventList } from '../../src/report/event-list.js';
import { labelText, labelTrack, reportLabels } from '../../src/report/labels.js';
import { makeReport, threePeakCall } from './make-report.js';

/** A line of Audacity's label format: start, end (6 decimals), text; nothing else. */
const LABEL_LINE = /^\d+\.\d{6}\t\d+\.\d{6}\t[^\t\r\n]+$/;

describe('labelTrack (Audacity labels)', () => {
  it('has one label per event, in time order, in the event list’s words, peaks numbered P1, P2, …', () => {
    const report = threePeakCall();
    const text = labelTrack(report);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(report.events.length);
    for (const line of lines) expect(line).toMatch(LABEL_LINE);
    // the events as threePeakCall placed them (make-report.ts), peaks P1 9-15, P2 19-27, P3 32-40
    expect(lines).toEqual([
      '6.000000\t6.400000\tReply – after 0.4 s of silence',
      '9.000000\t15.000000\tP1 Customer peak: not complied – +9.5 dB above calm for 6.0 s; the agent talked over the customer during the peak; replied after 0.3 s, under the 1 s pause',
      '12.000000\t13.000000\tInterruption at a peak – the agent talked over the loud customer for 1.0 s',
      '15.000000\t15.300000\tP1 Replied too soon after a peak – waited 0.3 s: too soon (1 s wanted)',
      '19.000000\t27.000000\tP2 Customer peak: complied – +12.0 dB above calm for 8.0 s; waited 1.4 s, soft reply',
      '21.000000\t21.400000\tBackchannel (not counted) – a 0.4 s acknowledgement; the customer kept the floor',
      '27.000000\t28.400000\tP2 Waited for the pause – waited 1.4 s (1 s wanted)',
      '32.000000\t40.000000\tP3 Customer peak: not complied – +8.0 dB above calm for 8.0 s; the reply was louder than the agent’s normal voice',
      '40.000000\t41.700000\tP3 Raised reply after a peak – waited 1.7 s, raised reply (1 s wanted)',
      "41.700000\t44.000000\tRaised voice – +7.0 dB above the agent's normal level for 2.3 s",
      '47.000000\t49.000000\tInterruption – the agent talked over the customer for 2.0 s',
    ]);
  });

  it('uses the title and detail the app and the HTML report show', () => {
    const report = threePeakCall();
    const entries = buildEventList(report);
    reportLabels(report).forEach((label, i) => {
      const entry = entries[i];
      expect(label.text).toContain(`${entry?.title} – ${entry?.detail}`);
      expect([label.start, label.end]).toEqual([entry?.start, entry?.end]);
    });
  });

  it('writes an event of no length as a point label (start = end)', () => {
    const report = makeReport({
      durationSec: 10,
      agent: [[5, 7]],
      customer: [[2, 5]],
      events: [{ type: 'response', start: 5, end: 5, gapSec: 0, afterPeak: false }],
    });
    expect(labelTrack(report)).toBe('5.000000\t5.000000\tReply – after 0.0 s of silence\n');
  });

  it('an empty report is an empty track', () => {
    const report = makeReport({ durationSec: 10, agent: [], customer: [], events: [] });
    expect(labelTrack(report)).toBe('');
  });

  it('keeps tabs and line breaks out of a label’s text', () => {
    expect(labelText('P1\tpeak\r\nsecond line\u2028third  ')).toBe('P1 peak second line third');
  });
});
