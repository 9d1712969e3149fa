/** The queue table's rows as a coach reads them, for the queue's end-to-end suites. */
import type { Page } from 'playwright-core';

export interface QueueRowText {
  /** The call's name (without the flags after it). */
  name: string;
  state: string;
  status: string;
  score: string;
  problems: string;
  /** The row says the agent's side is an unsure guess. */
  sideUnsure: boolean;
}

export function queueRows(page: Page): Promise<QueueRowText[]> {
  return page.$$eval('#queue-table tbody tr', (trs) =>
    trs.map((tr) => {
      const cell = (k: string) => tr.querySelector(k)?.textContent?.trim() ?? '';
      return {
        name: tr.querySelector('.queue-name')?.firstChild?.textContent?.trim() ?? '',
        state: tr.getAttribute('data-state') ?? '',
        status: cell('.queue-status-text'),
        score: cell('.queue-score'),
        problems: cell('.queue-problems'),
        sideUnsure: tr.querySelector('.side-unsure-tag') !== null,
      };
    }),
  );
}
