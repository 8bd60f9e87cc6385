/**
 * Integer/float conversions of the x86-64 macro-assembler (SDM Vol. 2 CVTSI2SS/SD,
 * CVTTSS2SI/CVTTSD2SI): correctly rounded unsigned 64-bit to float (halve with the low bit
 * kept sticky, convert, double), and float-to-integer truncations with the spec's traps
 * ("invalid conversion to integer" on NaN, "integer overflow" out of range) or saturation.
 *
 * CVTT* returns the "integer indefinite" value (INT_MIN of the width) for NaN and out-of-range
 * inputs; the sequences below only look further when they see it.
 *
 * @module
 */

import type { ConvertTraps, Reg, Size, TruncKind } from "../compile/masm.ts";
import type { X64MacroAssembler } from "./masm.ts";
import {
  gpr,
  gprOf,
  immOf,
  RAX,
  scalar,
  SCRATCH,
  XMM_SCRATCH,
  XMM_SCRATCH2,
  xmmOf,
} from "./_masm_operands.ts";

/** The bit pattern of `value` as a float of `size`. */
function floatBits(size: Size, value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  if (size === 32) {
    view.setFloat32(0, value, true);
    return BigInt(view.getUint32(0, true));
  }
  view.setFloat64(0, value, true);
  return view.getBigUint64(0, true);
}

const INT64_MIN = -(2n ** 63n);

/** Emits `dst = float(src)`, correctly rounded. */
export function emitIntToFloat(
  masm: X64MacroAssembler,
  kind: { from: Size; to: Size; signed: boolean },
  dst: Reg,
  src: Reg,
): void {
  const asm = masm.asm;
  const convert = `cvtsi2${scalar(kind.to)}`;
  const target = xmmOf(dst);
  if (kind.signed) return asm.emit(convert, target, gprOf(src, kind.from));
  if (kind.from === 32) {
    asm.emit("mov", gpr(SCRATCH, 32), gpr(src, 32));
    return asm.emit(convert, target, gpr(SCRATCH, 64));
  }
  const big = masm.newLabel();
  const done = masm.newLabel();
  asm.emit("test", gpr(src, 64), gpr(src, 64));
  asm.jcc("s", big);
  asm.emit(convert, target, gpr(src, 64));
  asm.jmp(done);
  masm.bind(big);
  asm.emit("mov", gpr(SCRATCH, 64), gpr(src, 64));
  asm.emit("shr", gpr(SCRATCH, 64), immOf(1));
  asm.emit("mov", gpr(RAX, 32), gpr(src, 32));
  asm.emit("and", gpr(RAX, 32), immOf(1));
  asm.emit("or", gpr(SCRATCH, 64), gpr(RAX, 64));
  asm.emit(convert, target, gpr(SCRATCH, 64));
  asm.emit(`add${scalar(kind.to)}`, target, target);
  masm.bind(done);
}

/** Emits `dst = trunc(src)` with traps or saturation. */
export function emitFloatToInt(
  masm: X64MacroAssembler,
  kind: TruncKind,
  dst: Reg,
  src: Reg,
  traps: ConvertTraps,
): void {
  const done = masm.newLabel();
  if (kind.signed) emitSigned(masm, kind, dst, src, traps, done);
  else if (kind.to === 32) emitUnsigned32(masm, kind, dst, src, traps, done);
  else emitUnsigned64(masm, kind, dst, src, traps, done);
  masm.bind(done);
}

type Emit = (
  masm: X64MacroAssembler,
  kind: TruncKind,
  dst: Reg,
  src: Reg,
  traps: ConvertTraps,
  done: ReturnType<X64MacroAssembler["newLabel"]>,
) => void;

