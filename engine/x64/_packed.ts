/**
 * Kept whole-instruction encodings as numbers: the assembler's caches (register pairs, register
 * and immediate, recent addresses) hold each entry as four 32-bit words in one flat
 * `Int32Array`: its key, then its bytes little-endian with the length in the top byte of the
 * last word. One entry is one 16-byte line to load, and emitting it is three 32-bit stores
 * (`CodeBuffer.putKept`) instead of a byte loop over a `Uint8Array` per entry.
 *
 * @module
 */

/** The longest encoding a cache keeps (the twelfth byte holds the length); longer ones are
 * encoded every time. */
export const PACKED_MAX = 11;

/** Words per entry: key, bytes 0..3, bytes 4..7, bytes 8..10 and the length. */
export const PACKED_STRIDE = 4;

/** Encodings by entry index, each under the key it was kept for (-1 when empty). */
export class PackedEncodings {
  readonly words: Int32Array;

  constructor(size: number) {
    this.words = new Int32Array(size * PACKED_STRIDE);
    for (let i = 0; i < this.words.length; i += PACKED_STRIDE) this.words[i] = -1;
  }

  /**
   * Keeps `code[start, end)` as entry `index` under `key` (at least 0); an encoding longer than
   * `PACKED_MAX` is not kept, and the entry is emptied.
   */
  keep(index: number, key: number, code: Uint8Array, start: number, end: number): void {
    const words = this.words, at = index * PACKED_STRIDE, length = end - start;
    if (length > PACKED_MAX) {
      words[at] = -1;
      return;
    }
    words[at] = key;
    words[at + 1] = word(code, start, end);
    words[at + 2] = word(code, start + 4, end);
    words[at + 3] = word(code, start + 8, end) | (length << 24);
  }
}

/** The little-endian word of `code[at, at + 4)`, with bytes at or past `end` as zero. */
function word(code: Uint8Array, at: number, end: number): number {
  let value = 0;
  for (let i = 3; i >= 0; i--) value = (value << 8) | (at + i < end ? code[at + i]! : 0);
  return value;
}
