/** Agents over time: names from file names, and each agent's weekly trend beside the team's median. */
import { describe, expect, it } from 'vitest';
import { agentFromFileName, agentTrends, weekOf, type AgentCall } from '../../src/report/agents.js';
import { onePeakCall } from './make-report.js';

const call = onePeakCall;

describe('agentFromFileName', () => {
  it('reads the agent from a file name by a pattern, any case, any folder or extension', () => {
    expect(agentFromFileName('/calls/anna_2026-11-03_1412.mp3', '{agent}_*')).toBe('anna');
    expect(agentFromFileName('C:\\calls\\Q4-Bob Smith-0042.WAV', 'Q4-{agent}-*')).toBe('Bob Smith');
    expect(agentFromFileName('call-0042.wav', '{agent}_*')).toBeNull();
    expect(agentFromFileName('anna_1.wav', 'no placeholder')).toBeNull();
  });
});

describe('agentTrends', () => {
  it('gives each agent a point per week and the team median of the same weeks', () => {
    const calls: AgentCall[] = [
      { agent: 'Anna', date: '2026-11-02T10:00:00Z', report: call(false) }, // Monday, week 2026-11-02
      { agent: 'Anna', date: '2026-11-04T10:00:00Z', report: call(true) },
      { agent: 'Anna', date: '2026-11-10T10:00:00Z', report: call(true) }, // week 2026-11-09
      { agent: 'Bob', date: '2026-11-03T10:00:00Z', report: call(false) },
      { agent: 'Carl', date: '2026-11-05T10:00:00Z', report: call(true) },
      { agent: 'Carl', date: 'not a date', report: call(false) },
    ];
    const trends = agentTrends(calls);
    expect(trends.map((t) => t.agent)).toEqual(['Anna', 'Bob', 'Carl']);
    const anna = trends[0];
    expect(anna?.points.map((p) => [p.week, p.calls, p.values.compliance])).toEqual([
      ['2026-11-02', 2, 0.5],
      ['2026-11-09', 1, 1],
    ]);
    expect(anna?.points[0]?.values).toMatchObject({ interruptionsAtPeak: 0.5, raisedVoiceSec: 1.5 });
    // week of 2026-11-02: Anna 0.5, Bob 0, Carl 1 -> the team's median 0.5; the next week only Anna
    expect(anna?.team.map((p) => p.values.compliance)).toEqual([0.5, 1]);
    expect(trends[1]?.points[0]?.values.medianWaitAfterPeakSec).toBe(0.4);
    expect(trends[2]?.points).toHaveLength(1); // the call without a readable date is left out
  });

  it('weeks start on Monday (UTC)', () => {
    expect(weekOf('2026-11-29T23:00:00Z')).toBe('2026-11-23'); // a Sunday
    expect(weekOf('2026-11-30T00:00:00Z')).toBe('2026-11-30');
    expect(weekOf('yesterday')).toBeNull();
  });
});