const emitSigned: Emit = (masm, kind, dst, src, traps, done) => {
  const asm = masm.asm;
  const ucomi = `ucomi${scalar(kind.from)}`;
  const value = xmmOf(src);
  const scratch = xmmOf(XMM_SCRATCH);
  asm.emit(`cvtt${scalar(kind.from)}2si`, gprOf(dst, kind.to), value);
  if (kind.to === 32) asm.emit("cmp", gpr(dst, 32), immOf(-(2 ** 31)));
  else {
    asm.emit("mov", gpr(SCRATCH, 64), immOf(INT64_MIN));
    asm.emit("cmp", gpr(dst, 64), gpr(SCRATCH, 64));
  }
  asm.jcc("ne", done);
  asm.emit(ucomi, value, value);
  if (kind.sat) {
    const nan = masm.newLabel();
    asm.jcc("p", nan);
    asm.emit("xorps", scratch, scratch);
    asm.emit(ucomi, value, scratch);
    asm.jcc("be", done);
    if (kind.to === 32) asm.emit("mov", gpr(dst, 32), immOf(2 ** 31 - 1));
    else asm.emit("mov", gpr(dst, 64), immOf(2n ** 63n - 1n));
    asm.jmp(done);
    masm.bind(nan);
    asm.emit("xor", gpr(dst, 32), gpr(dst, 32));
    return;
  }
  asm.jcc("p", traps.invalid);
  if (kind.to === 32 && kind.from === 64) {
    // Legitimate INT32_MIN results come from (-2^31 - 1, -2^31]; others overflowed.
    masm.moveFloatImm(64, XMM_SCRATCH, floatBits(64, -(2 ** 31) - 1));
    asm.emit(ucomi, value, scratch);
    asm.jcc("be", traps.overflow);
    asm.emit("xorps", scratch, scratch);
    asm.emit(ucomi, value, scratch);
    asm.jcc("a", traps.overflow);
  } else {
    // No float of this size lies strictly between INT_MIN - 1 and INT_MIN.
    const min = kind.to === 32 ? -(2 ** 31) : -(2 ** 63);
    masm.moveFloatImm(kind.from, XMM_SCRATCH, floatBits(kind.from, min));
    asm.emit(ucomi, value, scratch);
    asm.jcc("ne", traps.overflow);
  }
};

const emitUnsigned32: Emit = (masm, kind, dst, src, traps, done) => {
  const asm = masm.asm;
  const ucomi = `ucomi${scalar(kind.from)}`;
  const value = xmmOf(src);
  const scratch = xmmOf(XMM_SCRATCH);
  const convert = `cvtt${scalar(kind.from)}2si`;
  if (kind.sat) {
    const zero = masm.newLabel();
    asm.emit("xorps", scratch, scratch);
    asm.emit(ucomi, value, scratch);
    asm.jcc("be", zero);
    asm.emit(convert, gpr(dst, 64), value);
    asm.emit("mov", gpr(SCRATCH, 32), immOf(0xffff_ffff));
    asm.emit("cmp", gpr(dst, 64), gpr(SCRATCH, 64));
    asm.cmovcc("a", gpr(dst, 64), gpr(SCRATCH, 64));
    asm.jmp(done);
    masm.bind(zero);
    asm.emit("xor", gpr(dst, 32), gpr(dst, 32));
    return;
  }
  asm.emit(ucomi, value, value);
  asm.jcc("p", traps.invalid);
  asm.emit(convert, gpr(dst, 64), value);
  asm.emit("mov", gpr(SCRATCH, 64), gpr(dst, 64));
  asm.emit("shr", gpr(SCRATCH, 64), immOf(32));
  asm.jcc("ne", traps.overflow);
};

const emitUnsigned64: Emit = (masm, kind, dst, src, traps, done) => {
  const asm = masm.asm;
  const suffix = scalar(kind.from);
  const ucomi = `ucomi${suffix}`;
  const convert = `cvtt${suffix}2si`;
  const value = xmmOf(src);
  const scratch = xmmOf(XMM_SCRATCH);
  const big = masm.newLabel();
  const zero = masm.newLabel();
  const max = masm.newLabel();
  if (kind.sat) {
    asm.emit("xorps", scratch, scratch);
    asm.emit(ucomi, value, scratch);
    asm.jcc("be", zero);
  } else {
    asm.emit(ucomi, value, value);
    asm.jcc("p", traps.invalid);
  }
  masm.moveFloatImm(kind.from, XMM_SCRATCH, floatBits(kind.from, 2 ** 63));
  asm.emit(ucomi, value, scratch);
  asm.jcc("ae", big);
  asm.emit(convert, gpr(dst, 64), value);
  if (!kind.sat) {
    asm.emit("test", gpr(dst, 64), gpr(dst, 64));
    asm.jcc("s", traps.overflow);
  }
  asm.jmp(done);
  masm.bind(big);
  const reduced = xmmOf(XMM_SCRATCH2);
  asm.emit("movaps", reduced, value);
  asm.emit(`sub${suffix}`, reduced, scratch);
  asm.emit(convert, gpr(dst, 64), reduced);
  asm.emit("test", gpr(dst, 64), gpr(dst, 64));
  asm.jcc("s", kind.sat ? max : traps.overflow);
  asm.emit("mov", gpr(SCRATCH, 64), immOf(INT64_MIN));
  asm.emit("xor", gpr(dst, 64), gpr(SCRATCH, 64));
  asm.jmp(done);
  masm.bind(max);
  asm.emit("mov", gpr(dst, 64), immOf(-1));
  asm.jmp(done);
  masm.bind(zero);
  asm.emit("xor", gpr(dst, 32), gpr(dst, 32));
};
