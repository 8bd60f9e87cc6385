/**
 * Integer SIMD sequences of the x86-64 macro-assembler (SDM Vol. 2 SSE2/SSSE3/SSE4.1 packed
 * integer instructions): comparisons, min/max, multiplication, shifts (i8x16 lanes through
 * 16-bit shifts, i64x2.shr_s through a sign-bias), extension, extended multiplication,
 * pairwise addition, narrowing, popcnt and the lane reductions. Each op with an SSE4.1
 * instruction has an SSE2/SSSE3 sequence used when SSE4.1 is off.
 *
 * @module
 */

import type { Reg, Src } from "../compile/masm.ts";
import { InternalError } from "../errors.ts";
import type { X64MacroAssembler } from "./masm.ts";
import { gpr, immOf, RAX, RCX, xmmOf } from "./_masm_operands.ts";
import {
  blend,
  eq64,
  gt64,
  has,
  invert,
  lanes,
  mul64,
  S1,
  S2,
  S3,
  type Sequence,
  vimm,
  vmov,
  vop,
  zero,
} from "./_masm_simd_ops.ts";

/** Lane shape: mnemonic suffix, lane bytes and sign bit. */
interface Shape {
  readonly suffix: "b" | "w" | "d" | "q";
  readonly bytes: 1 | 2 | 4 | 8;
}

const SHAPES: Readonly<Record<string, Shape>> = {
  i8x16: { suffix: "b", bytes: 1 },
  i16x8: { suffix: "w", bytes: 2 },
  i32x4: { suffix: "d", bytes: 4 },
  i64x2: { suffix: "q", bytes: 8 },
};

/** The lane shape of an op named `<shape>.<name>`. */
export function shapeOf(op: string): Shape {
  const shape = SHAPES[op.slice(0, 5)];
  if (shape === undefined) throw new InternalError(`No integer lane shape for ${op}`);
  return shape;
}

function signBias(shape: Shape): Uint8Array {
  return lanes(shape.bytes, 1n << BigInt(shape.bytes * 8 - 1));
}

/** `x = x == y` (eq) or `x = x > y` signed (gt) in lanes of `shape`. */
function compareInto(masm: X64MacroAssembler, shape: Shape, eq: boolean, x: Reg, y: Reg): void {
  if (shape.suffix === "q") (eq ? eq64 : gt64)(masm, x, y);
  else vop(masm, `pcmp${eq ? "eq" : "gt"}${shape.suffix}`, x, y);
}

/**
 * Integer comparisons: each is `eq` or `gt`, on swapped operands (lt, ge), negated (ne, le,
 * ge), on sign-biased lanes for the unsigned ones.
 */
export function intCompare(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const shape = shapeOf(op);
  const cond = op.slice(6);
  const eq = cond === "eq" || cond === "ne";
  const swap = cond.startsWith("lt") || cond.startsWith("ge");
  const negate = cond === "ne" || cond.startsWith("le") || cond.startsWith("ge");
  const unsigned = cond.endsWith("_u");
  const inPlace = !swap && !unsigned && (eq || shape.suffix !== "q" || has(masm, "sse42"));
  if (inPlace) compareInto(masm, shape, eq, dst, src);
  else {
    vmov(masm, S1, swap ? src : dst);
    vmov(masm, S2, swap ? dst : src);
    if (unsigned) {
      vop(masm, "pxor", S1, signBias(shape));
      vop(masm, "pxor", S2, signBias(shape));
    }
    compareInto(masm, shape, eq, S1, S2);
    vmov(masm, dst, S1);
  }
  if (negate) invert(masm, dst);
}

/** min/max without their SSE4.1 instruction (see the rows): a compare and a blend. */
export function intMinMax(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const shape = shapeOf(op);
  const [kind, sign] = op.slice(6).split("_") as ["min" | "max", "s" | "u"];
  vmov(masm, S1, dst);
  vmov(masm, S2, src);
  if (sign === "u") {
    vop(masm, "pxor", S1, signBias(shape));
    vop(masm, "pxor", S2, signBias(shape));
  }
  vop(masm, `pcmpgt${shape.suffix}`, S1, S2);
  // S1 = dst > src: min takes src there, max keeps dst there.
  if (kind === "min") blend(masm, dst, S1, src, dst);
  else blend(masm, dst, S1, dst, src);
}

