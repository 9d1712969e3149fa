/**
 * The files of the open call, each behind a random token: `app://softspoken/call/<token>` serves the file
 * registered under `<token>` and nothing else, so the renderer can read exactly the files the user opened
 * (never a path it names itself). Opening a call revokes the tokens of the one before.
 */
import { randomBytes } from 'node:crypto';

/** 128 random bits as 32 lower-case hex digits. */
const TOKEN = /^[0-9a-f]{32}$/;

export const CALL_URL_PREFIX = 'app://softspoken/call/';

export function randomToken(): string {
  return randomBytes(16).toString('hex');
}

export class CallRegistry {
  private files = new Map<string, string>();

  constructor(private readonly newToken: () => string = randomToken) {}

  /** Makes `paths` the open call's files (revoking the previous call's); returns their URLs, in order. */
  open(paths: readonly string[]): string[] {
    const files = new Map<string, string>();
    const urls = paths.map((path) => {
      let token = this.newToken();
      while (files.has(token)) token = this.newToken();
      if (!TOKEN.test(token)) throw new RangeError(`call token must be 32 hex digits, got '${token}'`);
      files.set(token, path);
      return `${CALL_URL_PREFIX}${token}`;
    });
    this.files = files;
    return urls;
  }

  /** The file behind `token`, or null when the token is unknown, revoked or malformed. */
  pathFor(token: string): string | null {
    if (!TOKEN.test(token)) return null;
    return this.files.get(token) ?? null;
  }

  /** Revokes every token (the window closed). */
  clear(): void {
    this.files = new Map();
  }
}
