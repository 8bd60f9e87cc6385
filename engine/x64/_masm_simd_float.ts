/**
 * Float SIMD sequences of the x86-64 macro-assembler (SDM Vol. 2 SSE/SSE2/SSE4.1 packed
 * float instructions): comparisons, min/max with the spec's NaN and signed-zero rules,
 * pmin/pmax, rounding (ROUNDPS/ROUNDPD, or an SSE2 sequence around 2^23/2^52), and the
 * conversions, each exact and saturating as the spec says.
 *
 * @module
 */

import type { Reg } from "../compile/masm.ts";
import type { X64MacroAssembler } from "./masm.ts";
import {
  floats,
  has,
  lanes,
  S1,
  S2,
  S3,
  type Sequence,
  vimm,
  vmov,
  vop,
  zero,
} from "./_masm_simd_ops.ts";

type Size = 32 | 64;

function sizeOf(op: string): Size {
  return op.startsWith("f32x4") ? 32 : 64;
}

function suffix(size: Size): "ps" | "pd" {
  return size === 32 ? "ps" : "pd";
}

/** CMPPS/CMPPD predicates; gt and ge compare swapped operands. */
const PREDICATES: Readonly<Record<string, readonly [number, boolean]>> = {
  eq: [0, false],
  ne: [4, false],
  lt: [1, false],
  le: [2, false],
  gt: [1, true],
  ge: [2, true],
};

/** Float comparisons: all-ones lanes where true, false on NaN except `ne`. */
export function floatCompare(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const [predicate, swap] = PREDICATES[op.slice(6)]!;
  const cmp = `cmp${suffix(sizeOf(op))}`;
  if (!swap) return vop(masm, cmp, dst, src, predicate);
  vmov(masm, S1, src);
  vop(masm, cmp, S1, dst, predicate);
  vmov(masm, dst, S1);
}

/**
 * min/max: MINPS/MAXPS in both operand orders, merged so that a NaN in either operand and
 * -0 < +0 come out as the spec says, then NaN lanes made canonical (payload cleared).
 */
export function floatMinMax(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const size = sizeOf(op);
  const ps = suffix(size);
  const payloadBits = size === 32 ? 10 : 13;
  const shift = size === 32 ? "psrld" : "psrlq";
  vmov(masm, S1, src);
  if (op.endsWith(".min")) {
    vop(masm, `min${ps}`, S1, dst);
    vop(masm, `min${ps}`, dst, src);
    vop(masm, "orps", S1, dst);
    vop(masm, `cmp${ps}`, dst, S1, 3);
    vop(masm, "orps", S1, dst);
  } else {
    vop(masm, `max${ps}`, S1, dst);
    vop(masm, `max${ps}`, dst, src);
    vop(masm, "xorps", dst, S1);
    vop(masm, "orps", S1, dst);
    vop(masm, `sub${ps}`, S1, dst);
    vop(masm, `cmp${ps}`, dst, S1, 3);
  }
  vimm(masm, shift, dst, payloadBits);
  vop(masm, "andnps", dst, S1);
}

/** pmin (`src < dst ? src : dst`) and pmax (`dst < src ? src : dst`): MINPS/MAXPS swapped. */
export function floatPminPmax(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const ps = suffix(sizeOf(op));
  vmov(masm, S1, src);
  vop(masm, `${op.endsWith("pmin") ? "min" : "max"}${ps}`, S1, dst);
  vmov(masm, dst, S1);
}

/** abs and neg: the sign bit cleared or flipped. */
export function floatSign(masm: X64MacroAssembler, op: string, dst: Reg): void {
  const size = sizeOf(op);
  const sign = 1n << BigInt(size - 1);
  if (op.endsWith(".abs")) vop(masm, "andps", dst, lanes(size / 8 as 4 | 8, sign - 1n));
  else vop(masm, "xorps", dst, lanes(size / 8 as 4 | 8, sign));
}

const ROUNDING: Readonly<Record<string, number>> = { nearest: 0, floor: 1, ceil: 2, trunc: 3 };

/** ceil, floor, trunc, nearest: ROUNDPS/ROUNDPD, or the SSE2 sequence. */
export function floatRound(masm: X64MacroAssembler, op: string, dst: Reg): void {
  const size = sizeOf(op);
  const mode = op.slice(6);
  if (has(masm, "sse41")) return vop(masm, `round${suffix(size)}`, dst, dst, ROUNDING[mode]);
  roundFallback(masm, size, mode, dst);
}

/**
 * Rounding without SSE4.1: for |x| < 2^23 (2^52), `(|x| + 2^23) - 2^23` is |x| rounded to
 * nearest-even; one less when it overshoots truncates; the sign of x is put back (so -0.5
 * gives -0); larger values, infinities and NaNs (quieted by `* 1.0`) pass unchanged. floor
 * and ceil then step the truncation by one towards -inf or +inf when it passed x.
 */
