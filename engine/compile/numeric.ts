/**
 * Lowering of the numeric instructions (spec 4.4.1 "Numeric Instructions"): constants, and
 * every i32/i64/f32/f64 unary, binary, test, comparison and conversion operator.
 *
 * Uniform op families are rows (QBE's `omap`, Winch's binop helpers): each row names the Wasm
 * op, the macro-assembler method that implements it, the masm operation and the operand size.
 * One small function per masm method moves the operands between the value stack and
 * registers; the semantics (traps, NaN rules, rounding) live in the masm implementation.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import { opcode } from "../wasm/opcodes.ts";
import type { Instruction, ValType } from "../wasm/syntax.ts";
import { emitFloatLibcall } from "./call.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import type {
  DivOp,
  FloatBinop,
  FloatCond,
  FloatUnop,
  IntBinop,
  IntCond,
  IntUnop,
  ShiftOp,
  Size,
} from "./masm.ts";

/** One numeric row: Wasm mnemonic, masm method, masm operation, operand size. */
type Row =
  | readonly [string, "intBinop", IntBinop, Size]
  | readonly [string, "intShift", ShiftOp, Size]
  | readonly [string, "intDivRem", DivOp, Size]
  | readonly [string, "intUnop", IntUnop, Size]
  | readonly [string, "intCompare", IntCond, Size]
  | readonly [string, "intEqz", "eqz", Size]
  | readonly [string, "floatBinop", FloatBinop, Size]
  | readonly [string, "floatUnop", FloatUnop, Size]
  | readonly [string, "floatCompare", FloatCond, Size]
  | readonly [string, "floatConvert", "promote" | "demote", Size]
  | readonly [string, "intToFloat", "signed" | "unsigned", Size, Size]
  | readonly [string, "floatToInt", "signed" | "unsigned", Size, Size, "trap" | "sat"]
  | readonly [string, "extendI32", "signed" | "unsigned", 64]
  | readonly [string, "wrapI64", "wrap", 32]
  | readonly [string, "moveBits", "reinterpret", Size];