/** i32x4.mul without PMULLD: two PMULUDQ on even and odd lanes. */
export function mul32(masm: X64MacroAssembler, dst: Reg, src: Reg): void {
  vmov(masm, S1, dst);
  vop(masm, "pmuludq", S1, src);
  vop(masm, "pshufd", S2, dst, 0xf5);
  vop(masm, "pshufd", S3, src, 0xf5);
  vop(masm, "pmuludq", S2, S3);
  vop(masm, "pshufd", S1, S1, 0x08);
  vop(masm, "pshufd", S2, S2, 0x08);
  vop(masm, "punpckldq", S1, S2);
  vmov(masm, dst, S1);
}

const SHIFT_MNEMONICS: Readonly<Record<string, string>> = {
  shl: "psll",
  shr_s: "psra",
  shr_u: "psrl",
};

/** Lane shifts; the count is taken modulo the lane width. */
export function intShift(masm: X64MacroAssembler, op: string, dst: Reg, count: Src): void {
  const shape = shapeOf(op);
  const kind = op.slice(6);
  const bits = shape.bytes * 8;
  const imm = count.reg === undefined ? count.imm & (bits - 1) : undefined;
  if (count.reg !== undefined) {
    masm.asm.emit("mov", gpr(RCX, 32), gpr(count.reg, 32));
    masm.asm.emit("and", gpr(RCX, 32), immOf(bits - 1));
  }
  if (imm === 0) return;
  if (shape.bytes === 1) return shift8(masm, kind, dst, imm);
  if (imm === undefined) masm.asm.emit("movd", xmmOf(S1), gpr(RCX, 32));
  if (shape.bytes === 8 && kind === "shr_s") {
    // (x >>> n) ^ m - m with m = sign >>> n sign-extends from the shifted sign bit.
    vop(masm, "movdqu", S2, lanes(8, 1n << 63n));
    shiftBy(masm, "psrlq", S2, imm);
    shiftBy(masm, "psrlq", dst, imm);
    vop(masm, "pxor", dst, S2);
    vop(masm, "psubq", dst, S2);
    return;
  }
  shiftBy(masm, SHIFT_MNEMONICS[kind]! + shape.suffix, dst, imm);
}

/** Shifts `dst` by `imm`, or by the count in S1 when `imm` is undefined. */
function shiftBy(masm: X64MacroAssembler, mnemonic: string, dst: Reg, imm: number | undefined) {
  if (imm === undefined) vop(masm, mnemonic, dst, S1);
  else vimm(masm, mnemonic, dst, imm);
}

/**
 * i8x16 shifts: shl/shr_u shift 16-bit lanes and mask the bits that crossed a byte; shr_s
 * widens each byte to the high half of a word, shifts by 8 more, and packs back.
 */
function shift8(masm: X64MacroAssembler, kind: string, dst: Reg, imm: number | undefined): void {
  const asm = masm.asm;
  if (kind === "shr_s") {
    if (imm === undefined) {
      asm.emit("add", gpr(RCX, 32), immOf(8));
      asm.emit("movd", xmmOf(S1), gpr(RCX, 32));
    }
    const by = imm === undefined ? undefined : imm + 8;
    vmov(masm, S2, dst);
    vop(masm, "punpckhbw", S2, S2);
    vop(masm, "punpcklbw", dst, dst);
    shiftBy(masm, "psraw", S2, by);
    shiftBy(masm, "psraw", dst, by);
    vop(masm, "packsswb", dst, S2);
    return;
  }
  const left = kind === "shl";
  if (imm !== undefined) {
    vimm(masm, left ? "psllw" : "psrlw", dst, imm);
    const mask = left ? (0xff << imm) & 0xff : 0xff >> imm;
    vop(masm, "pand", dst, lanes(1, BigInt(mask)));
    return;
  }
  asm.emit("movd", xmmOf(S1), gpr(RCX, 32));
  vop(masm, left ? "psllw" : "psrlw", dst, S1);
  asm.emit("mov", gpr(RAX, 32), immOf(0xff));
  asm.emit(left ? "shl" : "shr", gpr(RAX, 32), gpr(RCX, 8));
  asm.emit("movzx", gpr(RAX, 32), gpr(RAX, 8));
  asm.emit("imul", gpr(RAX, 32), gpr(RAX, 32), immOf(0x0101_0101));
  asm.emit("movd", xmmOf(S2), gpr(RAX, 32));
  vop(masm, "pshufd", S2, S2, 0);
  vop(masm, "pand", dst, S2);
}