function roundFallback(masm: X64MacroAssembler, size: Size, mode: string, dst: Reg): void {
  const ps = suffix(size);
  const bytes = size / 8 as 4 | 8;
  const sign = 1n << BigInt(size - 1);
  const magic = floats(size, size === 32 ? 2 ** 23 : 2 ** 52);
  const one = floats(size, 1);
  vmov(masm, S1, dst);
  vop(masm, "andps", S1, lanes(bytes, sign - 1n));
  vmov(masm, S2, S1);
  vop(masm, `add${ps}`, S2, magic);
  vop(masm, `sub${ps}`, S2, magic);
  if (mode !== "nearest") {
    vmov(masm, S3, S1);
    vop(masm, `cmp${ps}`, S3, S2, 1);
    vop(masm, "andps", S3, one);
    vop(masm, `sub${ps}`, S2, S3);
  }
  vmov(masm, S3, dst);
  vop(masm, "andps", S3, lanes(bytes, sign));
  vop(masm, "orps", S2, S3);
  vop(masm, `cmp${ps}`, S1, magic, 1);
  vmov(masm, S3, dst);
  vop(masm, `mul${ps}`, S3, one);
  vop(masm, "andps", S2, S1);
  vop(masm, "andnps", S1, S3);
  vop(masm, "orps", S1, S2);
  if (mode === "floor" || mode === "ceil") {
    // S1 = trunc(x); floor subtracts 1 where x < S1, ceil subtracts -1 where S1 < x (a
    // subtraction of +0 elsewhere keeps a -0).
    const floor = mode === "floor";
    vmov(masm, S2, floor ? dst : S1);
    vop(masm, `cmp${ps}`, S2, floor ? S1 : dst, 1);
    vop(masm, "andps", S2, floor ? one : floats(size, -1));
    vop(masm, `sub${ps}`, S1, S2);
  }
  vmov(masm, dst, S1);
}

/** f32x4.convert_i32x4_u: the low 16 bits and the rest convert exactly, then one rounding add. */
const convertU32: Sequence = (masm, dst) => {
  vmov(masm, S1, dst);
  vimm(masm, "pslld", S1, 16);
  vimm(masm, "psrld", S1, 16);
  vop(masm, "psubd", dst, S1);
  vop(masm, "cvtdq2ps", S1, S1);
  vimm(masm, "psrld", dst, 1);
  vop(masm, "cvtdq2ps", dst, dst);
  vop(masm, "addps", dst, dst);
  vop(masm, "addps", dst, S1);
};

/** f64x2.convert_low_i32x4_u: 2^52 + x as doubles, minus 2^52. */
const convertLowU32: Sequence = (masm, dst) => {
  vop(masm, "punpckldq", dst, lanes(4, 0x4330_0000n));
  vop(masm, "subpd", dst, floats(64, 2 ** 52));
};

/** i32x4.trunc_sat_f32x4_s: NaN lanes zeroed, CVTTPS2DQ, positive overflow flipped to max. */
const truncSatS32: Sequence = (masm, dst) => {
  vmov(masm, S1, dst);
  vop(masm, "cmpps", S1, S1, 0);
  vop(masm, "andps", dst, S1);
  vmov(masm, S2, dst);
  vop(masm, "cvttps2dq", dst, dst);
  vop(masm, "cmpps", S2, floats(32, 2 ** 31), 5);
  vop(masm, "pxor", dst, S2);
};

/**
 * i32x4.trunc_sat_f32x4_u: x clamped below at 0 (NaN too); lanes >= 2^31 convert `x - 2^31`
 * and add it to CVTTPS2DQ's 0x80000000; lanes >= 2^32 saturate.
 */
const truncSatU32: Sequence = (masm, dst) => {
  zero(masm, S1);
  vop(masm, "maxps", dst, S1);
  vop(masm, "movdqu", S1, floats(32, 2 ** 31));
  vmov(masm, S2, dst);
  vop(masm, "subps", S2, S1);
  vop(masm, "cmpps", S1, S2, 2);
  vop(masm, "cvttps2dq", S2, S2);
  vop(masm, "pxor", S2, S1);
  if (has(masm, "sse41")) {
    zero(masm, S1);
    vop(masm, "pmaxsd", S2, S1);
  } else {
    vmov(masm, S1, S2);
    vimm(masm, "psrad", S1, 31);
    vop(masm, "pandn", S1, S2);
    vmov(masm, S2, S1);
  }
  vop(masm, "cvttps2dq", dst, dst);
  vop(masm, "paddd", dst, S2);
};

/** i32x4.trunc_sat_f64x2_s_zero: NaN to 0, clamped above at 2^31-1, CVTTPD2DQ. */
const truncSatS64: Sequence = (masm, dst) => {
  vmov(masm, S1, dst);
  vop(masm, "cmppd", S1, S1, 0);
  vop(masm, "andps", S1, floats(64, 2 ** 31 - 1));
  vop(masm, "minpd", dst, S1);
  vop(masm, "cvttpd2dq", dst, dst);
};

/**
 * i32x4.trunc_sat_f64x2_u_zero: clamped to 0..2^32-1 (NaN to 0); adding 2^52 puts the
 * nearest integer in the low dword, less one where that rounded up; the low dwords packed.
 */
const truncSatU64: Sequence = (masm, dst) => {
  zero(masm, S1);
  vop(masm, "maxpd", dst, S1);
  vop(masm, "minpd", dst, floats(64, 2 ** 32 - 1));
  vmov(masm, S2, dst);
  vop(masm, "addpd", S2, floats(64, 2 ** 52));
  vmov(masm, S3, S2);
  vop(masm, "subpd", S3, floats(64, 2 ** 52));
  vop(masm, "cmppd", dst, S3, 1);
  vop(masm, "paddq", S2, dst);
  vop(masm, "shufps", S2, S1, 0x88);
  vmov(masm, dst, S2);
};

/** The float conversions that are sequences (the one-instruction ones are rows), by mnemonic. */
export const FLOAT_CONVERSIONS: Readonly<Record<string, Sequence>> = {
  "f32x4.convert_i32x4_u": convertU32,
  "f64x2.convert_low_i32x4_u": convertLowU32,
  "i32x4.trunc_sat_f32x4_s": truncSatS32,
  "i32x4.trunc_sat_f32x4_u": truncSatU32,
  "i32x4.trunc_sat_f64x2_s_zero": truncSatS64,
  "i32x4.trunc_sat_f64x2_u_zero": truncSatU64,
};
