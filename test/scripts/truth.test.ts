import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clipDurationSec, loadClips, type Clip } from '../../scripts/scene/compose.js';
import { buildTruth, CallScript, r3, writeTruth } from '../../scripts/scene/truth.js';

const dur = (id: string): number => clipDurationSec(loadClips().find((c) => c.id === id) as Clip);
const LEVELS = { lineDb: -3, ventDb: 2, raisedDb: 6 };

describe('CallScript', () => {
  it('places turns one after another and writes down responses and raised voices', () => {
    const script = new CallScript(0.5, LEVELS)
      .agent(['a-kal16-calm-1'], 0)
      .customer(['c-slt-calm-1'], 0.7)
      .agent(['a-kal16-calm-1'], 0.9, 8);
    const customerStart = 0.5 + dur('a-kal16-calm-1') + 0.7;
    const customerEnd = customerStart + dur('c-slt-calm-1');
    expect(script.placements).toEqual([
      { party: 'agent', clip: 'a-kal16-calm-1', atSec: 0.5, gainDb: -3 },
      { party: 'customer', clip: 'c-slt-calm-1', atSec: customerStart, gainDb: -3 },
      { party: 'agent', clip: 'a-kal16-calm-1', atSec: customerEnd + 0.9, gainDb: 5 },
    ]);
    expect(script.events).toEqual([
      {
        type: 'response',
        start: r3(customerEnd),
        end: r3(customerEnd + 0.9),
        gapSec: r3(0.9),
        afterPeak: false,
      },
      {
        type: 'raisedVoice',
        start: r3(customerEnd + 0.9),
        end: r3(customerEnd + 0.9 + dur('a-kal16-calm-1')),
      },
    ]);
    expect(script.t).toBeCloseTo(customerEnd + 0.9 + dur('a-kal16-calm-1'), 9);
  });

  it('cuts the customer short where the agent interrupts, and writes down peak, backchannel and interruption', () => {
    const script = new CallScript(0, LEVELS).customer(['c-slt-angry-1', 'c-slt-calm-2'], 1, {
      angry: true,
      backchannel: { id: 'a-kal16-bc-1', afterSec: 0.5 },
      interrupt: { id: 'a-kal16-int-1', afterSec: 2, gainDb: 7 },
    });
    const [first, cut, backchannel, interrupt] = script.placements;
    expect(first).toEqual({ party: 'customer', clip: 'c-slt-angry-1', atSec: 1, gainDb: -1 });
    const cutAt = 1 + dur('c-slt-angry-1') + 0.25;
    expect(cut).toMatchObject({ party: 'customer', atSec: cutAt, gainDb: -1 });
    expect((cut?.clip as Clip).id).toBe('c-slt-calm-2-cut');
    expect((cut?.clip as Clip).samples.length).toBe(Math.round((3.5 - cutAt) * 16000));
    expect(backchannel).toEqual({ party: 'agent', clip: 'a-kal16-bc-1', atSec: 1.5, gainDb: -3 });
    expect(interrupt).toEqual({ party: 'agent', clip: 'a-kal16-int-1', atSec: 3, gainDb: 4 });
    expect(script.events.map((e) => e.type)).toEqual([
      'customerPeak',
      'backchannel',
      'interruption',
      'raisedVoice',
    ]);
    expect(script.events[0]).toEqual({ type: 'customerPeak', start: 1, end: 3.5 });
    expect(script.events[2]).toEqual({ type: 'interruption', start: 3, end: 3.5, atPeak: true });
    expect(script.t).toBe(3 + dur('a-kal16-int-1'));
  });
});

describe('truth files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'softspoken-truth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const truth = buildTruth(
    {
      file: 'call.wav',
      durationSec: 12.34567,
      agentChannel: 0,
      format: 'pcm16_8k',
      voices: { customer: 'slt', agent: 'kal16' },
    },
    { agent: [[0.12345, 1.98765]], customer: [] },
    [
      { type: 'response', start: 5, end: 6 },
      { type: 'customerPeak', start: 2, end: 4 },
    ],
  );

  it('rounds times to the millisecond and sorts the events by start', () => {
    expect(truth).toEqual({
      schema: 'softspoken.truth/1',
      file: 'call.wav',
      durationSec: 12.346,
      agentChannel: 0,
      format: 'pcm16_8k',
      voices: { customer: 'slt', agent: 'kal16' },
      speech: { agent: [[0.123, 1.988]], customer: [] },
      events: [
        { type: 'customerPeak', start: 2, end: 4 },
        { type: 'response', start: 5, end: 6 },
      ],
    });
  });

  it('writes JSON indented by one space, or formatted by Prettier', async () => {
    const plain = path.join(dir, 'plain.truth.json');
    await writeTruth(plain, truth);
    expect(readFileSync(plain, 'utf8')).toBe(JSON.stringify(truth, null, 1));
    const pretty = path.join(dir, 'pretty.truth.json');
    await writeTruth(pretty, truth, { prettier: true });
    const text = readFileSync(pretty, 'utf8');
    expect(JSON.parse(text)).toEqual(truth);
    expect(text).toContain('"voices": { "customer": "slt", "agent": "kal16" },\n');
  });
});
