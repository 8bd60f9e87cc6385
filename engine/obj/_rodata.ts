/**
 * A builder of the descriptor's relocated read-only data: structs laid out by `layoutOf`,
 * written field by field by name, and pointers that become `R_X86_64_64` relocations (to the
 * section itself, through its section symbol, or to a named symbol).
 *
 * @module
 */

import { type FieldDef, layoutOf, offsetOf, sizeOfType, type StructDef } from "../abi/mod.ts";
import { InternalError } from "../errors.ts";
import type { RelocationDescription } from "./types.ts";

/** What a pointer field points to: an offset in this section, or a symbol. */
export type PointerTarget =
  | { readonly local: number }
  | { readonly symbol: string; readonly addend?: number }
  | undefined;

const ENCODER = new TextEncoder();

/** Each struct's fields by name, built on first use (the writer looks fields up per entry). */
const fieldIndexes = new WeakMap<StructDef, Map<string, FieldDef>>();

function fieldOf(struct: StructDef, name: string): FieldDef {
  let index = fieldIndexes.get(struct);
  if (index === undefined) {
    index = new Map();
    for (const field of struct.fields) if (!index.has(field.name)) index.set(field.name, field);
    fieldIndexes.set(struct, index);
  }
  const field = index.get(name);
  if (field === undefined) throw new InternalError(`${struct.name} has no field ${name}`);
  return field;
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
    const { written } = ENCODER.encodeInto(text, this.#bytes.subarray(offset));
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
    const field = fieldOf(struct, name);
    const at = base + offsetOf(struct, name);
    const size = sizeOfType(field.type);
    if (field.type === "ptr" || field.type === "struct") {
      throw new InternalError(`${struct.name}.${name} is not a scalar field`);
    }
    if (size === 8) this.#view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
    else if (size === 4) this.#view.setUint32(at, Number(value) >>> 0, true);
    else if (size === 2) this.#view.setUint16(at, Number(value), true);
    else this.#view.setUint8(at, Number(value));
  }

  /** Writes element `index` of the 64-bit array field `name`. */
  putElement(struct: StructDef, base: number, name: string, index: number, value: bigint): void {
    const at = base + offsetOf(struct, name) + index * sizeOfType(fieldOf(struct, name).type);
    this.#view.setBigUint64(at, BigInt.asUintN(64, value), true);
  }

  /** Writes the pointer field `name`: a relocation, or nothing (NULL) for `undefined`. */
  putPointer(struct: StructDef, base: number, name: string, target: PointerTarget): void {
    if (fieldOf(struct, name).type !== "ptr") {
      throw new InternalError(`${struct.name}.${name} is not a pointer field`);
    }
    if (target === undefined) return;
    const offset = base + offsetOf(struct, name);
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
