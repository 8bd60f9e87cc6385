/**
 * A builder of the descriptor's relocated read-only data: structs laid out by `layoutOf`,
 * written field by field by name, and pointers that become `R_X86_64_64` relocations (to the
 * section itself, through its section symbol, or to a named symbol).
 *
 * @module
 */

import { type FieldType, layoutOf, offsetOf, sizeOfType, type StructDef } from "../abi/mod.ts";
import { InternalError } from "../errors.ts";
import type { RelocationDescription } from "./types.ts";

/** What a pointer field points to: an offset in this section, or a symbol. */
export type PointerTarget =
  | { readonly local: number }
  | { readonly symbol: string; readonly addend?: number }
  | undefined;

const ENCODER = new TextEncoder();

/** 2^32, to split a 64-bit field into its two 32-bit halves. */
const TWO_TO_32 = 0x1_0000_0000;

/** Where a field sits in its struct, as `layoutOf` places it, and what it holds. */
interface FieldSlot {
  readonly offset: number;
  /** Size of one element. */
  readonly size: number;
  readonly type: FieldType;
}

/**
 * Each struct's field slots by name, derived once from `layoutOf` (the writer puts several
 * fields per entry, so one lookup per field rather than one per layout question).
 */
const slotIndexes = new Map<StructDef, ReadonlyMap<string, FieldSlot>>();

function slotOf(struct: StructDef, name: string): FieldSlot {
  let index = slotIndexes.get(struct);
  if (index === undefined) {
    const slots = new Map<string, FieldSlot>();
    for (const field of struct.fields) {
      if (slots.has(field.name)) continue;
      const offset = offsetOf(struct, field.name);
      slots.set(field.name, { offset, size: sizeOfType(field.type), type: field.type });
    }
    slotIndexes.set(struct, index = slots);
  }
  const slot = index.get(name);
  if (slot === undefined) throw new InternalError(`${struct.name} has no field ${name}`);
  return slot;
}

/** Growable section contents plus the relocations of its pointer fields. */
export class RelocatedData {
  #bytes = new Uint8Array(1024);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;
  readonly #relocations: RelocationDescription[] = [];

  constructor(readonly section: string) {}

  /** Reserves `size` zero bytes aligned to `align`; returns their offset. */
  alloc(size: number, align: number): number {
    const offset = Math.ceil(this.#length / align) * align;
    this.#reserve(offset + size);
    this.#length = offset + size;
    return offset;
  }

  /** Reserves an array of `count` structs; returns its offset. */
  allocStructs(struct: StructDef, count: number): number {
    const layout = layoutOf(struct);
    return this.alloc(layout.size * count, layout.align);
  }

  /** Appends `text` as NUL-terminated UTF-8; returns its offset and its length without the NUL. */
  addString(text: string): { local: number; length: number } {
    const offset = this.#length;
    this.#reserve(offset + text.length * 3 + 1);
    // ASCII (most names) byte by byte: an encoder call per string costs more than the copy.
    const bytes = this.#bytes;
    let written = 0;
    for (; written < text.length; written++) {
      const code = text.charCodeAt(written);
      if (code >= 0x80) break;
      bytes[offset + written] = code;
    }
    if (written < text.length) written = ENCODER.encodeInto(text, bytes.subarray(offset)).written;
    this.#length = offset + written + 1; // the NUL: bytes past the length are still zero
    return { local: offset, length: written };
  }

  /** Appends `data` (aligned to `align`); returns its offset. */
  addBytes(data: Uint8Array, align = 1): number {
    const offset = this.alloc(data.length, align);
    this.#bytes.set(data, offset);
    return offset;
  }

  /** Writes the scalar field `name` of the `struct` at `base`. */
  put(struct: StructDef, base: number, name: string, value: number | bigint): void {
    const slot = slotOf(struct, name);
    const at = base + slot.offset;
    const size = slot.size;
    if (slot.type === "ptr" || slot.type === "struct") {
      throw new InternalError(`${struct.name}.${name} is not a scalar field`);
    }
    if (size === 8) this.#putU64(at, value);
    else if (size === 4) this.#view.setUint32(at, Number(value) >>> 0, true);
    else if (size === 2) this.#view.setUint16(at, Number(value), true);
    else this.#view.setUint8(at, Number(value));
  }

  /** Writes element `index` of the 64-bit array field `name`. */
  putElement(struct: StructDef, base: number, name: string, index: number, value: bigint): void {
    const slot = slotOf(struct, name);
    const at = base + slot.offset + index * slot.size;
    this.#view.setBigUint64(at, BigInt.asUintN(64, value), true);
  }

  /** Writes the pointer field `name`: a relocation, or nothing (NULL) for `undefined`. */
  putPointer(struct: StructDef, base: number, name: string, target: PointerTarget): void {
    const slot = slotOf(struct, name);
    if (slot.type !== "ptr") {
      throw new InternalError(`${struct.name}.${name} is not a pointer field`);
    }
    if (target === undefined) return;
    const offset = base + slot.offset;
    const isLocal = "local" in target;
    this.#relocations.push({
      section: this.section,
      offset,
      symbol: isLocal ? this.section : target.symbol,
      type: "R_X86_64_64",
      addend: isLocal ? target.local : target.addend ?? 0,
    });
  }

  get relocations(): readonly RelocationDescription[] {
    return this.#relocations;
  }

  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  /**
   * Writes a 64-bit field in two's complement. Safe integers (most values) take two 32-bit
   * stores, which is much cheaper than a BigInt conversion.
   */
  #putU64(at: number, value: number | bigint): void {
    if (typeof value === "number" && Number.isSafeInteger(value)) {
      this.#view.setUint32(at, value >>> 0, true);
      this.#view.setUint32(at + 4, Math.floor(value / TWO_TO_32) >>> 0, true);
    } else {
      this.#view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
    }
  }

  #reserve(end: number): void {
    if (end <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < end) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}
