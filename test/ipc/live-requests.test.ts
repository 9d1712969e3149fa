/** Live requests from a page, rebuilt from the fields they may have or refused with a message. */
import { describe, expect, it } from 'vitest';
import {
  parseAction,
  parseSessionId,
  parseStartRequest,
  parseTestRequest,
} from '../../src/ipc/live-requests.js';

describe('live request checks', () => {
  it('takes a start request and drops what it does not know', () => {
    expect(
      parseStartRequest({ agentDevice: 'mic', callDevice: 'mon', record: false, agent: ' Sam ', extra: 1 }),
    ).toEqual({ agentDevice: 'mic', callDevice: 'mon', record: false, agent: 'Sam' });
    expect(parseStartRequest({ agentDevice: 'mic', callDevice: 'mon', record: true, agent: '  ' })).toEqual({
      agentDevice: 'mic',
      callDevice: 'mon',
      record: true,
    });
  });

  it('refuses a start without two different devices or a recording choice', () => {
    expect(() => parseStartRequest(null)).toThrow('must be an object');
    expect(() => parseStartRequest({ agentDevice: 'mic', callDevice: 'mic', record: false })).toThrow(
      'two different devices',
    );
    expect(() => parseStartRequest({ agentDevice: 'mic', callDevice: 'mon' })).toThrow('record');
    expect(() => parseStartRequest({ agentDevice: '', callDevice: 'mon', record: false })).toThrow(
      'agent device',
    );
    expect(() => parseStartRequest({ agentDevice: 'a\nb', callDevice: 'mon', record: false })).toThrow(
      'invalid',
    );
    expect(() =>
      parseStartRequest({ agentDevice: 'a', callDevice: 'b', record: false, agent: 'x'.repeat(101) }),
    ).toThrow('at most 100');
  });

  it('takes the five actions and nothing else', () => {
    expect(parseAction({ type: 'snooze', kind: 'x' })).toEqual({ type: 'snooze' });
    expect(parseAction({ type: 'mute', kind: 'talkingOver' })).toEqual({ type: 'mute', kind: 'talkingOver' });
    expect(parseAction({ type: 'wrongCue', id: 3 })).toEqual({ type: 'wrongCue', id: 3 });
    expect(() => parseAction({ type: 'wrongCue', id: 0 })).toThrow('whole number');
    expect(() => parseAction({ type: 'unmute', kind: 'toString' })).toThrow('unknown cue kind');
    expect(() => parseAction({ type: 'stop' })).toThrow('unknown action');
  });

  it('takes a device test of up to 10 s (3 s unless asked)', () => {
    expect(parseTestRequest({ device: 'mic' })).toEqual({ device: 'mic', seconds: 3 });
    expect(() => parseTestRequest({ device: 'mic', seconds: 11 })).toThrow('at most 10 s');
    expect(() => parseTestRequest({ device: 'mic', seconds: Number.NaN })).toThrow();
  });

  it('takes a session id that can name a file, alone or in a request', () => {
    expect(parseSessionId('2025-01-02T10-11-12-345Z-a1b2c3')).toBe('2025-01-02T10-11-12-345Z-a1b2c3');
    expect(parseSessionId({ sessionId: 'abc' })).toBe('abc');
    for (const bad of ['../x', 'a/b', '', '.hidden', 'x'.repeat(200), 5])
      expect(() => parseSessionId(bad)).toThrow('not a live session id');
  });
});
