/**
 * The field writers of the module descriptor (descriptor.ts): ABI codes of Wasm's names, constant
 * expressions, strings, limits and arrays of structs, each written through `RelocatedData` at
 * the offsets `offsetOf`/`layoutOf` give.
 *
 * @module
 */

import {
  CONST_EXPR,
  CONST_KINDS,
  enumValue,
  EXTERN_KINDS,
  layoutOf,
  SEGMENT_MODES,
  type StructDef,
  VALTYPES,
  valuesByWasmName,
} from "../abi/mod.ts";
import { InternalError } from "../errors.ts";
import type { ConstExpr, Limits, ValType } from "../wasm/syntax.ts";
import type { PointerTarget, RelocatedData } from "./_rodata.ts";

export const NULL_INDEX = 0xffff_ffff;

export function symbolTarget(symbol: string | undefined): PointerTarget {
  return symbol === undefined ? undefined : { symbol };
}

/** The ABI codes of Wasm's names, looked up once per module entry. */
export const VALTYPE_CODES = valuesByWasmName(VALTYPES);
export const EXTERN_KIND_CODES = valuesByWasmName(EXTERN_KINDS);
export const SEGMENT_MODE_CODES = valuesByWasmName(SEGMENT_MODES);

export function codeOf(codes: ReadonlyMap<string, number>, wasmName: string): number {
  const code = codes.get(wasmName);
  if (code === undefined) throw new InternalError(`the ABI has no code for ${wasmName}`);
  return code;
}

export function valtypeCode(type: ValType): number {
  return codeOf(VALTYPE_CODES, type);
}

/** Writes `expr` into the `struct ingot_const_expr` at `base`. */
export function putConstExpr(data: RelocatedData, base: number, expr: ConstExpr): void {
  const instr = expr.instrs[0];
  if (instr === undefined || expr.instrs.length !== 1) {
    throw new InternalError(`constant expression at ${expr.offset} is not one instruction`);
  }
  const kind = (name: string) => data.put(CONST_EXPR, base, "kind", enumValue(CONST_KINDS, name));
  const value = (index: number, bits: bigint) =>
    data.putElement(CONST_EXPR, base, "value", index, bits);
  switch (instr.op.mnemonic) {
    case "i32.const":
    case "f32.const":
      kind("VALUE");
      return value(0, BigInt(instr.value >>> 0));
    case "i64.const":
    case "f64.const":
      kind("VALUE");
      return value(0, BigInt.asUintN(64, instr.value64));
    case "v128.const": {
      kind("VALUE");
      const view = new DataView((instr.bytes ?? new Uint8Array(16)).slice().buffer);
      value(0, view.getBigUint64(0, true));
      return value(1, view.getBigUint64(8, true));
    }
    case "global.get":
      kind("GLOBAL_GET");
      return data.put(CONST_EXPR, base, "index", instr.index);
    case "ref.func":
      kind("REF_FUNC");
      return data.put(CONST_EXPR, base, "index", instr.index);
    case "ref.null":
      return kind("REF_NULL");
    default:
      throw new InternalError(`${instr.op.mnemonic} in a constant expression at ${instr.offset}`);
  }
}

export function putString(data: RelocatedData, text: string): { local: number; length: number } {
  return data.addString(text);
}

export function putLimits(
  data: RelocatedData,
  struct: StructDef,
  base: number,
  limits: Limits,
): void {
  data.put(struct, base, "has_max", limits.max === undefined ? 0 : 1);
  data.put(struct, base, "min", limits.min);
  data.put(struct, base, "max", limits.max ?? 0);
}

/** Writes an array of `count` structs and returns a pointer to it (NULL when empty). */
export function putArray(
  data: RelocatedData,
  struct: StructDef,
  count: number,
  fill: (base: number, index: number) => void,
): PointerTarget {
  if (count === 0) return undefined;
  const start = data.allocStructs(struct, count);
  const size = layoutOf(struct).size;
  for (let index = 0; index < count; index++) fill(start + index * size, index);
  return { local: start };
}
