/**
 * Lowering of the vector instructions (spec 4.4.3 "Vector Instructions") other than memory
 * accesses (`simd_memory.ts`). Every op is a row naming its operand shape; the shape's
 * lowering moves the operands between the value stack and registers and makes one
 * macro-assembler call, whose x86-64 sequences live in `engine/x64/_masm_simd*.ts`.
 *
 * v128 values live in float registers and take 16-byte spill slots and local cells.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { Instruction, ValType } from "../wasm/syntax.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import type { SimdOp } from "./masm.ts";

/** How an op takes its operands and gives its result. */
type Shape =
  | "binop" // v128 v128 -> v128
  | "unop" // v128 -> v128
  | "shift" // v128 i32 -> v128
  | "reduce" // v128 -> i32
  | "splat" // scalar -> v128
  | "extract" // v128 -> scalar (lane immediate)
  | "replace"; // v128 scalar -> v128 (lane immediate)

const LANES = ["i8x16", "i16x8", "i32x4", "i64x2"] as const;
const INT_CMP = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
const FLOAT_CMP = ["eq", "ne", "lt", "gt", "le", "ge"];

/** Every op of `shape` named `<lanes>.<name>`. */
function family(lanes: readonly string[], names: readonly string[]): string[] {
  return lanes.flatMap((lane) => names.map((name) => `${lane}.${name}`));
}

// deno-fmt-ignore
const ROWS: readonly (readonly [Shape, readonly string[]])[] = [
  ["binop", [
    ...family(LANES, ["add", "sub"]),
    ...family(["i8x16", "i16x8"], ["add_sat_s", "add_sat_u", "sub_sat_s", "sub_sat_u", "avgr_u"]),
    ...family(["i16x8", "i32x4", "i64x2"], ["mul"]),
    ...family(["i8x16", "i16x8", "i32x4"], ["min_s", "min_u", "max_s", "max_u"]),
    ...family(["i8x16", "i16x8", "i32x4"], INT_CMP),
    ...family(["i64x2"], ["eq", "ne", "lt_s", "gt_s", "le_s", "ge_s"]),
    ...family(["f32x4", "f64x2"], FLOAT_CMP),
    ...family(["f32x4", "f64x2"], ["add", "sub", "mul", "div", "min", "max", "pmin", "pmax"]),
    "v128.and", "v128.andnot", "v128.or", "v128.xor",
    "i8x16.narrow_i16x8_s", "i8x16.narrow_i16x8_u", "i16x8.narrow_i32x4_s", "i16x8.narrow_i32x4_u",
    "i8x16.swizzle", "i16x8.q15mulr_sat_s", "i32x4.dot_i16x8_s",
    ...family(["i16x8"], ["extmul_low_i8x16_s", "extmul_high_i8x16_s", "extmul_low_i8x16_u", "extmul_high_i8x16_u"]),
    ...family(["i32x4"], ["extmul_low_i16x8_s", "extmul_high_i16x8_s", "extmul_low_i16x8_u", "extmul_high_i16x8_u"]),
    ...family(["i64x2"], ["extmul_low_i32x4_s", "extmul_high_i32x4_s", "extmul_low_i32x4_u", "extmul_high_i32x4_u"]),
  ]],
  ["unop", [
    "v128.not", ...family(LANES, ["abs", "neg"]), "i8x16.popcnt",
    ...family(["f32x4", "f64x2"], ["abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"]),
    "i16x8.extadd_pairwise_i8x16_s", "i16x8.extadd_pairwise_i8x16_u",
    "i32x4.extadd_pairwise_i16x8_s", "i32x4.extadd_pairwise_i16x8_u",
    ...family(["i16x8"], ["extend_low_i8x16_s", "extend_high_i8x16_s", "extend_low_i8x16_u", "extend_high_i8x16_u"]),
    ...family(["i32x4"], ["extend_low_i16x8_s", "extend_high_i16x8_s", "extend_low_i16x8_u", "extend_high_i16x8_u"]),
    ...family(["i64x2"], ["extend_low_i32x4_s", "extend_high_i32x4_s", "extend_low_i32x4_u", "extend_high_i32x4_u"]),
    "f32x4.convert_i32x4_s", "f32x4.convert_i32x4_u",
    "f64x2.convert_low_i32x4_s", "f64x2.convert_low_i32x4_u",
    "i32x4.trunc_sat_f32x4_s", "i32x4.trunc_sat_f32x4_u",
    "i32x4.trunc_sat_f64x2_s_zero", "i32x4.trunc_sat_f64x2_u_zero",
    "f32x4.demote_f64x2_zero", "f64x2.promote_low_f32x4",
  ]],
  ["shift", family(LANES, ["shl", "shr_s", "shr_u"])],
  ["reduce", ["v128.any_true", ...family(LANES, ["all_true", "bitmask"])]],
  ["splat", family([...LANES, "f32x4", "f64x2"], ["splat"])],
  ["extract", [
    "i8x16.extract_lane_s", "i8x16.extract_lane_u", "i16x8.extract_lane_s",
    "i16x8.extract_lane_u", ...family(["i32x4", "i64x2", "f32x4", "f64x2"], ["extract_lane"]),
  ]],
  ["replace", family([...LANES, "f32x4", "f64x2"], ["replace_lane"])],
];

