/**
 * The Electron host's queue requests over a fake bridge: the folder dialog's calls become CallInputs (one
 * part each, read from its app URL), a cancelled dialog is null, and dropped files go by their paths.
 */
import { describe, expect, it } from 'vitest';
import { createElectronHost } from '../../renderer/host/electron-host.js';
import type { IpcChannel, OpenedCall, SoftspokenBridge } from '../../src/ipc/contract.js';

const call = (name: string, side: 0 | 1 | null): OpenedCall => ({
  key: `/calls/${name}`,
  name,
  parts: [{ name, path: `/calls/${name}`, sizeBytes: 10, url: `app://softspoken/call/${name.length}` }],
  rememberedAgentSide: side,
});

function bridge(folder: OpenedCall[] | null): { bridge: SoftspokenBridge; sent: [IpcChannel, unknown][] } {
  const sent: [IpcChannel, unknown][] = [];
  return {
    sent,
    bridge: {
      invoke: async (channel, request) => {
        sent.push([channel, request]);
        if (channel === 'call:openFolder') return folder as never;
        if (channel === 'call:openMany') return [call('a.wav', null)] as never;
        throw new Error(`unexpected ${channel}`);
      },
      pathForFile: (file) => (file as { path?: string }).path ?? '',
      onLive: () => () => undefined,
    },
  };
}

describe('the Electron host’s queue', () => {
  it('turns the folder’s calls into inputs read from their app URLs', async () => {
    const { bridge: b, sent } = bridge([call('a.wav', null), call('b.mp3', 1)]);
    const calls = await createElectronHost(b).pickFolder();
    expect(sent).toEqual([['call:openFolder', null]]);
    expect(calls).toEqual([
      {
        key: '/calls/a.wav',
        name: 'a.wav',
        parts: [{ name: 'a.wav', sizeBytes: 10, url: 'app://softspoken/call/5' }],
        rememberedAgentSide: null,
      },
      {
        key: '/calls/b.mp3',
        name: 'b.mp3',
        parts: [{ name: 'b.mp3', sizeBytes: 10, url: 'app://softspoken/call/5' }],
        rememberedAgentSide: 1,
      },
    ]);
    expect(await createElectronHost(bridge(null).bridge).pickFolder()).toBeNull();
  });

  it('sends dropped files by their paths, leaving out what has none', async () => {
    const { bridge: b, sent } = bridge(null);
    const host = createElectronHost(b);
    const calls = await host.openMany([{ path: '/x/a.wav' }, { path: '' }, { path: '/x/b.wav' }] as never);
    expect(sent).toEqual([['call:openMany', { paths: ['/x/a.wav', '/x/b.wav'] }]]);
    expect(calls.map((c) => c.name)).toEqual(['a.wav']);
    await expect(host.openMany([{ path: '' }] as never)).rejects.toThrow(/not files on this computer/);
  });
});