// deno-fmt-ignore
const ROWS: readonly Row[] = [
  ["i32.add", "intBinop", "add", 32], ["i64.add", "intBinop", "add", 64],
  ["i32.sub", "intBinop", "sub", 32], ["i64.sub", "intBinop", "sub", 64],
  ["i32.mul", "intBinop", "mul", 32], ["i64.mul", "intBinop", "mul", 64],
  ["i32.and", "intBinop", "and", 32], ["i64.and", "intBinop", "and", 64],
  ["i32.or", "intBinop", "or", 32], ["i64.or", "intBinop", "or", 64],
  ["i32.xor", "intBinop", "xor", 32], ["i64.xor", "intBinop", "xor", 64],
  ["i32.shl", "intShift", "shl", 32], ["i64.shl", "intShift", "shl", 64],
  ["i32.shr_s", "intShift", "shr_s", 32], ["i64.shr_s", "intShift", "shr_s", 64],
  ["i32.shr_u", "intShift", "shr_u", 32], ["i64.shr_u", "intShift", "shr_u", 64],
  ["i32.rotl", "intShift", "rotl", 32], ["i64.rotl", "intShift", "rotl", 64],
  ["i32.rotr", "intShift", "rotr", 32], ["i64.rotr", "intShift", "rotr", 64],
  ["i32.div_s", "intDivRem", "div_s", 32], ["i64.div_s", "intDivRem", "div_s", 64],
  ["i32.div_u", "intDivRem", "div_u", 32], ["i64.div_u", "intDivRem", "div_u", 64],
  ["i32.rem_s", "intDivRem", "rem_s", 32], ["i64.rem_s", "intDivRem", "rem_s", 64],
  ["i32.rem_u", "intDivRem", "rem_u", 32], ["i64.rem_u", "intDivRem", "rem_u", 64],
  ["i32.clz", "intUnop", "clz", 32], ["i64.clz", "intUnop", "clz", 64],
  ["i32.ctz", "intUnop", "ctz", 32], ["i64.ctz", "intUnop", "ctz", 64],
  ["i32.popcnt", "intUnop", "popcnt", 32], ["i64.popcnt", "intUnop", "popcnt", 64],
  ["i32.extend8_s", "intUnop", "extend8_s", 32], ["i64.extend8_s", "intUnop", "extend8_s", 64],
  ["i32.extend16_s", "intUnop", "extend16_s", 32], ["i64.extend16_s", "intUnop", "extend16_s", 64],
  ["i64.extend32_s", "intUnop", "extend32_s", 64],
  ["i32.eqz", "intEqz", "eqz", 32], ["i64.eqz", "intEqz", "eqz", 64],
  ["i32.eq", "intCompare", "eq", 32], ["i64.eq", "intCompare", "eq", 64],
  ["i32.ne", "intCompare", "ne", 32], ["i64.ne", "intCompare", "ne", 64],
  ["i32.lt_s", "intCompare", "lt_s", 32], ["i64.lt_s", "intCompare", "lt_s", 64],
  ["i32.lt_u", "intCompare", "lt_u", 32], ["i64.lt_u", "intCompare", "lt_u", 64],
  ["i32.gt_s", "intCompare", "gt_s", 32], ["i64.gt_s", "intCompare", "gt_s", 64],
  ["i32.gt_u", "intCompare", "gt_u", 32], ["i64.gt_u", "intCompare", "gt_u", 64],
  ["i32.le_s", "intCompare", "le_s", 32], ["i64.le_s", "intCompare", "le_s", 64],
  ["i32.le_u", "intCompare", "le_u", 32], ["i64.le_u", "intCompare", "le_u", 64],
  ["i32.ge_s", "intCompare", "ge_s", 32], ["i64.ge_s", "intCompare", "ge_s", 64],
  ["i32.ge_u", "intCompare", "ge_u", 32], ["i64.ge_u", "intCompare", "ge_u", 64],
  ["f32.add", "floatBinop", "add", 32], ["f64.add", "floatBinop", "add", 64],
  ["f32.sub", "floatBinop", "sub", 32], ["f64.sub", "floatBinop", "sub", 64],
  ["f32.mul", "floatBinop", "mul", 32], ["f64.mul", "floatBinop", "mul", 64],
  ["f32.div", "floatBinop", "div", 32], ["f64.div", "floatBinop", "div", 64],
  ["f32.min", "floatBinop", "min", 32], ["f64.min", "floatBinop", "min", 64],
  ["f32.max", "floatBinop", "max", 32], ["f64.max", "floatBinop", "max", 64],
  ["f32.copysign", "floatBinop", "copysign", 32], ["f64.copysign", "floatBinop", "copysign", 64],
  ["f32.abs", "floatUnop", "abs", 32], ["f64.abs", "floatUnop", "abs", 64],
  ["f32.neg", "floatUnop", "neg", 32], ["f64.neg", "floatUnop", "neg", 64],
  ["f32.sqrt", "floatUnop", "sqrt", 32], ["f64.sqrt", "floatUnop", "sqrt", 64],
  ["f32.ceil", "floatUnop", "ceil", 32], ["f64.ceil", "floatUnop", "ceil", 64],
  ["f32.floor", "floatUnop", "floor", 32], ["f64.floor", "floatUnop", "floor", 64],
  ["f32.trunc", "floatUnop", "trunc", 32], ["f64.trunc", "floatUnop", "trunc", 64],
  ["f32.nearest", "floatUnop", "nearest", 32], ["f64.nearest", "floatUnop", "nearest", 64],
  ["f32.eq", "floatCompare", "eq", 32], ["f64.eq", "floatCompare", "eq", 64],
  ["f32.ne", "floatCompare", "ne", 32], ["f64.ne", "floatCompare", "ne", 64],
  ["f32.lt", "floatCompare", "lt", 32], ["f64.lt", "floatCompare", "lt", 64],
  ["f32.gt", "floatCompare", "gt", 32], ["f64.gt", "floatCompare", "gt", 64],
  ["f32.le", "floatCompare", "le", 32], ["f64.le", "floatCompare", "le", 64],
  ["f32.ge", "floatCompare", "ge", 32], ["f64.ge", "floatCompare", "ge", 64],
  ["f64.promote_f32", "floatConvert", "promote", 64], ["f32.demote_f64", "floatConvert", "demote", 32],
  ["f32.convert_i32_s", "intToFloat", "signed", 32, 32], ["f32.convert_i32_u", "intToFloat", "unsigned", 32, 32],
  ["f32.convert_i64_s", "intToFloat", "signed", 64, 32], ["f32.convert_i64_u", "intToFloat", "unsigned", 64, 32],
  ["f64.convert_i32_s", "intToFloat", "signed", 32, 64], ["f64.convert_i32_u", "intToFloat", "unsigned", 32, 64],
  ["f64.convert_i64_s", "intToFloat", "signed", 64, 64], ["f64.convert_i64_u", "intToFloat", "unsigned", 64, 64],
  ["i32.trunc_f32_s", "floatToInt", "signed", 32, 32, "trap"], ["i32.trunc_f32_u", "floatToInt", "unsigned", 32, 32, "trap"],
  ["i32.trunc_f64_s", "floatToInt", "signed", 64, 32, "trap"], ["i32.trunc_f64_u", "floatToInt", "unsigned", 64, 32, "trap"],
  ["i64.trunc_f32_s", "floatToInt", "signed", 32, 64, "trap"], ["i64.trunc_f32_u", "floatToInt", "unsigned", 32, 64, "trap"],
  ["i64.trunc_f64_s", "floatToInt", "signed", 64, 64, "trap"], ["i64.trunc_f64_u", "floatToInt", "unsigned", 64, 64, "trap"],
  ["i32.trunc_sat_f32_s", "floatToInt", "signed", 32, 32, "sat"], ["i32.trunc_sat_f32_u", "floatToInt", "unsigned", 32, 32, "sat"],
  ["i32.trunc_sat_f64_s", "floatToInt", "signed", 64, 32, "sat"], ["i32.trunc_sat_f64_u", "floatToInt", "unsigned", 64, 32, "sat"],
  ["i64.trunc_sat_f32_s", "floatToInt", "signed", 32, 64, "sat"], ["i64.trunc_sat_f32_u", "floatToInt", "unsigned", 32, 64, "sat"],
  ["i64.trunc_sat_f64_s", "floatToInt", "signed", 64, 64, "sat"], ["i64.trunc_sat_f64_u", "floatToInt", "unsigned", 64, 64, "sat"],
  ["i64.extend_i32_s", "extendI32", "signed", 64], ["i64.extend_i32_u", "extendI32", "unsigned", 64],
  ["i32.wrap_i64", "wrapI64", "wrap", 32],
  ["i32.reinterpret_f32", "moveBits", "reinterpret", 32], ["i64.reinterpret_f64", "moveBits", "reinterpret", 64],
  ["f32.reinterpret_i32", "moveBits", "reinterpret", 32], ["f64.reinterpret_i64", "moveBits", "reinterpret", 64],
];