const UNPACK: Readonly<Record<string, string>> = { b: "bw", w: "wd", d: "dq" };

/** `extend_{low,high}_<from>_{s,u}` to the lanes of `op`'s shape (SSE2 unpacks). */
export function extend(masm: X64MacroAssembler, op: string, dst: Reg): void {
  const to = shapeOf(op);
  const from = { w: "b", d: "w", q: "d" }[to.suffix as "w" | "d" | "q"];
  const high = op.includes("_high_");
  const signed = op.endsWith("_s");
  const unpack = `punpck${high ? "h" : "l"}${UNPACK[from]}`;
  if (!signed) {
    zero(masm, S1);
    return vop(masm, unpack, dst, S1);
  }
  if (to.suffix === "q") {
    vmov(masm, S1, dst);
    vimm(masm, "psrad", S1, 31);
    return vop(masm, unpack, dst, S1);
  }
  vop(masm, unpack, dst, dst);
  vimm(masm, `psra${to.suffix}`, dst, to.bytes * 4);
}

/** `extmul_{low,high}_<from>_{s,u}`: products of the extended halves. */
export function extmul(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const to = shapeOf(op);
  const high = op.includes("_high_");
  const signed = op.endsWith("_s");
  if (to.suffix === "d") {
    vmov(masm, S1, dst);
    vop(masm, "pmullw", S1, src);
    vop(masm, signed ? "pmulhw" : "pmulhuw", dst, src);
    vop(masm, high ? "punpckhwd" : "punpcklwd", S1, dst);
    return vmov(masm, dst, S1);
  }
  if (to.suffix === "q" && (!signed || has(masm, "sse41"))) {
    const order = high ? 0xfa : 0x50;
    vop(masm, "pshufd", dst, dst, order);
    vop(masm, "pshufd", S1, src, order);
    return vop(masm, signed ? "pmuldq" : "pmuludq", dst, S1);
  }
  const extendOp = op.replace("extmul", "extend");
  extend(masm, extendOp, dst);
  vmov(masm, S3, src);
  extend(masm, extendOp, S3);
  if (to.suffix === "q") mul64(masm, dst, S3);
  else vop(masm, "pmullw", dst, S3);
}

/** `extadd_pairwise`: PMADDUBSW / PMADDWD against ones (unsigned 16-bit lanes biased). */
export function extaddPairwise(masm: X64MacroAssembler, op: string, dst: Reg): void {
  const signed = op.endsWith("_s");
  if (op.startsWith("i16x8")) {
    if (!signed) return vop(masm, "pmaddubsw", dst, lanes(1, 1n));
    vop(masm, "movdqu", S1, lanes(1, 1n));
    vop(masm, "pmaddubsw", S1, dst);
    return vmov(masm, dst, S1);
  }
  if (signed) return vop(masm, "pmaddwd", dst, lanes(2, 1n));
  vop(masm, "pxor", dst, lanes(2, 0x8000n));
  vop(masm, "pmaddwd", dst, lanes(2, 1n));
  vop(masm, "paddd", dst, lanes(4, 0x1_0000n));
}

