/**
 * A bounded cursor over module bytes with the spec's value encodings (spec 5.2 "Values"):
 * LEB128 integers with their length and range limits, floats as raw bits, names as UTF-8.
 *
 * @module
 */

import { DecodeError } from "../errors.ts";
import type { RefType, ValType } from "./syntax.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** valtype codes (spec 5.3.1-5.3.4). */
export const VALTYPE_BY_CODE: ReadonlyMap<number, ValType> = new Map<number, ValType>([
  [0x7f, "i32"],
  [0x7e, "i64"],
  [0x7d, "f32"],
  [0x7c, "f64"],
  [0x7b, "v128"],
  [0x70, "funcref"],
  [0x6f, "externref"],
]);

/** Names up to this length take the ASCII fast path of `ByteReader.name`. */
const MAX_ASCII_FAST_NAME = 256;

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** A cursor over `bytes[pos, end)`; reading past `end` throws "unexpected end...". */
export class ByteReader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
  #view: DataView | undefined = undefined;

  constructor(bytes: Uint8Array, pos: number, end: number) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  /** A DataView of `bytes`, made on first use (most readers never read a float). */
  #dataView(): DataView {
    const bytes = this.bytes;
    return this.#view ??= new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws the decode error `reason` at `offset` (default: the current position). */
  fail(reason: string, offset: number = this.pos, detail?: string): never {
    throw new DecodeError(reason, detail === undefined ? { offset } : { offset, detail });
  }

  /** Throws the spec's end-of-input error for the current bound. */
  failEnd(): never {
    const reason = this.end >= this.bytes.length
      ? "unexpected end"
      : "unexpected end of section or function";
    return this.fail(reason);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.failEnd();
    return this.bytes[this.pos++]!;
  }

  /** An unsigned LEB128 of at most 32 bits (at most 5 bytes). */
  u32(): number {
    const bytes = this.bytes;
    const pos = this.pos;
    if (pos < this.end) {
      const first = bytes[pos]!;
      if (first < 0x80) {
        this.pos = pos + 1;
        return first;
      }
    }
    return this.#u32Slow();
  }

  #u32Slow(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= this.end) this.failEnd();
      const b = bytes[pos++]!;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    if (pos >= this.end) this.failEnd();
    const last = bytes[pos++]!;
    if (last & 0x80) this.fail("integer representation too long", pos - 1);
    if (last & 0x70) this.fail("integer too large", pos - 1);
    this.pos = pos;
    return (result | (last << 28)) >>> 0;
  }

  /** A signed LEB128 of at most 32 bits. */
  s32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= this.end) this.failEnd();
      const b = bytes[pos++]!;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        const unused = 25 - shift;
        return (result << unused) >> unused;
      }
    }
    if (pos >= this.end) this.failEnd();
    const last = bytes[pos++]!;
    if (last & 0x80) this.fail("integer representation too long", pos - 1);
    const top = last & 0x78;
    if (top !== 0 && top !== 0x78) this.fail("integer too large", pos - 1);
    this.pos = pos;
    return result | (last << 28);
  }

  /** A signed LEB128 of at most 33 bits (block types), as a number. */
  s33(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 4; i++) {
      if (pos >= this.end) this.failEnd();
      const b = bytes[pos++]!;
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) {
        this.pos = pos;
        return b & 0x40 ? result - scale : result;
      }
    }
    if (pos >= this.end) this.failEnd();
    const last = bytes[pos++]!;
    if (last & 0x80) this.fail("integer representation too long", pos - 1);
    const top = last & 0x70;
    if (top !== 0 && top !== 0x70) this.fail("integer too large", pos - 1);
    this.pos = pos;
    result += (last & 0x1f) * scale;
    return last & 0x10 ? result - scale * 32 : result;
  }

  /** A signed LEB128 of at most 64 bits. */
  s64(): bigint {
    const bytes = this.bytes;
    let pos = this.pos;
    let low = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= this.end) this.failEnd();
      const b = bytes[pos++]!;
      low |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        const unused = 25 - shift;
        return BigInt((low << unused) >> unused);
      }
    }
    let result = BigInt(low >>> 0);
    for (let shift = 28n; shift < 63n; shift += 7n) {
      if (pos >= this.end) this.failEnd();
      const b = bytes[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return BigInt.asIntN(64, b & 0x40 ? result - (1n << (shift + 7n)) : result);
      }
    }
    if (pos >= this.end) this.failEnd();
    const last = bytes[pos++]!;
    if (last & 0x80) this.fail("integer representation too long", pos - 1);
    if (last !== 0 && last !== 0x7f) this.fail("integer too large", pos - 1);
    this.pos = pos;
    return BigInt.asIntN(64, result | (BigInt(last & 1) << 63n));
  }

  /** The raw bits of an f32, as an unsigned number. */
  f32Bits(): number {
    const pos = this.pos;
    if (pos + 4 > this.end) this.failEnd();
    // (From the bytes, not a DataView: most readers would make one for a single constant.)
    const bytes = this.bytes;
    this.pos = pos + 4;
    const low = bytes[pos]! | bytes[pos + 1]! << 8;
    const high = bytes[pos + 2]! | bytes[pos + 3]! << 8;
    return (low | high << 16) >>> 0;
  }

  /** The raw bits of an f64, as an unsigned bigint. */
  f64Bits(): bigint {
    if (this.pos + 8 > this.end) this.failEnd();
    const bits = this.#dataView().getBigUint64(this.pos, true);
    this.pos += 8;
    return bits;
  }

  /** `n` raw bytes, as a view. */
  take(n: number): Uint8Array {
    if (n > this.end - this.pos) this.failEnd();
    const view = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  /** A length that must fit in the bytes left ("length out of bounds" otherwise). */
  length(): number {
    const start = this.pos;
    const n = this.u32();
    if (n > this.end - this.pos) this.fail("length out of bounds", start);
    return n;
  }

  /** A name: a byte vector holding valid UTF-8. */
  name(): string {
    const n = this.length();
    const start = this.pos;
    const view = this.take(n);
    // Most names (exports, imports, the name section's) are short ASCII: building those
    // directly skips the TextDecoder call, which costs more than the name itself.
    if (n <= MAX_ASCII_FAST_NAME && isAscii(view)) {
      return String.fromCharCode.apply(null, view as unknown as number[]);
    }
    try {
      return utf8.decode(view);
    } catch {
      return this.fail("malformed UTF-8 encoding", start);
    }
  }

  /** One byte that must be zero (reserved memory and table indices). */
  zeroByte(): void {
    if (this.u8() !== 0) this.fail("zero byte expected", this.pos - 1);
  }

  valType(): ValType {
    const b = this.u8();
    const type = VALTYPE_BY_CODE.get(b);
    if (type === undefined) this.fail("malformed value type", this.pos - 1);
    return type;
  }

  refType(): RefType {
    const b = this.u8();
    if (b === 0x70) return "funcref";
    if (b === 0x6f) return "externref";
    return this.fail("malformed reference type", this.pos - 1);
  }

  /** A one-bit LEB128 flag (the limits flag: max present or not). */
  flag(): boolean {
    const b = this.u8();
    if (b & 0x80) this.fail("integer representation too long", this.pos - 1);
    if (b > 1) this.fail("integer too large", this.pos - 1);
    return b === 1;
  }
}
