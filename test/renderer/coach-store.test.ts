/** A call's coach edits are kept by the call's key, read back checked; bad or refused storage is no edits. */
import { describe, expect, it } from 'vitest';
import { coachKey, CoachStore } from '../../renderer/coach/coach-store.js';
import { emptyEdits, markWrong } from '../../src/report/coach.js';
import type { StorageLike } from '../../renderer/live/live-prefs.js';

function memory(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}
const EDITS = markWrong(
  emptyEdits(),
  { type: 'interruption', start: 5, end: 6 },
  'otherKind',
  '2026-11-27T18:00:00Z',
);

describe('CoachStore', () => {
  it('saves and loads a call’s edits by its key, apart from other calls', () => {
    const storage = memory();
    const store = new CoachStore(storage);
    expect(store.save('file:a.wav|1|2', EDITS)).toBe(true);
    expect(store.load('file:a.wav|1|2')).toEqual(EDITS);
    expect(store.load('file:b.wav|1|2')).toEqual(emptyEdits());
    expect([...storage.data.keys()]).toEqual([coachKey('file:a.wav|1|2')]);
  });

  it('reads bad data as no edits', () => {
    const storage = memory();
    const store = new CoachStore(storage);
    for (const text of ['{', '"x"', JSON.stringify({ schema: 'other' })]) {
      storage.data.set(coachKey('k'), text);
      expect(store.load('k')).toEqual(emptyEdits());
    }
  });

  it('a storage that refuses, or none, keeps nothing and throws nothing', () => {
    const refusing: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(new CoachStore(refusing).save('k', EDITS)).toBe(false);
    expect(new CoachStore(refusing).load('k')).toEqual(emptyEdits());
    expect(new CoachStore(null).save('k', EDITS)).toBe(false);
  });
});
