/**
 * The one WebAssembly 2.0 opcode table (spec 5.4 "Instructions", 3.3 "Instructions" typing).
 *
 * One row per opcode: spec mnemonic, prefix and code, immediate kind, stack signature (for
 * ops whose typing is a fixed `[t1*] -> [t2*]`; `SPECIAL` marks control, parametric, variable,
 * reference and table ops whose typing the validator writes by hand), the feature that gates
 * it, and for memory ops the natural alignment (log2 of the access width in bytes).
 *
 * The decoder, the validator, the compiler and the test generators all read this table; the
 * lookup structures below are built from it and never kept by hand.
 *
 * @module
 */

import type { WasmFeatures } from "../settings.ts";
import type { ValType } from "./syntax.ts";
import { InternalError } from "../errors.ts";

/** The opcode prefix byte: none, 0xFC (misc), 0xFD (SIMD). */
export type Prefix = 0 | 0xfc | 0xfd;

/**
 * What follows the opcode in the binary (and which `Instruction` fields it fills):
 * - `none`;
 * - `blocktype` (blockType); `labelidx` (index); `br_table` (labels, index = default);
 * - `funcidx`, `localidx`, `globalidx`, `tableidx`, `elemidx`, `dataidx` (index);
 * - `call_indirect`: typeidx (index) then tableidx (index2);
 * - `select_t`: vec(valtype) (valTypes); `reftype`: one reftype (valTypes[0]);
 * - `memarg`: align (align) and offset (memOffset); `memarg_lane`: memarg then a lane (index);
 * - `memidx`: one zero byte (memory.size, memory.grow, memory.fill);
 * - `memory.copy`: two zero bytes; `memory.init`: dataidx (index) then a zero byte;
 * - `table.init`: elemidx (index) then tableidx (index2); `table.copy`: dst (index), src (index2);
 * - `i32`, `f32` (value); `i64`, `f64` (value64); `v128` and `shuffle`: 16 bytes (bytes);
 * - `lane`: one lane index byte (index).
 */
export type ImmediateKind =
  | "none"
  | "blocktype"
  | "labelidx"
  | "br_table"
  | "funcidx"
  | "call_indirect"
  | "localidx"
  | "globalidx"
  | "tableidx"
  | "elemidx"
  | "dataidx"
  | "select_t"
  | "reftype"
  | "memarg"
  | "memarg_lane"
  | "memidx"
  | "memory.copy"
  | "memory.init"
  | "table.init"
  | "table.copy"
  | "i32"
  | "i64"
  | "f32"
  | "f64"
  | "v128"
  | "shuffle"
  | "lane";

/** The feature that gates an opcode: the 1.0 core (`mvp`) or one of the 2.0 proposals. */
export type Feature = "mvp" | keyof WasmFeatures;

/** One opcode. */
export interface OpcodeRow {
  /** The spec's text-format mnemonic; the typed select (0x1C) is keyed `select_t`. */
  readonly mnemonic: string;
  readonly prefix: Prefix;
  readonly code: number;
  readonly immediate: ImmediateKind;
  /** Popped types, in stack order (last is on top); undefined for hand-typed ops. */
  readonly params: readonly ValType[] | undefined;
  /** Pushed types; undefined for hand-typed ops. */
  readonly results: readonly ValType[] | undefined;
  readonly feature: Feature;
  /** Memory ops: log2 of the natural alignment in bytes. */
  readonly naturalAlign: number | undefined;
  /** Dense number of the row (its position in `OPCODES`), for switch tables and bitsets. */
  readonly id: number;
}

const NONE = 0;
const FC = 0xfc;
const FD = 0xfd;
/** The typing of this op is written by hand in the validator. */
const SPECIAL = null;

type RowSpec = readonly [
  mnemonic: string,
  prefix: Prefix,
  code: number,
  immediate: ImmediateKind,
  signature: string | null,
  feature: Feature,
  naturalAlign?: number,
];

