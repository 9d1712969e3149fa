/** The source layer's user-facing errors. Portable. */

/** A problem with the input files, as one user-facing line: the CLI prints it, the app shows it. */
export class AudioInputError extends Error {
  override name = 'AudioInputError';
}

/** An error's message as one line, for the user. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}
