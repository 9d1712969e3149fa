/**
 * The live commands' words: each command's own --help (exit 0), and the terminal's cue lines (a cue
 * printed once when shown; "taken back" only for one still showing; a warning with its call time).
 */
import { describe, expect, it } from 'vitest';
import type { LiveCue, LiveUpdate } from '../../../src/live/protocol.js';
import { cuePrinter, LIVE_COMMAND_HELP } from '../../../src/node/live/live-cli.js';
import { cli, expectBuilt } from '../../helpers/cli.js';
import { talkOverCue } from '../../helpers/live-cue.js';

describe('softspoken COMMAND --help', () => {
  it("prints the command's own help and exits 0, for every command", async () => {
    expectBuilt();
    for (const [command, help] of Object.entries(LIVE_COMMAND_HELP)) {
      for (const flag of ['--help', '-h']) {
        const run = await cli([command, flag]);
        expect(run.code, `${command} ${flag}: ${run.stderr}`).toBe(0);
        expect(run.stdout).toBe(`${help}\n`);
        expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: softspoken ${command}`));
      }
    }
    const settings = await cli(['settings', '--help']);
    expect(settings.code).toBe(0);
    expect(settings.stdout).toMatch(/^Usage: softspoken settings\n/);
    expect(settings.stdout).toContain('minPauseSec');
    const analyze = await cli(['analyze', '--help']);
    expect(analyze.code).toBe(0);
    expect(analyze.stdout).toContain('softspoken analyze CALL');
  }, 60_000);

  it('refuses what a command does not take', async () => {
    const settings = await cli(['settings', 'extra']);
    expect(settings.code).toBe(2);
    expect(settings.stderr).toMatch(/^softspoken: settings takes no arguments, not 'extra'/);
    const live = await cli(['live', 'call.wav']);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/^softspoken: live takes no file, not 'call\.wav'/);
  });
});

describe('the terminal cue lines', () => {
  const cue = (c: Partial<LiveCue>): LiveCue => talkOverCue({ atSec: 12.3, ...c });

  it('prints a cue once, a take-back only while it showed, and warnings with their time', () => {
    const lines: string[] = [];
    const print = cuePrinter((l) => lines.push(l));
    const send = (u: LiveUpdate): void => print(u);
    send({ type: 'cue', cue: cue({}) });
    send({ type: 'cue', cue: cue({}) }); // a talk-over joining it: the same cue again
    send({ type: 'cue', cue: cue({ outcome: 'withdrawn', endedSec: 13.8 }) });
    const venting = (c: Partial<LiveCue> = {}): LiveCue =>
      cue({
        id: 2,
        kind: 'customerVenting',
        atSec: 20,
        title: 'Let them vent',
        detail: 'wait',
        provisional: false,
        ...c,
      });
    send({ type: 'cue', cue: venting() });
    send({ type: 'cue', cue: venting({ outcome: 'cleared', endedSec: 21.5 }) });
    // taken back after it went: nothing changes on screen, nothing printed
    send({ type: 'cue', cue: venting({ outcome: 'withdrawn', endedSec: 21.5 }) });
    send({ type: 'tally', tally: { seconds: 64.2 } as never });
    send({ type: 'warning', message: 'cannot write the session journal j: the disk is full' });
    expect(lines).toEqual([
      '00:12.3  TALK-OVER  Let them finish: you are talking over the customer (checking)',
      '00:13.8             (taken back: not a talk-over after all)',
      '00:20.0  VENTING    Let them vent: wait',
      '01:04.2  WARNING    cannot write the session journal j: the disk is full',
    ]);
  });
});
