/**
 * The audio containers SoftSpoken reads, and how a file's type is found from its first bytes (never from its
 * name). Portable: the CLI, the app's worker and the Electron file dialogs share this list.
 */

/** A container/codec family the source layer can decode. */
export type AudioKind = 'wav' | 'mp3' | 'flac' | 'ogg-opus' | 'ogg-vorbis' | 'mp4' | 'amr' | 'webm';

/** What each kind is called in messages and the report's codec line. */
export const KIND_NAMES: Record<AudioKind, string> = {
  wav: 'WAV',
  mp3: 'MP3',
  flac: 'FLAC',
  'ogg-opus': 'Ogg Opus',
  'ogg-vorbis': 'Ogg Vorbis',
  mp4: 'M4A/AAC',
  amr: 'AMR',
  webm: 'WebM',
};

/**
 * File name extensions a folder scan and the file pickers offer (lower case, with the dot). A file's type is
 * still decided by its bytes: the extension only says which files in a folder to try.
 */
export const AUDIO_EXTENSIONS: readonly string[] = [
  '.wav',
  '.wave',
  '.bwf',
  '.rf64',
  '.mp3',
  '.flac',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.mp4',
  '.aac',
  '.amr',
  '.awb',
  '.webm',
  '.weba',
];

/** True when `fileName` ends with one of {@link AUDIO_EXTENSIONS} (any case). */
export function isAudioFileName(fileName: string): boolean {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 && AUDIO_EXTENSIONS.includes(fileName.slice(dot).toLowerCase());
}

/** The extension removed from a file name, whatever audio extension it has (`call.MP3` → `call`). */
export function stripAudioExtension(fileName: string): string {
  return isAudioFileName(fileName) ? fileName.slice(0, fileName.lastIndexOf('.')) : fileName;
}
