/**
 * What an MP3 stream's frame headers say, read from its bytes as they stream past: whether it is mono. The
 * MP3 decoder (mpg123 in WebAssembly) always returns two channels, a mono stream's one copied to both, so a
 * mono MP3 would otherwise pass for a two-channel file whose sides hold one signal. Portable.
 *
 * Frame header as ISO/IEC 11172-3 §2.4.1.3 and 13818-3: 11 sync bits, version (2 bits: 0 MPEG-2.5, 1
 * reserved, 2 MPEG-2, 3 MPEG-1), layer (2 bits, 0 reserved), protection, bitrate index (15 invalid),
 * sample rate index (3 reserved), padding, private, channel mode (2 bits: 3 single channel).
 */

/** The ID3v2 tag in front of the audio: "ID3", version, flags, then a 28-bit size in 7-bit bytes (ID3v2.4 §3.1). */
const ID3_HEADER_BYTES = 10;
/** The footer an ID3v2.4 tag may have (flag bit 4): another 10 bytes after the tag. */
const ID3_FOOTER_FLAG = 0x10;
/** A stream with no frame header within this many bytes after its tag is left to the decoder. */
const MAX_SEARCH_BYTES = 256 * 1024;

/** Whether the 4 bytes at `at` are a plausible MPEG audio frame header. */
function isFrameHeader(b: Uint8Array, at: number): boolean {
  const b1 = b[at + 1] as number;
  const b2 = b[at + 2] as number;
  return (
    b[at] === 0xff &&
    (b1 & 0xe0) === 0xe0 &&
    ((b1 >> 3) & 3) !== 1 &&
    ((b1 >> 1) & 3) !== 0 &&
    b2 >> 4 !== 15 &&
    ((b2 >> 2) & 3) !== 3
  );
}

/** Finds the first frame header of an MP3 stream pushed in order, past any ID3v2 tag, and reads its channel mode. */
export class Mp3Channels {
  /** 1 or 2 once the first frame header has been seen; null before (or when none was found). */
  channels: 1 | 2 | null = null;
  private head = new Uint8Array(0);
  /** Bytes of the stream before `head` (skipped, or already searched). */
  private skipped = 0;
  private skipBytes = 0;
  private done = false;

  push(bytes: Uint8Array): void {
    if (this.done) return;
    let input = bytes;
    if (this.skipBytes > 0) {
      const n = Math.min(this.skipBytes, input.length);
      this.skipBytes -= n;
      this.skipped += n;
      input = input.subarray(n);
    }
    if (input.length === 0) return;
    const head = new Uint8Array(this.head.length + input.length);
    head.set(this.head);
    head.set(input, this.head.length);
    this.head = head;
    this.search();
  }

  private search(): void {
    const b = this.head;
    if (this.skipped === 0 && b.length < ID3_HEADER_BYTES) return;
    if (this.skipped === 0 && b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) {
      // "ID3": skip the tag (the size excludes the header and the footer)
      const size =
        (((b[6] as number) & 0x7f) << 21) |
        (((b[7] as number) & 0x7f) << 14) |
        (((b[8] as number) & 0x7f) << 7) |
        ((b[9] as number) & 0x7f);
      const tag = ID3_HEADER_BYTES + size + ((b[5] as number) & ID3_FOOTER_FLAG ? ID3_HEADER_BYTES : 0);
      this.head = new Uint8Array(0);
      const have = b.length;
      if (have >= tag) {
        this.skipped = tag;
        this.push(b.subarray(tag));
      } else {
        this.skipped = have;
        this.skipBytes = tag - have;
      }
      return;
    }
    for (let at = 0; at + 4 <= b.length; at++) {
      if (isFrameHeader(b, at)) {
        this.channels = (b[at + 3] as number) >> 6 === 3 ? 1 : 2;
        this.finish();
        return;
      }
    }
    // keep the last 3 bytes: a header may start there
    this.skipped += Math.max(0, b.length - 3);
    this.head = b.slice(Math.max(0, b.length - 3));
    if (this.skipped > MAX_SEARCH_BYTES) this.finish();
  }

  private finish(): void {
    this.done = true;
    this.head = new Uint8Array(0);
  }
}
