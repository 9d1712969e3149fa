/** The recent calls and remembered agent sides, in a JSON file written through an injected file system. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_RECENT_CALLS,
  MAX_REMEMBERED_SIDES,
  RecentStore,
  type StoreFs,
} from '../../electron/recent-store.js';

/** A file system in memory, counting writes. */
function memoryFs(
  initial: Record<string, string> = {},
): StoreFs & { files: Map<string, string>; writes: number } {
  const files = new Map(Object.entries(initial));
  return {
    files,
    writes: 0,
    read: async (path) => files.get(path) ?? null,
    async write(path, text) {
      this.writes += 1;
      files.set(path, text);
    },
  };
}

/** A clock that moves one second per reading. */
function clock(): () => Date {
  let t = Date.UTC(2026, 0, 1);
  return () => new Date((t += 1000));
}

const FILE = '/data/recent-calls.json';
const call = (n: number): { key: string; name: string; paths: string[] } => ({
  key: `/calls/${n}.wav`,
  name: `${n}.wav`,
  paths: [`/calls/${n}.wav`],
});

describe('RecentStore', () => {
  it('lists the newest first, moves a reopened call to the top, keeps 10', async () => {
    const fs = memoryFs();
    const store = new RecentStore(FILE, fs, clock());
    for (let n = 1; n <= 12; n++) await store.add(call(n));
    await store.add(call(5));
    const list = await store.list();
    expect(list.map((r) => r.name)).toEqual([
      '5.wav',
      '12.wav',
      '11.wav',
      '10.wav',
      '9.wav',
      '8.wav',
      '7.wav',
      '6.wav',
      '4.wav',
      '3.wav',
    ]);
    expect(list).toHaveLength(MAX_RECENT_CALLS);
    expect(list[0]).toEqual({ ...call(5), openedAt: '2026-01-01T00:00:13.000Z', agentSide: null });

    // what was written is what a new store (the next start of the app) reads
    const again = new RecentStore(FILE, fs, clock());
    expect(await again.list()).toEqual(list);
  });

  it('forgets a call and its side; remembers sides per key, also off the list', async () => {
    const fs = memoryFs();
    const store = new RecentStore(FILE, fs, clock());
    await store.add(call(1));
    await store.add(call(2));
    await store.setAgentSide(call(1).key, 1);
    await store.setAgentSide('/calls/never-listed.wav', 0);
    expect((await store.get(call(1).key))?.agentSide).toBe(1);
    expect(await store.agentSide('/calls/never-listed.wav')).toBe(0);
    expect(await store.agentSide('/calls/unknown.wav')).toBeNull();

    await store.forget(call(1).key);
    expect((await store.list()).map((r) => r.key)).toEqual([call(2).key]);
    expect(await store.agentSide(call(1).key)).toBeNull();
    expect(await new RecentStore(FILE, fs).agentSide('/calls/never-listed.wav')).toBe(0);
  });

  it('keeps the most recently set sides beyond the cap, and __proto__ is just a key', async () => {
    const store = new RecentStore(FILE, memoryFs(), clock());
    for (let n = 0; n <= MAX_REMEMBERED_SIDES; n++) await store.setAgentSide(`/k/${n}`, 1);
    expect(await store.agentSide('/k/0')).toBeNull();
    expect(await store.agentSide('/k/1')).toBe(1);
    expect(await store.agentSide(`/k/${MAX_REMEMBERED_SIDES}`)).toBe(1);
    await store.setAgentSide('__proto__', 0);
    expect(await store.agentSide('__proto__')).toBe(0);
    expect(await store.agentSide('toString')).toBeNull();
  });

  it('starts empty from a missing, broken or foreign file, keeping what is valid', async () => {
    expect(await new RecentStore(FILE, memoryFs()).list()).toEqual([]);
    expect(await new RecentStore(FILE, memoryFs({ [FILE]: '{ not json' })).list()).toEqual([]);
    const mixed = JSON.stringify({
      version: 1,
      recent: [
        { key: 'a', name: 'a.wav', paths: ['/a.wav'], openedAt: '2026-01-01T00:00:00.000Z' },
        { key: 'b', name: 'b.wav', paths: [3], openedAt: '2026-01-01T00:00:00.000Z' },
        'junk',
      ],
      sides: { a: { side: 1, at: '2026-01-01T00:00:00.000Z' }, b: { side: 7, at: 'x' }, c: null },
    });
    expect(await new RecentStore(FILE, memoryFs({ [FILE]: mixed })).list()).toEqual([
      { key: 'a', name: 'a.wav', paths: ['/a.wav'], openedAt: '2026-01-01T00:00:00.000Z', agentSide: 1 },
    ]);
  });

  it('writes a real file atomically into a folder it creates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softspoken-recent-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'user-data', 'recent-calls.json');
    const store = new RecentStore(file);
    await Promise.all([store.add(call(1)), store.add(call(2)), store.setAgentSide(call(1).key, 1)]);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { recent: { key: string }[]; sides: object };
    expect(written.recent.map((r) => r.key)).toEqual([call(2).key, call(1).key]);
    expect(written.sides).toHaveProperty([call(1).key, 'side'], 1);
    expect(await new RecentStore(file).list()).toHaveLength(2);
  });
});