/** With `nanCanonicalization`, NaN results of float arithmetic become the canonical NaN. */
function canonicalize(fc: FuncCompiler, size: Size, reg: number): void {
  if (fc.ctx.settings.nanCanonicalization) fc.masm.canonicalizeNan(size, reg);
}

/** Rounding ops: ROUNDSS/ROUNDSD with SSE4.1, else a runtime call. */
const ROUNDING = new Set(["ceil", "floor", "trunc", "nearest"]);

function resultType(instr: Instruction): ValType {
  const type = instr.op.results?.[0];
  if (type === undefined) throw new InternalError(`${instr.op.mnemonic} has no result`);
  return type;
}

/** The result type of the op `mnemonic` (looked up once per row, not per instruction). */
function resultOf(mnemonic: string): ValType {
  const type = opcode(mnemonic).results?.[0];
  if (type === undefined) throw new InternalError(`${mnemonic} has no result`);
  return type;
}

/** Builds the lowering of one row: operands from the stack, one masm call, result pushed. */
function lowering(row: Row): Lowering {
  switch (row[1]) {
    case "intBinop":
    case "intShift": {
      const [mnemonic, method, op, size] = row;
      const type = resultOf(mnemonic);
      return (fc) => {
        const rhs = fc.stack.popSrc();
        const lhs = fc.stack.popReg();
        if (method === "intBinop") fc.masm.intBinop(op as IntBinop, size, lhs, rhs);
        else fc.masm.intShift(op as ShiftOp, size, lhs, rhs);
        if (rhs.reg !== undefined) fc.stack.free(rhs.reg);
        fc.stack.pushReg(type, lhs);
      };
    }
    case "intDivRem": {
      const [, , op, size] = row;
      return (fc, instr) => {
        const rhs = fc.stack.popReg();
        const lhs = fc.stack.popReg();
        const traps = { divByZero: fc.trap("INT_DIV_BY_ZERO"), overflow: fc.trap("INT_OVERFLOW") };
        fc.masm.intDivRem(op, size, lhs, rhs, traps);
        fc.stack.free(rhs);
        fc.stack.pushReg(resultType(instr), lhs);
      };
    }
    case "intCompare": {
      const [, , cond, size] = row;
      return (fc) => {
        const rhs = fc.stack.popSrc();
        const lhs = fc.stack.popReg();
        fc.masm.intCompare(cond, size, lhs, lhs, rhs);
        if (rhs.reg !== undefined) fc.stack.free(rhs.reg);
        fc.stack.pushReg("i32", lhs);
      };
    }
    case "floatBinop": {
      const [mnemonic, , op, size] = row;
      const type = resultOf(mnemonic);
      return (fc) => {
        const rhs = fc.stack.popReg();
        const lhs = fc.stack.popReg();
        fc.masm.floatBinop(op, size, lhs, rhs);
        if (op !== "copysign") canonicalize(fc, size, lhs);
        fc.stack.free(rhs);
        fc.stack.pushReg(type, lhs);
      };
    }
    case "floatCompare": {
      const [, , cond, size] = row;
      return (fc) => {
        const rhs = fc.stack.popReg();
        const lhs = fc.stack.popReg();
        const dst = fc.stack.alloc(false);
        fc.masm.floatCompare(cond, size, dst, lhs, rhs);
        fc.stack.free(rhs);
        fc.stack.free(lhs);
        fc.stack.pushReg("i32", dst);
      };
    }
    default:
      return unaryLowering(row);
  }
}

