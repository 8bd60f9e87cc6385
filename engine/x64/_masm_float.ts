/**
 * Float sequences of the x86-64 macro-assembler (SDM Vol. 2 SSE/SSE2 scalar instructions):
 * min/max with the spec's NaN and signed-zero rules, copysign/abs/neg with sign masks,
 * rounding with ROUNDSS/ROUNDSD, and comparisons that are false on NaN.
 *
 * @module
 */

import type { FloatBinop, FloatCond, FloatUnop, Reg, Size } from "../compile/masm.ts";
import { InternalError } from "../errors.ts";
import type { Assembler } from "./assembler.ts";
import type { X64MacroAssembler } from "./masm.ts";
import { mnemonicSelector, type Selector } from "./_select.ts";
import {
  gpr,
  gprOf,
  immOf,
  scalar,
  SCRATCH,
  XMM_SCRATCH,
  XMM_SCRATCH2,
  xmmOf,
} from "./_masm_operands.ts";

/** Moves bits between a gpr and an xmm register (either direction). */
export function moveFloatBits(asm: Assembler, size: Size, dst: Reg, src: Reg): void {
  const selector = MOVE_BITS[size];
  if (dst >= 16 && src < 16) asm.emitOp(selector, xmmOf(dst), gprOf(src, size));
  else if (dst < 16 && src >= 16) asm.emitOp(selector, gprOf(dst, size), xmmOf(src));
  else throw new InternalError("moveBits needs one gpr and one xmm register");
}

/** The sign bit of a float of `size`. */
export function signMask(size: Size): bigint {
  return size === 32 ? 0x8000_0000n : 0x8000_0000_0000_0000n;
}

/** `movd`/`movq` and the scalar arithmetic and compares by size, looked up once. */
const MOVE_BITS = { 32: mnemonicSelector("movd"), 64: mnemonicSelector("movq") } as const;
const UCOMI = { 32: mnemonicSelector("ucomiss"), 64: mnemonicSelector("ucomisd") } as const;
const bySize = (stem: string) => ({
  32: mnemonicSelector(`${stem}ss`),
  64: mnemonicSelector(`${stem}sd`),
});
const ARITHMETIC: Partial<Record<FloatBinop, Readonly<Record<Size, Selector>>>> = {
  add: bySize("add"),
  sub: bySize("sub"),
  mul: bySize("mul"),
  div: bySize("div"),
};

const ROUNDING: Partial<Record<FloatUnop, number>> = { nearest: 0, floor: 1, ceil: 2, trunc: 3 };

/** Emits `dst = dst op src`. */
export function emitFloatBinop(
  masm: X64MacroAssembler,
  op: FloatBinop,
  size: Size,
  dst: Reg,
  src: Reg,
): void {
  const asm = masm.asm;
  const arithmetic = ARITHMETIC[op];
  if (arithmetic !== undefined) {
    asm.emitOp(arithmetic[size], xmmOf(dst), xmmOf(src));
  } else if (op === "copysign") {
    const mask = xmmOf(XMM_SCRATCH);
    const sign = xmmOf(XMM_SCRATCH2);
    masm.moveFloatImm(size, XMM_SCRATCH, signMask(size));
    asm.emit("movaps", sign, xmmOf(src));
    asm.emit("andps", sign, mask);
    asm.emit("andnps", mask, xmmOf(dst));
    asm.emit("orps", mask, sign);
    asm.emit("movaps", xmmOf(dst), mask);
  } else emitMinMax(masm, op === "min", size, dst, src);
}

/**
 * min/max: NaN if either is NaN; between equal operands (±0 included) the bitwise OR (min,
 * so -0 wins) or AND (max, so +0 wins); otherwise MINSS/MAXSS.
 */
function emitMinMax(masm: X64MacroAssembler, min: boolean, size: Size, dst: Reg, src: Reg): void {
  const asm = masm.asm;
  const suffix = scalar(size);
  const [left, right] = [xmmOf(dst), xmmOf(src)];
  const nan = masm.newLabel();
  const unequal = masm.newLabel();
  const done = masm.newLabel();
  asm.emit(`ucomi${suffix}`, left, right);
  asm.jcc("p", nan);
  asm.jcc("ne", unequal);
  asm.emit(min ? "orps" : "andps", left, right);
  asm.jmp(done);
  masm.bind(nan);
  asm.emit(`add${suffix}`, left, right);
  asm.jmp(done);
  masm.bind(unequal);
  asm.emit((min ? "min" : "max") + suffix, left, right);
  masm.bind(done);
}

/** Emits `dst = op(dst)`. */
export function emitFloatUnop(masm: X64MacroAssembler, op: FloatUnop, size: Size, dst: Reg): void {
  const asm = masm.asm;
  const target = xmmOf(dst);
  const mode = ROUNDING[op];
  if (mode !== undefined) {
    if (!masm.features.sse41) throw new InternalError(`${op} without SSE4.1 is a libcall`);
    asm.emit(`round${scalar(size)}`, target, target, immOf(mode));
  } else if (op === "sqrt") asm.emit(`sqrt${scalar(size)}`, target, target);
  else {
    const bits = op === "abs" ? signMask(size) - 1n : signMask(size);
    masm.moveFloatImm(size, XMM_SCRATCH, bits);
    asm.emit(op === "abs" ? "andps" : "xorps", target, xmmOf(XMM_SCRATCH));
  }
}

/** Emits `dst = lhs cond rhs ? 1 : 0`, false on NaN except for `ne`. */
export function emitFloatCompare(
  asm: Assembler,
  cond: FloatCond,
  size: Size,
  dst: Reg,
  lhs: Reg,
  rhs: Reg,
): void {
  const byte = gpr(dst, 8);
  // lt and le swap the operands so that "above" (CF = ZF = 0) is false on NaN (CF = ZF = 1).
  const swap = cond === "lt" || cond === "le";
  asm.emitOp(UCOMI[size], xmmOf(swap ? rhs : lhs), xmmOf(swap ? lhs : rhs));
  if (cond === "eq" || cond === "ne") {
    asm.setcc(cond === "eq" ? "e" : "ne", byte);
    asm.setcc(cond === "eq" ? "np" : "p", gpr(SCRATCH, 8));
    asm.emit(cond === "eq" ? "and" : "or", byte, gpr(SCRATCH, 8));
  } else asm.setcc(cond === "gt" || cond === "lt" ? "a" : "ae", byte);
  asm.emit("movzx", gpr(dst, 32), byte);
}
