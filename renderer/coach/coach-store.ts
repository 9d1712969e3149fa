/**
 * A coach's edits of each call, remembered in this browser or app window (localStorage), by the call's
 * stable key (CallInput.key). Read back checked field by field (parseCoachEdits): anything unreadable is no
 * edits, never an error. A storage that refuses (private mode, a full quota) only means nothing is kept.
 */
import { emptyEdits, isEmptyEdits, parseCoachEdits, type CoachEdits } from '../../src/report/coach.js';
import type { StorageLike } from '../live/live-prefs.js';

/** The storage key of a call's edits. */
export const coachKey = (callKey: string): string => `softspoken.coach.${callKey}`;

export class CoachStore {
  constructor(private readonly storage: StorageLike | null) {}

  /** The call's edits as stored (to tell whether they changed), or null when none are. */
  text(callKey: string): string | null {
    try {
      return this.storage?.getItem(coachKey(callKey)) ?? null;
    } catch {
      return null;
    }
  }

  /** The call's edits, or none (nothing saved, or what was saved does not check). */
  load(callKey: string): CoachEdits {
    try {
      const text = this.storage?.getItem(coachKey(callKey)) ?? null;
      return (text === null ? null : parseCoachEdits(JSON.parse(text))) ?? emptyEdits();
    } catch {
      return emptyEdits();
    }
  }

  /** Saves the call's edits (no edits: an empty record, so a cleared call stays cleared). False if refused. */
  save(callKey: string, edits: CoachEdits): boolean {
    try {
      if (!this.storage) return false;
      this.storage.setItem(coachKey(callKey), JSON.stringify(isEmptyEdits(edits) ? emptyEdits() : edits));
      return true;
    } catch {
      return false;
    }
  }
}