/** Lowerings of one-operand rows: in place, or into a register of the other class. */
function unaryLowering(row: Row): Lowering {
  const rounding = row[1] === "floatUnop" && ROUNDING.has(row[2]);
  const type = resultOf(row[0]);
  return (fc, instr) => {
    if (rounding && !fc.ctx.settings.cpuFeatures.sse41) {
      return emitFloatLibcall(fc, `ingot_${instr.op.mnemonic.replace(".", "_")}`, type);
    }
    const src = fc.stack.popReg();
    const crosses = fc.isFloat(type) !== fc.isFloat(instr.op.params![0]!);
    const dst = crosses ? fc.stack.allocFor(type) : src;
    emitUnary(fc, row, dst, src);
    if (
      row[1] === "floatConvert" || (row[1] === "floatUnop" && row[2] !== "abs" && row[2] !== "neg")
    ) {
      canonicalize(fc, row[3], dst);
    }
    if (crosses) fc.stack.free(src);
    fc.stack.pushReg(type, dst);
  };
}

function emitUnary(fc: FuncCompiler, row: Row, dst: number, src: number): void {
  const masm = fc.masm;
  switch (row[1]) {
    case "intUnop":
      return masm.intUnop(row[2], row[3], dst);
    case "intEqz":
      return masm.intEqz(row[3], dst, src);
    case "floatUnop":
      return masm.floatUnop(row[2], row[3], dst);
    case "floatConvert":
      return masm.floatConvert(row[3], dst, src);
    case "intToFloat":
      return masm.intToFloat(row[3], row[4], row[2] === "signed", dst, src);
    case "floatToInt": {
      const sat = row[5] === "sat";
      const traps = sat
        ? { invalid: masm.newLabel(), overflow: masm.newLabel() }
        : { invalid: fc.trap("BAD_CONVERSION"), overflow: fc.trap("INT_OVERFLOW") };
      const kind = { from: row[3], to: row[4], signed: row[2] === "signed", sat };
      return masm.floatToInt(kind, dst, src, traps);
    }
    case "extendI32":
      return masm.extendI32(row[2] === "signed", dst);
    case "wrapI64":
      return masm.wrapI64(dst);
    case "moveBits":
      return masm.moveBits(row[3], dst, src);
    default:
      throw new InternalError(`No unary lowering for ${row[0]}`);
  }
}

function lowerConst(fc: FuncCompiler, instr: Instruction): void {
  const type = resultType(instr);
  if (type === "i32" || type === "f32") {
    fc.stack.pushConst32(type, instr.value >>> 0);
    return;
  }
  const value = instr.value64;
  fc.stack.pushConst(type, value >= 0n && value < 1024n ? value : BigInt.asUintN(64, value));
}

/** The numeric lowerings, by mnemonic. */
export const NUMERIC_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ...ROWS.map((row): [string, Lowering] => [row[0], lowering(row)]),
  ["i32.const", lowerConst],
  ["i64.const", lowerConst],
  ["f32.const", lowerConst],
  ["f64.const", lowerConst],
]);