// deno-fmt-ignore
const ROWS: readonly RowSpec[] = [
  ["unreachable", NONE, 0x00, "none", SPECIAL, "mvp"],
  ["nop", NONE, 0x01, "none", "->", "mvp"],
  ["block", NONE, 0x02, "blocktype", SPECIAL, "mvp"],
  ["loop", NONE, 0x03, "blocktype", SPECIAL, "mvp"],
  ["if", NONE, 0x04, "blocktype", SPECIAL, "mvp"],
  ["else", NONE, 0x05, "none", SPECIAL, "mvp"],
  ["end", NONE, 0x0b, "none", SPECIAL, "mvp"],
  ["br", NONE, 0x0c, "labelidx", SPECIAL, "mvp"],
  ["br_if", NONE, 0x0d, "labelidx", SPECIAL, "mvp"],
  ["br_table", NONE, 0x0e, "br_table", SPECIAL, "mvp"],
  ["return", NONE, 0x0f, "none", SPECIAL, "mvp"],
  ["call", NONE, 0x10, "funcidx", SPECIAL, "mvp"],
  ["call_indirect", NONE, 0x11, "call_indirect", SPECIAL, "mvp"],
  ["drop", NONE, 0x1a, "none", SPECIAL, "mvp"],
  ["select", NONE, 0x1b, "none", SPECIAL, "mvp"],
  ["select_t", NONE, 0x1c, "select_t", SPECIAL, "referenceTypes"],
  ["local.get", NONE, 0x20, "localidx", SPECIAL, "mvp"],
  ["local.set", NONE, 0x21, "localidx", SPECIAL, "mvp"],
  ["local.tee", NONE, 0x22, "localidx", SPECIAL, "mvp"],
  ["global.get", NONE, 0x23, "globalidx", SPECIAL, "mvp"],
  ["global.set", NONE, 0x24, "globalidx", SPECIAL, "mvp"],
  ["table.get", NONE, 0x25, "tableidx", SPECIAL, "referenceTypes"],
  ["table.set", NONE, 0x26, "tableidx", SPECIAL, "referenceTypes"],
  ["i32.load", NONE, 0x28, "memarg", "i32 -> i32", "mvp", 2],
  ["i64.load", NONE, 0x29, "memarg", "i32 -> i64", "mvp", 3],
  ["f32.load", NONE, 0x2a, "memarg", "i32 -> f32", "mvp", 2],
  ["f64.load", NONE, 0x2b, "memarg", "i32 -> f64", "mvp", 3],
  ["i32.load8_s", NONE, 0x2c, "memarg", "i32 -> i32", "mvp", 0],
  ["i32.load8_u", NONE, 0x2d, "memarg", "i32 -> i32", "mvp", 0],
  ["i32.load16_s", NONE, 0x2e, "memarg", "i32 -> i32", "mvp", 1],
  ["i32.load16_u", NONE, 0x2f, "memarg", "i32 -> i32", "mvp", 1],
  ["i64.load8_s", NONE, 0x30, "memarg", "i32 -> i64", "mvp", 0],
  ["i64.load8_u", NONE, 0x31, "memarg", "i32 -> i64", "mvp", 0],
  ["i64.load16_s", NONE, 0x32, "memarg", "i32 -> i64", "mvp", 1],
  ["i64.load16_u", NONE, 0x33, "memarg", "i32 -> i64", "mvp", 1],
  ["i64.load32_s", NONE, 0x34, "memarg", "i32 -> i64", "mvp", 2],
  ["i64.load32_u", NONE, 0x35, "memarg", "i32 -> i64", "mvp", 2],
  ["i32.store", NONE, 0x36, "memarg", "i32 i32 ->", "mvp", 2],
  ["i64.store", NONE, 0x37, "memarg", "i32 i64 ->", "mvp", 3],
  ["f32.store", NONE, 0x38, "memarg", "i32 f32 ->", "mvp", 2],
  ["f64.store", NONE, 0x39, "memarg", "i32 f64 ->", "mvp", 3],
  ["i32.store8", NONE, 0x3a, "memarg", "i32 i32 ->", "mvp", 0],
  ["i32.store16", NONE, 0x3b, "memarg", "i32 i32 ->", "mvp", 1],
  ["i64.store8", NONE, 0x3c, "memarg", "i32 i64 ->", "mvp", 0],
  ["i64.store16", NONE, 0x3d, "memarg", "i32 i64 ->", "mvp", 1],
  ["i64.store32", NONE, 0x3e, "memarg", "i32 i64 ->", "mvp", 2],
  ["memory.size", NONE, 0x3f, "memidx", "-> i32", "mvp"],
  ["memory.grow", NONE, 0x40, "memidx", "i32 -> i32", "mvp"],
  ["i32.const", NONE, 0x41, "i32", "-> i32", "mvp"],
  ["i64.const", NONE, 0x42, "i64", "-> i64", "mvp"],
  ["f32.const", NONE, 0x43, "f32", "-> f32", "mvp"],
  ["f64.const", NONE, 0x44, "f64", "-> f64", "mvp"],
  ["i32.eqz", NONE, 0x45, "none", "i32 -> i32", "mvp"],
  ["i32.eq", NONE, 0x46, "none", "i32 i32 -> i32", "mvp"],
  ["i32.ne", NONE, 0x47, "none", "i32 i32 -> i32", "mvp"],
  ["i32.lt_s", NONE, 0x48, "none", "i32 i32 -> i32", "mvp"],
  ["i32.lt_u", NONE, 0x49, "none", "i32 i32 -> i32", "mvp"],
  ["i32.gt_s", NONE, 0x4a, "none", "i32 i32 -> i32", "mvp"],
  ["i32.gt_u", NONE, 0x4b, "none", "i32 i32 -> i32", "mvp"],
  ["i32.le_s", NONE, 0x4c, "none", "i32 i32 -> i32", "mvp"],
  ["i32.le_u", NONE, 0x4d, "none", "i32 i32 -> i32", "mvp"],
  ["i32.ge_s", NONE, 0x4e, "none", "i32 i32 -> i32", "mvp"],
  ["i32.ge_u", NONE, 0x4f, "none", "i32 i32 -> i32", "mvp"],
  ["i64.eqz", NONE, 0x50, "none", "i64 -> i32", "mvp"],
  ["i64.eq", NONE, 0x51, "none", "i64 i64 -> i32", "mvp"],
  ["i64.ne", NONE, 0x52, "none", "i64 i64 -> i32", "mvp"],
  ["i64.lt_s", NONE, 0x53, "none", "i64 i64 -> i32", "mvp"],
  ["i64.lt_u", NONE, 0x54, "none", "i64 i64 -> i32", "mvp"],
  ["i64.gt_s", NONE, 0x55, "none", "i64 i64 -> i32", "mvp"],
  ["i64.gt_u", NONE, 0x56, "none", "i64 i64 -> i32", "mvp"],
  ["i64.le_s", NONE, 0x57, "none", "i64 i64 -> i32", "mvp"],
  ["i64.le_u", NONE, 0x58, "none", "i64 i64 -> i32", "mvp"],
  ["i64.ge_s", NONE, 0x59, "none", "i64 i64 -> i32", "mvp"],
  ["i64.ge_u", NONE, 0x5a, "none", "i64 i64 -> i32", "mvp"],
  ["f32.eq", NONE, 0x5b, "none", "f32 f32 -> i32", "mvp"],
  ["f32.ne", NONE, 0x5c, "none", "f32 f32 -> i32", "mvp"],
  ["f32.lt", NONE, 0x5d, "none", "f32 f32 -> i32", "mvp"],
  ["f32.gt", NONE, 0x5e, "none", "f32 f32 -> i32", "mvp"],
  ["f32.le", NONE, 0x5f, "none", "f32 f32 -> i32", "mvp"],
  ["f32.ge", NONE, 0x60, "none", "f32 f32 -> i32", "mvp"],
  ["f64.eq", NONE, 0x61, "none", "f64 f64 -> i32", "mvp"],
  ["f64.ne", NONE, 0x62, "none", "f64 f64 -> i32", "mvp"],
  ["f64.lt", NONE, 0x63, "none", "f64 f64 -> i32", "mvp"],
  ["f64.gt", NONE, 0x64, "none", "f64 f64 -> i32", "mvp"],
  ["f64.le", NONE, 0x65, "none", "f64 f64 -> i32", "mvp"],
  ["f64.ge", NONE, 0x66, "none", "f64 f64 -> i32", "mvp"],
  ["i32.clz", NONE, 0x67, "none", "i32 -> i32", "mvp"],
  ["i32.ctz", NONE, 0x68, "none", "i32 -> i32", "mvp"],
  ["i32.popcnt", NONE, 0x69, "none", "i32 -> i32", "mvp"],
  ["i32.add", NONE, 0x6a, "none", "i32 i32 -> i32", "mvp"],
  ["i32.sub", NONE, 0x6b, "none", "i32 i32 -> i32", "mvp"],
  ["i32.mul", NONE, 0x6c, "none", "i32 i32 -> i32", "mvp"],
  ["i32.div_s", NONE, 0x6d, "none", "i32 i32 -> i32", "mvp"],
  ["i32.div_u", NONE, 0x6e, "none", "i32 i32 -> i32", "mvp"],
  ["i32.rem_s", NONE, 0x6f, "none", "i32 i32 -> i32", "mvp"],
  ["i32.rem_u", NONE, 0x70, "none", "i32 i32 -> i32", "mvp"],
  ["i32.and", NONE, 0x71, "none", "i32 i32 -> i32", "mvp"],
  ["i32.or", NONE, 0x72, "none", "i32 i32 -> i32", "mvp"],
  ["i32.xor", NONE, 0x73, "none", "i32 i32 -> i32", "mvp"],
  ["i32.shl", NONE, 0x74, "none", "i32 i32 -> i32", "mvp"],
  ["i32.shr_s", NONE, 0x75, "none", "i32 i32 -> i32", "mvp"],
  ["i32.shr_u", NONE, 0x76, "none", "i32 i32 -> i32", "mvp"],
  ["i32.rotl", NONE, 0x77, "none", "i32 i32 -> i32", "mvp"],
  ["i32.rotr", NONE, 0x78, "none", "i32 i32 -> i32", "mvp"],
  ["i64.clz", NONE, 0x79, "none", "i64 -> i64", "mvp"],
  ["i64.ctz", NONE, 0x7a, "none", "i64 -> i64", "mvp"],
  ["i64.popcnt", NONE, 0x7b, "none", "i64 -> i64", "mvp"],
  ["i64.add", NONE, 0x7c, "none", "i64 i64 -> i64", "mvp"],
  ["i64.sub", NONE, 0x7d, "none", "i64 i64 -> i64", "mvp"],
  ["i64.mul", NONE, 0x7e, "none", "i64 i64 -> i64", "mvp"],
  ["i64.div_s", NONE, 0x7f, "none", "i64 i64 -> i64", "mvp"],
  ["i64.div_u", NONE, 0x80, "none", "i64 i64 -> i64", "mvp"],
  ["i64.rem_s", NONE, 0x81, "none", "i64 i64 -> i64", "mvp"],
  ["i64.rem_u", NONE, 0x82, "none", "i64 i64 -> i64", "mvp"],
  ["i64.and", NONE, 0x83, "none", "i64 i64 -> i64", "mvp"],
  ["i64.or", NONE, 0x84, "none", "i64 i64 -> i64", "mvp"],
  ["i64.xor", NONE, 0x85, "none", "i64 i64 -> i64", "mvp"],
  ["i64.shl", NONE, 0x86, "none", "i64 i64 -> i64", "mvp"],
  ["i64.shr_s", NONE, 0x87, "none", "i64 i64 -> i64", "mvp"],
  ["i64.shr_u", NONE, 0x88, "none", "i64 i64 -> i64", "mvp"],
  ["i64.rotl", NONE, 0x89, "none", "i64 i64 -> i64", "mvp"],
  ["i64.rotr", NONE, 0x8a, "none", "i64 i64 -> i64", "mvp"],
  ["f32.abs", NONE, 0x8b, "none", "f32 -> f32", "mvp"],
  ["f32.neg", NONE, 0x8c, "none", "f32 -> f32", "mvp"],
  ["f32.ceil", NONE, 0x8d, "none", "f32 -> f32", "mvp"],
  ["f32.floor", NONE, 0x8e, "none", "f32 -> f32", "mvp"],
  ["f32.trunc", NONE, 0x8f, "none", "f32 -> f32", "mvp"],
  ["f32.nearest", NONE, 0x90, "none", "f32 -> f32", "mvp"],
  ["f32.sqrt", NONE, 0x91, "none", "f32 -> f32", "mvp"],
  ["f32.add", NONE, 0x92, "none", "f32 f32 -> f32", "mvp"],
  ["f32.sub", NONE, 0x93, "none", "f32 f32 -> f32", "mvp"],
  ["f32.mul", NONE, 0x94, "none", "f32 f32 -> f32", "mvp"],
  ["f32.div", NONE, 0x95, "none", "f32 f32 -> f32", "mvp"],
  ["f32.min", NONE, 0x96, "none", "f32 f32 -> f32", "mvp"],
  ["f32.max", NONE, 0x97, "none", "f32 f32 -> f32", "mvp"],
  ["f32.copysign", NONE, 0x98, "none", "f32 f32 -> f32", "mvp"],
  ["f64.abs", NONE, 0x99, "none", "f64 -> f64", "mvp"],
  ["f64.neg", NONE, 0x9a, "none", "f64 -> f64", "mvp"],
  ["f64.ceil", NONE, 0x9b, "none", "f64 -> f64", "mvp"],
  ["f64.floor", NONE, 0x9c, "none", "f64 -> f64", "mvp"],
  ["f64.trunc", NONE, 0x9d, "none", "f64 -> f64", "mvp"],
  ["f64.nearest", NONE, 0x9e, "none", "f64 -> f64", "mvp"],
  ["f64.sqrt", NONE, 0x9f, "none", "f64 -> f64", "mvp"],
  ["f64.add", NONE, 0xa0, "none", "f64 f64 -> f64", "mvp"],
  ["f64.sub", NONE, 0xa1, "none", "f64 f64 -> f64", "mvp"],
  ["f64.mul", NONE, 0xa2, "none", "f64 f64 -> f64", "mvp"],
  ["f64.div", NONE, 0xa3, "none", "f64 f64 -> f64", "mvp"],
  ["f64.min", NONE, 0xa4, "none", "f64 f64 -> f64", "mvp"],
  ["f64.max", NONE, 0xa5, "none", "f64 f64 -> f64", "mvp"],
  ["f64.copysign", NONE, 0xa6, "none", "f64 f64 -> f64", "mvp"],
  ["i32.wrap_i64", NONE, 0xa7, "none", "i64 -> i32", "mvp"],
  ["i32.trunc_f32_s", NONE, 0xa8, "none", "f32 -> i32", "mvp"],
  ["i32.trunc_f32_u", NONE, 0xa9, "none", "f32 -> i32", "mvp"],
  ["i32.trunc_f64_s", NONE, 0xaa, "none", "f64 -> i32", "mvp"],
  ["i32.trunc_f64_u", NONE, 0xab, "none", "f64 -> i32", "mvp"],
  ["i64.extend_i32_s", NONE, 0xac, "none", "i32 -> i64", "mvp"],
  ["i64.extend_i32_u", NONE, 0xad, "none", "i32 -> i64", "mvp"],
  ["i64.trunc_f32_s", NONE, 0xae, "none", "f32 -> i64", "mvp"],
  ["i64.trunc_f32_u", NONE, 0xaf, "none", "f32 -> i64", "mvp"],
  ["i64.trunc_f64_s", NONE, 0xb0, "none", "f64 -> i64", "mvp"],
  ["i64.trunc_f64_u", NONE, 0xb1, "none", "f64 -> i64", "mvp"],
  ["f32.convert_i32_s", NONE, 0xb2, "none", "i32 -> f32", "mvp"],
  ["f32.convert_i32_u", NONE, 0xb3, "none", "i32 -> f32", "mvp"],
  ["f32.convert_i64_s", NONE, 0xb4, "none", "i64 -> f32", "mvp"],
  ["f32.convert_i64_u", NONE, 0xb5, "none", "i64 -> f32", "mvp"],
  ["f32.demote_f64", NONE, 0xb6, "none", "f64 -> f32", "mvp"],
  ["f64.convert_i32_s", NONE, 0xb7, "none", "i32 -> f64", "mvp"],
  ["f64.convert_i32_u", NONE, 0xb8, "none", "i32 -> f64", "mvp"],
  ["f64.convert_i64_s", NONE, 0xb9, "none", "i64 -> f64", "mvp"],
  ["f64.convert_i64_u", NONE, 0xba, "none", "i64 -> f64", "mvp"],
  ["f64.promote_f32", NONE, 0xbb, "none", "f32 -> f64", "mvp"],
  ["i32.reinterpret_f32", NONE, 0xbc, "none", "f32 -> i32", "mvp"],
  ["i64.reinterpret_f64", NONE, 0xbd, "none", "f64 -> i64", "mvp"],
  ["f32.reinterpret_i32", NONE, 0xbe, "none", "i32 -> f32", "mvp"],
  ["f64.reinterpret_i64", NONE, 0xbf, "none", "i64 -> f64", "mvp"],
  ["i32.extend8_s", NONE, 0xc0, "none", "i32 -> i32", "signExtension"],
  ["i32.extend16_s", NONE, 0xc1, "none", "i32 -> i32", "signExtension"],
  ["i64.extend8_s", NONE, 0xc2, "none", "i64 -> i64", "signExtension"],
  ["i64.extend16_s", NONE, 0xc3, "none", "i64 -> i64", "signExtension"],
  ["i64.extend32_s", NONE, 0xc4, "none", "i64 -> i64", "signExtension"],
  ["ref.null", NONE, 0xd0, "reftype", SPECIAL, "referenceTypes"],
  ["ref.is_null", NONE, 0xd1, "none", SPECIAL, "referenceTypes"],
  ["ref.func", NONE, 0xd2, "funcidx", SPECIAL, "referenceTypes"],
  ["i32.trunc_sat_f32_s", FC, 0x00, "none", "f32 -> i32", "nontrappingFloatToInt"],
  ["i32.trunc_sat_f32_u", FC, 0x01, "none", "f32 -> i32", "nontrappingFloatToInt"],
  ["i32.trunc_sat_f64_s", FC, 0x02, "none", "f64 -> i32", "nontrappingFloatToInt"],
  ["i32.trunc_sat_f64_u", FC, 0x03, "none", "f64 -> i32", "nontrappingFloatToInt"],
  ["i64.trunc_sat_f32_s", FC, 0x04, "none", "f32 -> i64", "nontrappingFloatToInt"],
  ["i64.trunc_sat_f32_u", FC, 0x05, "none", "f32 -> i64", "nontrappingFloatToInt"],
  ["i64.trunc_sat_f64_s", FC, 0x06, "none", "f64 -> i64", "nontrappingFloatToInt"],
  ["i64.trunc_sat_f64_u", FC, 0x07, "none", "f64 -> i64", "nontrappingFloatToInt"],
  ["memory.init", FC, 0x08, "memory.init", "i32 i32 i32 ->", "bulkMemory"],
  ["data.drop", FC, 0x09, "dataidx", "->", "bulkMemory"],
  ["memory.copy", FC, 0x0a, "memory.copy", "i32 i32 i32 ->", "bulkMemory"],
  ["memory.fill", FC, 0x0b, "memidx", "i32 i32 i32 ->", "bulkMemory"],
  ["table.init", FC, 0x0c, "table.init", "i32 i32 i32 ->", "bulkMemory"],
  ["elem.drop", FC, 0x0d, "elemidx", "->", "bulkMemory"],
  ["table.copy", FC, 0x0e, "table.copy", "i32 i32 i32 ->", "bulkMemory"],
  ["table.grow", FC, 0x0f, "tableidx", SPECIAL, "referenceTypes"],
  ["table.size", FC, 0x10, "tableidx", "-> i32", "referenceTypes"],
  ["table.fill", FC, 0x11, "tableidx", SPECIAL, "referenceTypes"],
  ["v128.load", FD, 0x00, "memarg", "i32 -> v128", "simd", 4],
  ["v128.load8x8_s", FD, 0x01, "memarg", "i32 -> v128", "simd", 3],
  ["v128.load8x8_u", FD, 0x02, "memarg", "i32 -> v128", "simd", 3],
  ["v128.load16x4_s", FD, 0x03, "memarg", "i32 -> v128", "simd", 3],
  ["v128.load16x4_u", FD, 0x04, "memarg", "i32 -> v128", "simd", 3],
  ["v128.load32x2_s", FD, 0x05, "memarg", "i32 -> v128", "simd", 3],
  ["v128.load32x2_u", FD, 0x06, "memarg", "i32 -> v128", "simd", 3],
  ["v128.load8_splat", FD, 0x07, "memarg", "i32 -> v128", "simd", 0],
  ["v128.load16_splat", FD, 0x08, "memarg", "i32 -> v128", "simd", 1],
  ["v128.load32_splat", FD, 0x09, "memarg", "i32 -> v128", "simd", 2],
  ["v128.load64_splat", FD, 0x0a, "memarg", "i32 -> v128", "simd", 3],
  ["v128.store", FD, 0x0b, "memarg", "i32 v128 ->", "simd", 4],
  ["v128.const", FD, 0x0c, "v128", "-> v128", "simd"],
  ["i8x16.shuffle", FD, 0x0d, "shuffle", "v128 v128 -> v128", "simd"],
  ["i8x16.swizzle", FD, 0x0e, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.splat", FD, 0x0f, "none", "i32 -> v128", "simd"],
  ["i16x8.splat", FD, 0x10, "none", "i32 -> v128", "simd"],
  ["i32x4.splat", FD, 0x11, "none", "i32 -> v128", "simd"],
  ["i64x2.splat", FD, 0x12, "none", "i64 -> v128", "simd"],
  ["f32x4.splat", FD, 0x13, "none", "f32 -> v128", "simd"],
  ["f64x2.splat", FD, 0x14, "none", "f64 -> v128", "simd"],
  ["i8x16.extract_lane_s", FD, 0x15, "lane", "v128 -> i32", "simd"],
  ["i8x16.extract_lane_u", FD, 0x16, "lane", "v128 -> i32", "simd"],
  ["i8x16.replace_lane", FD, 0x17, "lane", "v128 i32 -> v128", "simd"],
  ["i16x8.extract_lane_s", FD, 0x18, "lane", "v128 -> i32", "simd"],
  ["i16x8.extract_lane_u", FD, 0x19, "lane", "v128 -> i32", "simd"],
  ["i16x8.replace_lane", FD, 0x1a, "lane", "v128 i32 -> v128", "simd"],
  ["i32x4.extract_lane", FD, 0x1b, "lane", "v128 -> i32", "simd"],
  ["i32x4.replace_lane", FD, 0x1c, "lane", "v128 i32 -> v128", "simd"],
  ["i64x2.extract_lane", FD, 0x1d, "lane", "v128 -> i64", "simd"],
  ["i64x2.replace_lane", FD, 0x1e, "lane", "v128 i64 -> v128", "simd"],
  ["f32x4.extract_lane", FD, 0x1f, "lane", "v128 -> f32", "simd"],
  ["f32x4.replace_lane", FD, 0x20, "lane", "v128 f32 -> v128", "simd"],
  ["f64x2.extract_lane", FD, 0x21, "lane", "v128 -> f64", "simd"],
  ["f64x2.replace_lane", FD, 0x22, "lane", "v128 f64 -> v128", "simd"],
  ["i8x16.eq", FD, 0x23, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.ne", FD, 0x24, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.lt_s", FD, 0x25, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.lt_u", FD, 0x26, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.gt_s", FD, 0x27, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.gt_u", FD, 0x28, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.le_s", FD, 0x29, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.le_u", FD, 0x2a, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.ge_s", FD, 0x2b, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.ge_u", FD, 0x2c, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.eq", FD, 0x2d, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.ne", FD, 0x2e, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.lt_s", FD, 0x2f, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.lt_u", FD, 0x30, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.gt_s", FD, 0x31, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.gt_u", FD, 0x32, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.le_s", FD, 0x33, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.le_u", FD, 0x34, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.ge_s", FD, 0x35, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.ge_u", FD, 0x36, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.eq", FD, 0x37, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.ne", FD, 0x38, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.lt_s", FD, 0x39, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.lt_u", FD, 0x3a, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.gt_s", FD, 0x3b, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.gt_u", FD, 0x3c, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.le_s", FD, 0x3d, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.le_u", FD, 0x3e, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.ge_s", FD, 0x3f, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.ge_u", FD, 0x40, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.eq", FD, 0x41, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.ne", FD, 0x42, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.lt", FD, 0x43, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.gt", FD, 0x44, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.le", FD, 0x45, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.ge", FD, 0x46, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.eq", FD, 0x47, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.ne", FD, 0x48, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.lt", FD, 0x49, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.gt", FD, 0x4a, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.le", FD, 0x4b, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.ge", FD, 0x4c, "none", "v128 v128 -> v128", "simd"],
  ["v128.not", FD, 0x4d, "none", "v128 -> v128", "simd"],
  ["v128.and", FD, 0x4e, "none", "v128 v128 -> v128", "simd"],
  ["v128.andnot", FD, 0x4f, "none", "v128 v128 -> v128", "simd"],
  ["v128.or", FD, 0x50, "none", "v128 v128 -> v128", "simd"],
  ["v128.xor", FD, 0x51, "none", "v128 v128 -> v128", "simd"],
  ["v128.bitselect", FD, 0x52, "none", "v128 v128 v128 -> v128", "simd"],
  ["v128.any_true", FD, 0x53, "none", "v128 -> i32", "simd"],
  ["v128.load8_lane", FD, 0x54, "memarg_lane", "i32 v128 -> v128", "simd", 0],
  ["v128.load16_lane", FD, 0x55, "memarg_lane", "i32 v128 -> v128", "simd", 1],
  ["v128.load32_lane", FD, 0x56, "memarg_lane", "i32 v128 -> v128", "simd", 2],
  ["v128.load64_lane", FD, 0x57, "memarg_lane", "i32 v128 -> v128", "simd", 3],
  ["v128.store8_lane", FD, 0x58, "memarg_lane", "i32 v128 ->", "simd", 0],
  ["v128.store16_lane", FD, 0x59, "memarg_lane", "i32 v128 ->", "simd", 1],
  ["v128.store32_lane", FD, 0x5a, "memarg_lane", "i32 v128 ->", "simd", 2],
  ["v128.store64_lane", FD, 0x5b, "memarg_lane", "i32 v128 ->", "simd", 3],
  ["v128.load32_zero", FD, 0x5c, "memarg", "i32 -> v128", "simd", 2],
  ["v128.load64_zero", FD, 0x5d, "memarg", "i32 -> v128", "simd", 3],
  ["f32x4.demote_f64x2_zero", FD, 0x5e, "none", "v128 -> v128", "simd"],
  ["f64x2.promote_low_f32x4", FD, 0x5f, "none", "v128 -> v128", "simd"],
  ["i8x16.abs", FD, 0x60, "none", "v128 -> v128", "simd"],
  ["i8x16.neg", FD, 0x61, "none", "v128 -> v128", "simd"],
  ["i8x16.popcnt", FD, 0x62, "none", "v128 -> v128", "simd"],
  ["i8x16.all_true", FD, 0x63, "none", "v128 -> i32", "simd"],
  ["i8x16.bitmask", FD, 0x64, "none", "v128 -> i32", "simd"],
  ["i8x16.narrow_i16x8_s", FD, 0x65, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.narrow_i16x8_u", FD, 0x66, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.ceil", FD, 0x67, "none", "v128 -> v128", "simd"],
  ["f32x4.floor", FD, 0x68, "none", "v128 -> v128", "simd"],
  ["f32x4.trunc", FD, 0x69, "none", "v128 -> v128", "simd"],
  ["f32x4.nearest", FD, 0x6a, "none", "v128 -> v128", "simd"],
  ["i8x16.shl", FD, 0x6b, "none", "v128 i32 -> v128", "simd"],
  ["i8x16.shr_s", FD, 0x6c, "none", "v128 i32 -> v128", "simd"],
  ["i8x16.shr_u", FD, 0x6d, "none", "v128 i32 -> v128", "simd"],
  ["i8x16.add", FD, 0x6e, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.add_sat_s", FD, 0x6f, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.add_sat_u", FD, 0x70, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.sub", FD, 0x71, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.sub_sat_s", FD, 0x72, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.sub_sat_u", FD, 0x73, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.ceil", FD, 0x74, "none", "v128 -> v128", "simd"],
  ["f64x2.floor", FD, 0x75, "none", "v128 -> v128", "simd"],
  ["i8x16.min_s", FD, 0x76, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.min_u", FD, 0x77, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.max_s", FD, 0x78, "none", "v128 v128 -> v128", "simd"],
  ["i8x16.max_u", FD, 0x79, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.trunc", FD, 0x7a, "none", "v128 -> v128", "simd"],
  ["i8x16.avgr_u", FD, 0x7b, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.extadd_pairwise_i8x16_s", FD, 0x7c, "none", "v128 -> v128", "simd"],
  ["i16x8.extadd_pairwise_i8x16_u", FD, 0x7d, "none", "v128 -> v128", "simd"],
  ["i32x4.extadd_pairwise_i16x8_s", FD, 0x7e, "none", "v128 -> v128", "simd"],
  ["i32x4.extadd_pairwise_i16x8_u", FD, 0x7f, "none", "v128 -> v128", "simd"],
  ["i16x8.abs", FD, 0x80, "none", "v128 -> v128", "simd"],
  ["i16x8.neg", FD, 0x81, "none", "v128 -> v128", "simd"],
  ["i16x8.q15mulr_sat_s", FD, 0x82, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.all_true", FD, 0x83, "none", "v128 -> i32", "simd"],
  ["i16x8.bitmask", FD, 0x84, "none", "v128 -> i32", "simd"],
  ["i16x8.narrow_i32x4_s", FD, 0x85, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.narrow_i32x4_u", FD, 0x86, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.extend_low_i8x16_s", FD, 0x87, "none", "v128 -> v128", "simd"],
  ["i16x8.extend_high_i8x16_s", FD, 0x88, "none", "v128 -> v128", "simd"],
  ["i16x8.extend_low_i8x16_u", FD, 0x89, "none", "v128 -> v128", "simd"],
  ["i16x8.extend_high_i8x16_u", FD, 0x8a, "none", "v128 -> v128", "simd"],
  ["i16x8.shl", FD, 0x8b, "none", "v128 i32 -> v128", "simd"],
  ["i16x8.shr_s", FD, 0x8c, "none", "v128 i32 -> v128", "simd"],
  ["i16x8.shr_u", FD, 0x8d, "none", "v128 i32 -> v128", "simd"],
  ["i16x8.add", FD, 0x8e, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.add_sat_s", FD, 0x8f, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.add_sat_u", FD, 0x90, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.sub", FD, 0x91, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.sub_sat_s", FD, 0x92, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.sub_sat_u", FD, 0x93, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.nearest", FD, 0x94, "none", "v128 -> v128", "simd"],
  ["i16x8.mul", FD, 0x95, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.min_s", FD, 0x96, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.min_u", FD, 0x97, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.max_s", FD, 0x98, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.max_u", FD, 0x99, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.avgr_u", FD, 0x9b, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.extmul_low_i8x16_s", FD, 0x9c, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.extmul_high_i8x16_s", FD, 0x9d, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.extmul_low_i8x16_u", FD, 0x9e, "none", "v128 v128 -> v128", "simd"],
  ["i16x8.extmul_high_i8x16_u", FD, 0x9f, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.abs", FD, 0xa0, "none", "v128 -> v128", "simd"],
  ["i32x4.neg", FD, 0xa1, "none", "v128 -> v128", "simd"],
  ["i32x4.all_true", FD, 0xa3, "none", "v128 -> i32", "simd"],
  ["i32x4.bitmask", FD, 0xa4, "none", "v128 -> i32", "simd"],
  ["i32x4.extend_low_i16x8_s", FD, 0xa7, "none", "v128 -> v128", "simd"],
  ["i32x4.extend_high_i16x8_s", FD, 0xa8, "none", "v128 -> v128", "simd"],
  ["i32x4.extend_low_i16x8_u", FD, 0xa9, "none", "v128 -> v128", "simd"],
  ["i32x4.extend_high_i16x8_u", FD, 0xaa, "none", "v128 -> v128", "simd"],
  ["i32x4.shl", FD, 0xab, "none", "v128 i32 -> v128", "simd"],
  ["i32x4.shr_s", FD, 0xac, "none", "v128 i32 -> v128", "simd"],
  ["i32x4.shr_u", FD, 0xad, "none", "v128 i32 -> v128", "simd"],
  ["i32x4.add", FD, 0xae, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.sub", FD, 0xb1, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.mul", FD, 0xb5, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.min_s", FD, 0xb6, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.min_u", FD, 0xb7, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.max_s", FD, 0xb8, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.max_u", FD, 0xb9, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.dot_i16x8_s", FD, 0xba, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.extmul_low_i16x8_s", FD, 0xbc, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.extmul_high_i16x8_s", FD, 0xbd, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.extmul_low_i16x8_u", FD, 0xbe, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.extmul_high_i16x8_u", FD, 0xbf, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.abs", FD, 0xc0, "none", "v128 -> v128", "simd"],
  ["i64x2.neg", FD, 0xc1, "none", "v128 -> v128", "simd"],
  ["i64x2.all_true", FD, 0xc3, "none", "v128 -> i32", "simd"],
  ["i64x2.bitmask", FD, 0xc4, "none", "v128 -> i32", "simd"],
  ["i64x2.extend_low_i32x4_s", FD, 0xc7, "none", "v128 -> v128", "simd"],
  ["i64x2.extend_high_i32x4_s", FD, 0xc8, "none", "v128 -> v128", "simd"],
  ["i64x2.extend_low_i32x4_u", FD, 0xc9, "none", "v128 -> v128", "simd"],
  ["i64x2.extend_high_i32x4_u", FD, 0xca, "none", "v128 -> v128", "simd"],
  ["i64x2.shl", FD, 0xcb, "none", "v128 i32 -> v128", "simd"],
  ["i64x2.shr_s", FD, 0xcc, "none", "v128 i32 -> v128", "simd"],
  ["i64x2.shr_u", FD, 0xcd, "none", "v128 i32 -> v128", "simd"],
  ["i64x2.add", FD, 0xce, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.sub", FD, 0xd1, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.mul", FD, 0xd5, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.eq", FD, 0xd6, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.ne", FD, 0xd7, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.lt_s", FD, 0xd8, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.gt_s", FD, 0xd9, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.le_s", FD, 0xda, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.ge_s", FD, 0xdb, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.extmul_low_i32x4_s", FD, 0xdc, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.extmul_high_i32x4_s", FD, 0xdd, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.extmul_low_i32x4_u", FD, 0xde, "none", "v128 v128 -> v128", "simd"],
  ["i64x2.extmul_high_i32x4_u", FD, 0xdf, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.abs", FD, 0xe0, "none", "v128 -> v128", "simd"],
  ["f32x4.neg", FD, 0xe1, "none", "v128 -> v128", "simd"],
  ["f32x4.sqrt", FD, 0xe3, "none", "v128 -> v128", "simd"],
  ["f32x4.add", FD, 0xe4, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.sub", FD, 0xe5, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.mul", FD, 0xe6, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.div", FD, 0xe7, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.min", FD, 0xe8, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.max", FD, 0xe9, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.pmin", FD, 0xea, "none", "v128 v128 -> v128", "simd"],
  ["f32x4.pmax", FD, 0xeb, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.abs", FD, 0xec, "none", "v128 -> v128", "simd"],
  ["f64x2.neg", FD, 0xed, "none", "v128 -> v128", "simd"],
  ["f64x2.sqrt", FD, 0xef, "none", "v128 -> v128", "simd"],
  ["f64x2.add", FD, 0xf0, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.sub", FD, 0xf1, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.mul", FD, 0xf2, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.div", FD, 0xf3, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.min", FD, 0xf4, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.max", FD, 0xf5, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.pmin", FD, 0xf6, "none", "v128 v128 -> v128", "simd"],
  ["f64x2.pmax", FD, 0xf7, "none", "v128 v128 -> v128", "simd"],
  ["i32x4.trunc_sat_f32x4_s", FD, 0xf8, "none", "v128 -> v128", "simd"],
  ["i32x4.trunc_sat_f32x4_u", FD, 0xf9, "none", "v128 -> v128", "simd"],
  ["f32x4.convert_i32x4_s", FD, 0xfa, "none", "v128 -> v128", "simd"],
  ["f32x4.convert_i32x4_u", FD, 0xfb, "none", "v128 -> v128", "simd"],
  ["i32x4.trunc_sat_f64x2_s_zero", FD, 0xfc, "none", "v128 -> v128", "simd"],
  ["i32x4.trunc_sat_f64x2_u_zero", FD, 0xfd, "none", "v128 -> v128", "simd"],
  ["f64x2.convert_low_i32x4_s", FD, 0xfe, "none", "v128 -> v128", "simd"],
  ["f64x2.convert_low_i32x4_u", FD, 0xff, "none", "v128 -> v128", "simd"],
];

function parseSignature(signature: string): [ValType[], ValType[]] {
  const [params = "", results = ""] = signature.split("->");
  const types = (text: string) => text.trim().split(/\s+/).filter((t) => t !== "") as ValType[];
  return [types(params), types(results)];
}

function buildRow(spec: RowSpec, id: number): OpcodeRow {
  const [mnemonic, prefix, code, immediate, signature, feature, naturalAlign] = spec;
  const [params, results] = signature === null ? [undefined, undefined] : parseSignature(signature);
  return Object.freeze({
    mnemonic,
    prefix,
    code,
    immediate,
    params: params && Object.freeze(params),
    results: results && Object.freeze(results),
    feature,
    naturalAlign,
    id,
  });
}

/** Every opcode of WebAssembly 2.0, in table order. */
export const OPCODES: readonly OpcodeRow[] = Object.freeze(ROWS.map(buildRow));

/** Lookup by mnemonic (the typed select is `select_t`). */
export const OPCODE_BY_MNEMONIC: ReadonlyMap<string, OpcodeRow> = new Map(
  OPCODES.map((row) => [row.mnemonic, row]),
);

function codeTable(prefix: Prefix): readonly (OpcodeRow | undefined)[] {
  const table = new Array<OpcodeRow | undefined>(256).fill(undefined);
  for (const row of OPCODES) if (row.prefix === prefix) table[row.code] = row;
  return table;
}

/** Lookup by code for each prefix: `OPCODE_BY_CODE[prefix][code]`. */
export const OPCODE_BY_CODE: Readonly<Record<Prefix, readonly (OpcodeRow | undefined)[]>> = {
  [NONE]: codeTable(NONE),
  [FC]: codeTable(FC),
  [FD]: codeTable(FD),
};

/**
 * The row of `mnemonic`, for code that names ops literally.
 *
 * @throws {InternalError} when there is no such opcode (a typo in engine code).
 */
export function opcode(mnemonic: string): OpcodeRow {
  const row = OPCODE_BY_MNEMONIC.get(mnemonic);
  if (row === undefined) throw new InternalError(`Cannot find opcode "${mnemonic}"`);
  return row;
}
