/** The one rule that puts two mono files of a call agent first, by their names. */
import { describe, expect, it } from 'vitest';
import { callDisplayName, nameWords, orderAgentFirst, sideHint } from '../../src/ipc/file-pair.js';

const order = (a: string, b: string): { files: [string, string]; byName: boolean } =>
  orderAgentFirst(a, b, (name) => name);

describe('file pair', () => {
  it('reads the words of a name whatever the separators or case', () => {
    expect(nameWords('/calls/Call42_Agent-Side.WAV')).toEqual(['call', 'agent', 'side']);
    expect(nameWords('callCustomer.wav')).toEqual(['call', 'customer']);
    expect(nameWords('C:\\calls\\agent1.wav')).toEqual(['agent']);
  });

  it('hints a side only from whole words, and not when a name says both', () => {
    expect(sideHint('call7-agent.wav')).toBe('agent');
    expect(sideHint('call7_CUSTOMER.wav')).toBe('customer');
    expect(sideHint('caller.wav')).toBe('customer');
    expect(sideHint('report.wav')).toBeNull(); // "rep" is a word of its own, not a prefix
    expect(sideHint('agency.wav')).toBeNull();
    expect(sideHint('agent-and-customer.wav')).toBeNull();
    expect(sideHint('left.wav')).toBeNull();
  });

  it('puts the agent first when either name says so', () => {
    expect(order('customer.wav', 'agent.wav')).toEqual({
      files: ['agent.wav', 'customer.wav'],
      byName: true,
    });
    expect(order('agent.wav', 'customer.wav')).toEqual({
      files: ['agent.wav', 'customer.wav'],
      byName: true,
    });
    expect(order('b.wav', 'a-agent.wav')).toEqual({ files: ['a-agent.wav', 'b.wav'], byName: true });
    expect(order('client.wav', 'other.wav')).toEqual({ files: ['other.wav', 'client.wav'], byName: true });
    expect(order('operator.wav', 'x.wav')).toEqual({ files: ['operator.wav', 'x.wav'], byName: true });
  });

  it('keeps the chosen order when the names say nothing or contradict each other', () => {
    expect(order('left.wav', 'right.wav')).toEqual({ files: ['left.wav', 'right.wav'], byName: false });
    expect(order('agent-a.wav', 'agent-b.wav')).toEqual({
      files: ['agent-a.wav', 'agent-b.wav'],
      byName: false,
    });
    expect(order('customer1.wav', 'customer2.wav')).toEqual({
      files: ['customer1.wav', 'customer2.wav'],
      byName: false,
    });
  });

  it('names a call by its files', () => {
    expect(callDisplayName(['/a/agent.wav', '/a/customer.wav'])).toBe('agent.wav + customer.wav');
    expect(callDisplayName(['call.wav'])).toBe('call.wav');
  });
});
