/**
 * Little-endian byte building for the ELF writer: a growable buffer and a string table.
 *
 * @module
 */

const ENCODER = new TextEncoder();

/** 2^32, to split a 64-bit number field into its two 32-bit halves. */
const TWO_TO_32 = 0x1_0000_0000;

/**
 * A growable little-endian byte buffer. Give the final size up front when it is known: the
 * buffer then never grows and `finish` hands it over without a copy.
 */
export class ByteWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(capacity = 256) {
    this.#bytes = new Uint8Array(Math.max(capacity, 1));
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.#length;
  }

  u8(value: number): void {
    this.#reserve(1);
    this.#view.setUint8(this.#length, value);
    this.#length += 1;
  }

  u16(value: number): void {
    this.#reserve(2);
    this.#view.setUint16(this.#length, value, true);
    this.#length += 2;
  }

  u32(value: number): void {
    this.#reserve(4);
    this.#view.setUint32(this.#length, value, true);
    this.#length += 4;
  }

  /**
   * Writes a 64-bit field in two's complement: a safe integer (negative ones too) or a bigint.
   * Numbers take two 32-bit stores, which is much cheaper than a BigInt conversion.
   */
  u64(value: number | bigint): void {
    this.#reserve(8);
    if (typeof value === "number" && Number.isSafeInteger(value)) {
      this.#view.setUint32(this.#length, value >>> 0, true);
      this.#view.setUint32(this.#length + 4, Math.floor(value / TWO_TO_32) >>> 0, true);
    } else {
      this.#view.setBigUint64(this.#length, BigInt.asUintN(64, BigInt(value)), true);
    }
    this.#length += 8;
  }

  bytes(data: Uint8Array): void {
    this.#reserve(data.length);
    this.#bytes.set(data, this.#length);
    this.#length += data.length;
  }

  /** Writes `text` as UTF-8 (no terminator); returns the number of bytes written. */
  utf8(text: string): number {
    this.#reserve(text.length * 3);
    // ASCII (every symbol name Ingot makes) byte by byte: no view and no encoder call per name.
    const bytes = this.#bytes, start = this.#length;
    let at = 0;
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code >= 0x80) break;
      bytes[start + at] = code;
    }
    if (at === text.length) {
      this.#length += at;
      return at;
    }
    const { written } = ENCODER.encodeInto(text, bytes.subarray(start));
    this.#length += written;
    return written;
  }

  /** Pads with zero bytes up to a multiple of `align`. */
  alignTo(align: number): void {
    const padding = (align - (this.#length % align)) % align;
    this.#reserve(padding);
    this.#length += padding; // fresh buffer bytes are already zero
  }

  /**
   * The bytes written; the writer must not be written to afterwards. When exactly the initial
   * capacity was written, this is the buffer itself (no copy).
   */
  finish(): Uint8Array {
    if (this.#length === this.#bytes.length) return this.#bytes;
    return this.#bytes.slice(0, this.#length);
  }

  #reserve(count: number): void {
    if (this.#length + count <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < this.#length + count) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}

/**
 * An ELF string table: NUL-terminated UTF-8 strings after a leading NUL, so offset 0 is the
 * empty name. Equal strings share one entry; offsets follow first-insertion order, so the
 * table is deterministic.
 */
export class StringTable {
  readonly #offsets = new Map<string, number>([["", 0]]);
  readonly #writer: ByteWriter;

  /** `capacity`: the expected size in bytes, if known (it only saves regrowing). */
  constructor(capacity = 256) {
    this.#writer = new ByteWriter(capacity);
    this.#writer.u8(0);
  }

  /** The offset of `text`, adding it on first use. */
  add(text: string): number {
    const known = this.#offsets.get(text);
    if (known !== undefined) return known;
    const offset = this.#writer.length;
    this.#writer.utf8(text);
    this.#writer.u8(0);
    this.#offsets.set(text, offset);
    return offset;
  }

  /**
   * The offset of `text`, added without looking for an equal entry (nor recording it for
   * `add`): for callers that know their strings are distinct and not empty.
   */
  append(text: string): number {
    const offset = this.#writer.length;
    this.#writer.utf8(text);
    this.#writer.u8(0);
    return offset;
  }

  finish(): Uint8Array {
    return this.#writer.finish();
  }
}