/** i16x8.narrow_i32x4_u without PACKUSDW: clamp to 0..65535, pack the sign-extended halves. */
export function narrowU32(masm: X64MacroAssembler, dst: Reg, src: Reg): void {
  vmov(masm, S1, src);
  for (const reg of [dst, S1]) {
    vmov(masm, S2, reg);
    zero(masm, S3);
    vop(masm, "pcmpgtd", S2, S3);
    vop(masm, "pand", reg, S2);
    vmov(masm, S2, reg);
    vop(masm, "pcmpgtd", S2, lanes(4, 0xffffn));
    blend(masm, reg, S2, lanes(4, 0xffffn), reg);
    vimm(masm, "pslld", reg, 16);
    vimm(masm, "psrad", reg, 16);
  }
  vop(masm, "packssdw", dst, S1);
}

/** i16x8.q15mulr_sat_s: PMULHRSW, whose only overflow (0x8000 squared) gives 0x8000. */
export const q15mulr: Sequence = (masm, dst, src) => {
  vop(masm, "pmulhrsw", dst, src);
  vop(masm, "movdqu", S1, lanes(2, 0x8000n));
  vop(masm, "pcmpeqw", S1, dst);
  vop(masm, "pxor", dst, S1);
};

/** i8x16.popcnt: two PSHUFB nibble lookups. */
export const popcnt8: Sequence = (masm, dst) => {
  const table = Uint8Array.from([0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4]);
  vmov(masm, S1, dst);
  vimm(masm, "psrlw", S1, 4);
  vop(masm, "pand", S1, lanes(1, 0x0fn));
  vop(masm, "pand", dst, lanes(1, 0x0fn));
  vop(masm, "movdqu", S2, table);
  vop(masm, "pshufb", S2, dst);
  vop(masm, "movdqu", dst, table);
  vop(masm, "pshufb", dst, S1);
  vop(masm, "paddb", dst, S2);
};

/** `<shape>.abs`: PABS (SSSE3), or for i64 lanes a sign mask from the high dwords. */
export function intAbs(masm: X64MacroAssembler, op: string, dst: Reg): void {
  const shape = shapeOf(op);
  if (shape.suffix !== "q") return vop(masm, `pabs${shape.suffix}`, dst, dst);
  vop(masm, "pshufd", S1, dst, 0xf5);
  vimm(masm, "psrad", S1, 31);
  vop(masm, "pxor", dst, S1);
  vop(masm, "psubq", dst, S1);
}

/** `<shape>.neg`: `0 - dst`. */
export function intNeg(masm: X64MacroAssembler, op: string, dst: Reg): void {
  vmov(masm, S1, dst);
  zero(masm, dst);
  vop(masm, `psub${shapeOf(op).suffix}`, dst, S1);
}

/** any_true, all_true and bitmask into the gpr `dst`. */
export function reduce(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const asm = masm.asm;
  const out = gpr(dst, 32);
  if (op === "v128.any_true" && has(masm, "sse41")) {
    asm.emit("ptest", xmmOf(src), xmmOf(src));
    asm.setcc("ne", gpr(dst, 8));
    asm.emit("movzx", out, gpr(dst, 8));
    return;
  }
  if (op === "v128.any_true" || op.endsWith(".all_true")) {
    zero(masm, S1);
    if (op === "v128.any_true") vop(masm, "pcmpeqb", S1, src);
    else compareInto(masm, shapeOf(op), true, S1, src);
    asm.emit("pmovmskb", out, xmmOf(S1));
    asm.emit("cmp", out, immOf(op === "v128.any_true" ? 0xffff : 0));
    asm.setcc(op === "v128.any_true" ? "ne" : "e", gpr(dst, 8));
    asm.emit("movzx", out, gpr(dst, 8));
    return;
  }
  const shape = shapeOf(op);
  if (shape.suffix === "b") return asm.emit("pmovmskb", out, xmmOf(src));
  if (shape.suffix === "d") return asm.emit("movmskps", out, xmmOf(src));
  if (shape.suffix === "q") return asm.emit("movmskpd", out, xmmOf(src));
  vmov(masm, S1, src);
  vop(masm, "packsswb", S1, S1);
  asm.emit("pmovmskb", out, xmmOf(S1));
  asm.emit("movzx", out, gpr(dst, 8));
}
