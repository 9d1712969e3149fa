/**
 * Which of two mono files of a call is the agent's, from their names alone: the one rule the Electron main
 * process and the browser host both use. Portable: no Node, no DOM.
 */

/** Name words that mark the agent's side of a call. */
const AGENT_WORDS = new Set([
  'agent',
  'agt',
  'operator',
  'advisor',
  'adviser',
  'rep',
  'representative',
  'staff',
]);
/** Name words that mark the customer's side of a call. */
const CUSTOMER_WORDS = new Set(['customer', 'cust', 'client', 'caller', 'consumer']);

/**
 * The words of a file name, lower case, without its directory or extension: split at anything that is not a
 * letter and at lower-to-upper case changes (`call7_Agent.wav`, `callAgent.wav` and `agent-1.wav` all hold
 * the word `agent`).
 */
export function nameWords(fileName: string): string[] {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '');
  return stem
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
}

/** The side a file's name points to, or null when it names neither or both. */
export function sideHint(fileName: string): 'agent' | 'customer' | null {
  const words = nameWords(fileName);
  const agent = words.some((w) => AGENT_WORDS.has(w));
  const customer = words.some((w) => CUSTOMER_WORDS.has(w));
  if (agent === customer) return null;
  return agent ? 'agent' : 'customer';
}

export interface OrderedPair<T> {
  /** Agent first, when the names say so; otherwise as given. */
  files: [T, T];
  /** True when the names decided the order (and the user need not be asked). */
  byName: boolean;
}

/**
 * Two mono files of one call, agent first: the file whose name says "agent" (or whose partner's name says
 * "customer") goes first. When the names say nothing, or contradict each other, the order is kept as given.
 */
export function orderAgentFirst<T>(first: T, second: T, nameOf: (file: T) => string): OrderedPair<T> {
  const a = sideHint(nameOf(first));
  const b = sideHint(nameOf(second));
  if (a === b) return { files: [first, second], byName: false };
  if (a === 'agent' || b === 'customer') return { files: [first, second], byName: true };
  return { files: [second, first], byName: true };
}

/** A call's display name from its file names (agent first for two files). */
export function callDisplayName(fileNames: readonly string[]): string {
  return fileNames.map((n) => n.split(/[\\/]/).pop() ?? n).join(' + ');
}
