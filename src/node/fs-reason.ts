/**
 * Why a file-system call failed, in plain words, from its error code; null when `error` has no code we
 * know. Used by the CLI's file sources and by Electron's IPC error messages. Imports nothing, so the
 * sandboxed preload can bundle what uses it.
 */
export function fsReason(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS') return 'the disk is read-only';
  return null;
}
