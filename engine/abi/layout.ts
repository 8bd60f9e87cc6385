/**
 * The one function that turns a declared struct into offsets. Every offset Ingot uses, in
 * TypeScript or in the generated C header, comes from `layoutOf` over the data in
 * `structs.ts`; a numeric offset literal anywhere else is a review bug.
 *
 * @module
 */

import { InternalError } from "../errors.ts";

/** A field's scalar type, as C spells it in the generated header. */
export type FieldType =
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "i32"
  | "i64"
  | "ptr"
  | "struct";

/** One field of a declared struct. */
export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** For `ptr`: the C type pointed to (`"const uint8_t"`, `"struct ingot_func"`, ...). */
  readonly pointee?: string;
  /** For `struct`: the nested struct. */
  readonly struct?: StructDef;
  /** A fixed-length array of this many elements. */
  readonly count?: number;
  /** An alignment stricter than the type's own. */
  readonly align?: number;
  readonly doc: string;
}

/** A struct shared by compiled code and the C runtime. */
export interface StructDef {
  /** The C name, without `struct`. */
  readonly name: string;
  readonly doc: string;
  readonly fields: readonly FieldDef[];
}

/** The computed layout of a struct. */
export interface StructLayout {
  readonly name: string;
  readonly size: number;
  readonly align: number;
  /** Offset of each field by name. */
  readonly offsets: ReadonlyMap<string, number>;
}

const SIZES: Readonly<Record<FieldType, number>> = {
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  i32: 4,
  i64: 8,
  ptr: 8,
  struct: 0,
};

/** Size in bytes of one element of a scalar field type (x86-64 LP64). */
export function sizeOfType(type: FieldType): number {
  return SIZES[type];
}

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

function nestedOf(struct: StructDef, field: FieldDef): StructDef {
  if (field.struct === undefined) {
    throw new InternalError(`${struct.name}.${field.name} is a struct field without a struct`);
  }
  return field.struct;
}

const layouts = new WeakMap<StructDef, StructLayout>();

/** Lays out `struct` with the C rules of the x86-64 System V ABI (natural alignment). */
export function layoutOf(struct: StructDef): StructLayout {
  const cached = layouts.get(struct);
  if (cached !== undefined) return cached;
  const offsets = new Map<string, number>();
  let offset = 0;
  let structAlign = 1;
  for (const field of struct.fields) {
    const nested = field.type === "struct" ? layoutOf(nestedOf(struct, field)) : undefined;
    const size = nested?.size ?? sizeOfType(field.type);
    const align = Math.max(nested?.align ?? size, field.align ?? 1);
    offset = alignUp(offset, align);
    offsets.set(field.name, offset);
    offset += size * (field.count ?? 1);
    structAlign = Math.max(structAlign, align);
  }
  const layout = {
    name: struct.name,
    size: alignUp(offset, structAlign),
    align: structAlign,
    offsets,
  };
  layouts.set(struct, layout);
  return layout;
}

/**
 * Offset of `field` in `struct`.
 *
 * @throws {InternalError} when the struct has no such field: an engine bug.
 */
export function offsetOf(struct: StructDef, field: string): number {
  const offset = layoutOf(struct).offsets.get(field);
  if (offset === undefined) throw new InternalError(`${struct.name} has no field ${field}`);
  return offset;
}
