/**
 * How the baseline compiler holds and moves a value of each valtype: an operand's description
 * (`Entry`: constant, register or spill slot), its register class, operand size, slot bytes and
 * access kind, and the sequences that store a constant or copy a value between memory cells.
 * The value stack (`value_stack.ts`) and the lowerings share them.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { ValType } from "../wasm/syntax.ts";
import type { AccessKind, Address, MacroAssembler, Reg } from "./masm.ts";

/** Where an entry's value lives. */
export type Location = "const" | "reg" | "slot";

/** One operand of the Wasm value stack. */
export interface Entry {
  readonly type: ValType;
  loc: Location;
  /** The register, when `loc` is "reg". */
  reg: Reg;
  /**
   * The bits of a 64-bit or v128 constant (or a null reference): i64 and f64 as unsigned 64,
   * v128 as unsigned 128 (lane 0 in the low bits). `constBits` reads any constant's bits.
   */
  bits: bigint;
  /**
   * The bits of an i32 or f32 constant, as unsigned 32-bit: a number, so pushing one and
   * using it as an immediate makes no bigint.
   */
  value: number;
  /** Byte offset of the entry's spill slot: the sum of the slot sizes of the entries below. */
  readonly offset: number;
}

/** Bytes of one spill slot (a v128 takes two: `bytesOf`). */
export const SLOT_BYTES = 8;

/** Whether values of `type` live in float (xmm) registers. */
export function isFloatType(type: ValType): boolean {
  return type === "f32" || type === "f64" || type === "v128";
}

/** Bytes of the spill slot, local cell or array-convention slots of a value of `type`. */
export function bytesOf(type: ValType): 8 | 16 {
  return type === "v128" ? 16 : SLOT_BYTES;
}

/** Byte offsets of consecutive values of `types` laid out by `bytesOf` (results areas, slots). */
export function slotOffsets(types: readonly ValType[]): number[] {
  let offset = 0;
  return types.map((type) => {
    const at = offset;
    offset += bytesOf(type);
    return at;
  });
}

/** Operand size of `type` in bits (references are pointers). */
export function sizeOf(type: ValType): 32 | 64 {
  return type === "i32" || type === "f32" ? 32 : 64;
}

const I32_KIND: AccessKind = { bytes: 4, float: false, size: 32, signed: false };
const I64_KIND: AccessKind = { bytes: 8, float: false, size: 64, signed: false };
const F32_KIND: AccessKind = { bytes: 4, float: true, size: 32, signed: false };
const F64_KIND: AccessKind = { bytes: 8, float: true, size: 64, signed: false };
const V128_KIND: AccessKind = { bytes: 16, float: true, size: 64, signed: false };

/**
 * The access kind that moves a whole value of `type` (references as i64). A switch, not a
 * record lookup: it runs for every spill, load and store of an operand.
 */
export function kindOf(type: ValType): AccessKind {
  switch (type) {
    case "i32":
      return I32_KIND;
    case "i64":
    case "funcref":
    case "externref":
      return I64_KIND;
    case "f32":
      return F32_KIND;
    case "f64":
      return F64_KIND;
    case "v128":
      return V128_KIND;
    default:
      throw new InternalError(`No access kind for ${type}`);
  }
}

/** `BigInt(n)` for 0..1023, made once (most constants are small). */
const SMALL_BITS: readonly bigint[] = Array.from({ length: 1024 }, (_, n) => BigInt(n));

/** Whether constants of `type` keep their bits in `value` rather than `bits`. */
export function isConst32(type: ValType): boolean {
  return type === "i32" || type === "f32";
}

/**
 * The `BigInt`s of recent larger 32-bit constants, direct-mapped by value (`BITS_KEYS` holds
 * the value each entry is for): C code repeats its addresses and negative offsets (stored
 * unsigned), and a lookup costs less than making the bigint again. A pure cache: what it
 * returns never depends on what it holds.
 */
const BITS_CACHE_SIZE = 512;
const BITS_KEYS = new Uint32Array(BITS_CACHE_SIZE);
const BITS_VALUES: bigint[] = new Array<bigint>(BITS_CACHE_SIZE).fill(0n);

function bits32(value: number): bigint {
  if (value < SMALL_BITS.length) return SMALL_BITS[value]!;
  const at = (value ^ (value >>> 9) ^ (value >>> 18)) & (BITS_CACHE_SIZE - 1);
  // (Key 0 never matches: 0 is one of `SMALL_BITS`.)
  if (BITS_KEYS[at] === value) return BITS_VALUES[at]!;
  const bits = BigInt(value);
  BITS_KEYS[at] = value;
  BITS_VALUES[at] = bits;
  return bits;
}

/** The bits of the constant `entry`, as `Entry.bits` describes them for every type. */
export function constBits(entry: Entry): bigint {
  return isConst32(entry.type) ? bits32(entry.value) : entry.bits;
}

/** Stores the constant `entry` to `address`. */
export function storeConst(masm: MacroAssembler, entry: Entry, address: Address): void {
  if (entry.type !== "v128") {
    masm.storeImm(sizeOf(entry.type), address, constBits(entry));
    return;
  }
  masm.storeImm(64, address, BigInt.asUintN(64, entry.bits));
  masm.storeImm(64, { ...address, disp: address.disp + 8 }, entry.bits >> 64n);
}

/** Copies a value of `type` between two memory cells. */
export function copyValue(masm: MacroAssembler, type: ValType, dst: Address, src: Address): void {
  masm.copySlot(dst, src);
  if (type === "v128") {
    masm.copySlot({ ...dst, disp: dst.disp + 8 }, { ...src, disp: src.disp + 8 });
  }
}
