/**
 * The app's one owner of the agents' history: the pattern preference (localStorage), the history
 * (IndexedDB, opened on first use) and the recorder the controller calls where calls are analysed.
 */
import type { Report } from '../../src/report/schema.js';
import type { CallInput } from '../host/host.js';
import type { StorageLike } from '../live/live-prefs.js';
import { AgentPrefs, CallHistory } from './call-history.js';
import { indexedDbHistory } from './idb-history.js';
import { CallRecorder } from './recorder.js';

export class AppAgents {
  readonly prefs: AgentPrefs;
  readonly recorder: CallRecorder;
  private opened: Promise<CallHistory> | null = null;

  constructor(
    storage: StorageLike | null,
    private readonly factory: IDBFactory | undefined,
    /** The report a call is counted by (with the coach's corrections). */
    counted: (input: CallInput, report: Report) => Report = (_input, report) => report,
  ) {
    this.prefs = new AgentPrefs(storage);
    this.recorder = new CallRecorder(() => this.history(), counted);
  }

  /** The history, opened once (memory when IndexedDB cannot be). */
  history(): Promise<CallHistory> {
    this.opened ??= indexedDbHistory(this.factory).then((backend) => new CallHistory(backend, this.prefs));
    return this.opened;
  }
}