function resultType(instr: Instruction): ValType {
  const type = instr.op.results?.[0];
  if (type === undefined) throw new InternalError(`${instr.op.mnemonic} has no result`);
  return type;
}

/** Float ops whose NaN results `nanCanonicalization` makes canonical, with their lane size. */
const ARITHMETIC =
  /^(f32x4|f64x2)\.(add|sub|mul|div|min|max|sqrt|ceil|floor|trunc|nearest)$|^(f32x4\.demote|f64x2\.promote)/;

function canonicalize(fc: FuncCompiler, op: SimdOp, dst: number): void {
  if (fc.ctx.settings.nanCanonicalization && ARITHMETIC.test(op)) {
    fc.masm.simdCanonicalizeNan(op.startsWith("f32x4") ? 32 : 64, dst);
  }
}

const SHAPES: Readonly<Record<Shape, (op: SimdOp) => Lowering>> = {
  binop: (op) => (fc) => {
    const src = fc.stack.popReg();
    const dst = fc.stack.popReg();
    fc.masm.simdBinop(op, dst, src);
    canonicalize(fc, op, dst);
    fc.stack.free(src);
    fc.stack.pushReg("v128", dst);
  },
  unop: (op) => (fc) => {
    const dst = fc.stack.popReg();
    fc.masm.simdUnop(op, dst);
    canonicalize(fc, op, dst);
    fc.stack.pushReg("v128", dst);
  },
  shift: (op) => (fc) => {
    const count = fc.stack.popSrc();
    const dst = fc.stack.popReg();
    fc.masm.simdShift(op, dst, count);
    if (count.reg !== undefined) fc.stack.free(count.reg);
    fc.stack.pushReg("v128", dst);
  },
  reduce: (op) => (fc) => {
    const src = fc.stack.popReg();
    const dst = fc.stack.alloc(false);
    fc.masm.simdReduce(op, dst, src);
    fc.stack.free(src);
    fc.stack.pushReg("i32", dst);
  },
  splat: (op) => (fc) => {
    const src = fc.stack.popReg();
    const float = op.startsWith("f");
    const dst = float ? src : fc.stack.alloc(true);
    fc.masm.simdSplat(op, dst, src);
    if (!float) fc.stack.free(src);
    fc.stack.pushReg("v128", dst);
  },
  extract: (op) => (fc, instr) => {
    const src = fc.stack.popReg();
    const type = resultType(instr);
    const float = fc.isFloat(type);
    const dst = float ? src : fc.stack.alloc(false);
    fc.masm.simdExtractLane(op, instr.index, dst, src);
    if (!float) fc.stack.free(src);
    fc.stack.pushReg(type, dst);
  },
  replace: (op) => (fc, instr) => {
    const src = fc.stack.popReg();
    const dst = fc.stack.popReg();
    fc.masm.simdReplaceLane(op, instr.index, dst, src);
    fc.stack.free(src);
    fc.stack.pushReg("v128", dst);
  },
};

function lowerConst(fc: FuncCompiler, instr: Instruction): void {
  fc.stack.pushConst("v128", bitsOf(instr));
}

/** The 16 immediate bytes as a little-endian 128-bit value. */
function bitsOf(instr: Instruction): bigint {
  const bytes = instr.bytes;
  if (bytes === undefined) throw new InternalError(`${instr.op.mnemonic} has no bytes`);
  let bits = 0n;
  for (let i = 15; i >= 0; i--) bits = (bits << 8n) | BigInt(bytes[i]!);
  return bits;
}

function lowerShuffle(fc: FuncCompiler, instr: Instruction): void {
  const src = fc.stack.popReg();
  const dst = fc.stack.popReg();
  fc.masm.simdShuffle(dst, src, instr.bytes!);
  fc.stack.free(src);
  fc.stack.pushReg("v128", dst);
}

function lowerBitselect(fc: FuncCompiler): void {
  const mask = fc.stack.popReg();
  const src = fc.stack.popReg();
  const dst = fc.stack.popReg();
  fc.masm.simdBitselect(dst, src, mask);
  fc.stack.free(mask);
  fc.stack.free(src);
  fc.stack.pushReg("v128", dst);
}

/** The vector lowerings (without memory accesses), by mnemonic. */
export const SIMD_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ...ROWS.flatMap(([shape, ops]) => ops.map((op): [string, Lowering] => [op, SHAPES[shape](op)])),
  ["v128.const", lowerConst],
  ["i8x16.shuffle", lowerShuffle],
  ["v128.bitselect", lowerBitselect],
]);

/** Every mnemonic the rows name (for tests: each must be an opcode of the table). */
export const SIMD_ROW_OPS: readonly string[] = ROWS.flatMap(([, ops]) => ops);
