/**
 * What the live screens remember in this browser or app window (localStorage): the agent's name, the last
 * devices chosen, and the cut-off sessions the agent dismissed (the controller keeps offering a session
 * until it is opened). Nothing else: sound is off at every call's start, as agents expect of a new call.
 * A storage that refuses (private mode, a full quota) only means nothing is remembered.
 */

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEYS = {
  agent: 'softspoken.live.agent',
  devices: 'softspoken.live.devices',
  dismissed: 'softspoken.live.dismissed',
} as const;
/** Dismissed session ids kept, at most (the oldest are forgotten). */
const MAX_DISMISSED = 50;
const MAX_NAME_CHARS = 100;

export class LivePrefs {
  constructor(private readonly storage: StorageLike | null) {}

  private read(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: string): void {
    try {
      this.storage?.setItem(key, value);
    } catch {
      // not remembered: fine
    }
  }

  get agent(): string {
    return (this.read(KEYS.agent) ?? '').slice(0, MAX_NAME_CHARS);
  }

  set agent(name: string) {
    this.write(KEYS.agent, name.trim().slice(0, MAX_NAME_CHARS));
  }

  get devices(): { agent: string | null; call: string | null } {
    try {
      const value = JSON.parse(this.read(KEYS.devices) ?? 'null') as {
        agent?: unknown;
        call?: unknown;
      } | null;
      return {
        agent: typeof value?.agent === 'string' ? value.agent : null,
        call: typeof value?.call === 'string' ? value.call : null,
      };
    } catch {
      return { agent: null, call: null };
    }
  }

  rememberDevices(agent: string, call: string): void {
    this.write(KEYS.devices, JSON.stringify({ agent, call }));
  }

  get dismissed(): string[] {
    try {
      const value = JSON.parse(this.read(KEYS.dismissed) ?? '[]') as unknown;
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    } catch {
      return [];
    }
  }

  dismiss(sessionId: string): void {
    const kept = this.dismissed.filter((id) => id !== sessionId);
    this.write(KEYS.dismissed, JSON.stringify([...kept, sessionId].slice(-MAX_DISMISSED)));
  }
}

/** The page's localStorage, or null where it cannot be used. */
export function pageStorage(): StorageLike | null {
  try {
    return (globalThis as { localStorage?: StorageLike }).localStorage ?? null;
  } catch {
    return null;
  }
}
