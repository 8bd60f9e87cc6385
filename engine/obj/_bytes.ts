/**
 * Little-endian byte building for the ELF writer: a growable buffer and a string table.
 *
 * @module
 */

/** A growable little-endian byte buffer. */
export class ByteWriter {
  #bytes = new Uint8Array(256);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;

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

  /** Writes a 64-bit field; `value` is unsigned or, as a bigint, may be negative (two's complement). */
  u64(value: number | bigint): void {
    this.#reserve(8);
    this.#view.setBigUint64(this.#length, BigInt.asUintN(64, BigInt(value)), true);
    this.#length += 8;
  }

  bytes(data: Uint8Array): void {
    this.#reserve(data.length);
    this.#bytes.set(data, this.#length);
    this.#length += data.length;
  }

  /** Pads with zero bytes up to a multiple of `align`. */
  alignTo(align: number): void {
    while (this.#length % align !== 0) this.u8(0);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
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
  readonly #writer = new ByteWriter();
  readonly #encoder = new TextEncoder();

  constructor() {
    this.#writer.u8(0);
  }

  /** The offset of `text`, adding it on first use. */
  add(text: string): number {
    const known = this.#offsets.get(text);
    if (known !== undefined) return known;
    const offset = this.#writer.length;
    this.#writer.bytes(this.#encoder.encode(text));
    this.#writer.u8(0);
    this.#offsets.set(text, offset);
    return offset;
  }

  finish(): Uint8Array {
    return this.#writer.finish();
  }
}
