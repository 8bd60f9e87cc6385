/**
 * Lane and memory SIMD sequences of the x86-64 macro-assembler (SDM Vol. 2 MOVD/MOVQ,
 * PSHUFD/PSHUFB, PEXTRW/PINSRW and the SSE4.1 PEXTR/PINSR/INSERTPS): splat, extract_lane,
 * replace_lane, shuffle, swizzle, and the extending, splat, zero-filling and lane loads and
 * stores. A load's faulting instruction is the one whose offset is returned.
 *
 * @module
 */

import type { Address, Reg } from "../compile/masm.ts";
import { InternalError } from "../errors.ts";
import type { X64MacroAssembler } from "./masm.ts";
import { gpr, immOf, memOf, RAX, RCX, SCRATCH, xmmOf } from "./_masm_operands.ts";
import { extend } from "./_masm_simd_int.ts";
import { has, lanes, S1, vmov, vop, zero } from "./_masm_simd_ops.ts";

/** Splats `src` into every lane of `dst`. */
export function splat(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  const asm = masm.asm;
  switch (op) {
    case "i8x16.splat":
      asm.emit("movd", xmmOf(dst), gpr(src, 32));
      zero(masm, S1);
      return vop(masm, "pshufb", dst, S1);
    case "i16x8.splat":
      asm.emit("movd", xmmOf(dst), gpr(src, 32));
      vop(masm, "pshuflw", dst, dst, 0);
      return vop(masm, "pshufd", dst, dst, 0);
    case "i32x4.splat":
      asm.emit("movd", xmmOf(dst), gpr(src, 32));
      return vop(masm, "pshufd", dst, dst, 0);
    case "i64x2.splat":
      asm.emit("movq", xmmOf(dst), gpr(src, 64));
      return vop(masm, "punpcklqdq", dst, dst);
    case "f32x4.splat":
      vmov(masm, dst, src);
      return vop(masm, "shufps", dst, dst, 0);
    case "f64x2.splat":
      vmov(masm, dst, src);
      return vop(masm, "movlhps", dst, dst);
  }
  throw new InternalError(`No splat ${op}`);
}

/** Extracts lane `lane` of `src` into `dst` (a gpr, or in place for float lanes). */
export function extractLane(
  masm: X64MacroAssembler,
  op: string,
  lane: number,
  dst: Reg,
  src: Reg,
): void {
  const asm = masm.asm;
  if (op.startsWith("i8x16")) {
    const out = gpr(dst, 32);
    asm.emit("pextrw", out, xmmOf(src), immOf(lane >> 1));
    if (lane & 1) asm.emit("shr", out, immOf(8));
    return asm.emit(op.endsWith("_s") ? "movsx" : "movzx", out, gpr(dst, 8));
  }
  if (op.startsWith("i16x8")) {
    asm.emit("pextrw", gpr(dst, 32), xmmOf(src), immOf(lane));
    if (op.endsWith("_s")) asm.emit("movsx", gpr(dst, 32), gpr(dst, 16));
    return;
  }
  const wide = op.startsWith("i64x2") || op.startsWith("f64x2");
  const order = wide ? (lane === 0 ? 0x44 : 0xee) : lane;
  if (op.startsWith("f")) {
    if (lane !== 0) vop(masm, "pshufd", dst, src, order);
    return;
  }
  let from = src;
  if (lane !== 0) {
    vop(masm, "pshufd", S1, src, order);
    from = S1;
  }
  asm.emit(wide ? "movq" : "movd", gpr(dst, wide ? 64 : 32), xmmOf(from));
}

/** Replaces lane `lane` of `dst` by `src` (a gpr, or a float register for float lanes). */
export function replaceLane(
  masm: X64MacroAssembler,
  op: string,
  lane: number,
  dst: Reg,
  src: Reg,
): void {
  const asm = masm.asm;
  const sse41 = has(masm, "sse41");
  switch (op.slice(0, 5)) {
    case "i8x16":
      if (sse41) return asm.emit("pinsrb", xmmOf(dst), gpr(src, 32), immOf(lane));
      return insertByte(masm, lane, dst, src);
    case "i16x8":
      return asm.emit("pinsrw", xmmOf(dst), gpr(src, 32), immOf(lane));
    case "i32x4":
      if (sse41) return asm.emit("pinsrd", xmmOf(dst), gpr(src, 32), immOf(lane));
      return insertDword(masm, lane, dst, src);
    case "i64x2":
      if (sse41) return asm.emit("pinsrq", xmmOf(dst), gpr(src, 64), immOf(lane));
      asm.emit("movq", xmmOf(S1), gpr(src, 64));
      return vop(masm, lane === 0 ? "movsd" : "punpcklqdq", dst, S1);
    case "f32x4":
      if (sse41) return vop(masm, "insertps", dst, src, lane << 4);
      if (lane === 0) return vop(masm, "movss", dst, src);
      asm.emit("movd", gpr(RCX, 32), xmmOf(src));
      return insertDword(masm, lane, dst, RCX);
    case "f64x2":
      return vop(masm, lane === 0 ? "movsd" : "movlhps", dst, src);
  }
  throw new InternalError(`No replace_lane ${op}`);
}

/** Inserts the low byte of the gpr `src` with PEXTRW/PINSRW of its word (SSE2). */
function insertByte(masm: X64MacroAssembler, lane: number, dst: Reg, src: Reg): void {
  const asm = masm.asm;
  asm.emit("pextrw", gpr(RAX, 32), xmmOf(dst), immOf(lane >> 1));
  asm.emit("movzx", gpr(RCX, 32), gpr(src, 8));
  if (lane & 1) {
    asm.emit("and", gpr(RAX, 32), immOf(0xff));
    asm.emit("shl", gpr(RCX, 32), immOf(8));
  } else asm.emit("and", gpr(RAX, 32), immOf(0xff00));
  asm.emit("or", gpr(RAX, 32), gpr(RCX, 32));
  asm.emit("pinsrw", xmmOf(dst), gpr(RAX, 32), immOf(lane >> 1));
}

/** Inserts the gpr `src` as dword `lane` with two PINSRW (SSE2). */
function insertDword(masm: X64MacroAssembler, lane: number, dst: Reg, src: Reg): void {
  const asm = masm.asm;
  asm.emit("pinsrw", xmmOf(dst), gpr(src, 32), immOf(2 * lane));
  asm.emit("mov", gpr(RAX, 32), gpr(src, 32));
  asm.emit("shr", gpr(RAX, 32), immOf(16));
  asm.emit("pinsrw", xmmOf(dst), gpr(RAX, 32), immOf(2 * lane + 1));
}

/** i8x16.shuffle: a PSHUFB of each operand with a constant mask (0x80 zeroes a lane). */
export function shuffle(masm: X64MacroAssembler, dst: Reg, src: Reg, picks: Uint8Array): void {
  const fromDst = picks.map((pick) => pick < 16 ? pick : 0x80);
  const fromSrc = picks.map((pick) => pick >= 16 ? pick - 16 : 0x80);
  const usesDst = fromDst.some((pick) => pick !== 0x80);
  const usesSrc = fromSrc.some((pick) => pick !== 0x80);
  if (usesSrc) {
    vmov(masm, S1, src);
    vop(masm, "pshufb", S1, fromSrc);
  }
  if (usesDst) vop(masm, "pshufb", dst, fromDst);
  if (!usesSrc) return;
  if (usesDst) vop(masm, "por", dst, S1);
  else vmov(masm, dst, S1);
}

/** i8x16.swizzle: indices of 16 and more get bit 7 set by a saturating add, then PSHUFB. */
export function swizzle(masm: X64MacroAssembler, dst: Reg, src: Reg): void {
  vmov(masm, S1, src);
  vop(masm, "paddusb", S1, lanes(1, 0x70n));
  vop(masm, "pshufb", dst, S1);
}

/**
 * The extending loads: PMOVSX/PMOVZX from memory, or without SSE4.1 64 bits loaded and then
 * widened as the matching extend_low.
 */
const EXTENDING: Readonly<Record<string, readonly [string, string]>> = {
  "v128.load8x8_s": ["pmovsxbw", "i16x8.extend_low_i8x16_s"],
  "v128.load8x8_u": ["pmovzxbw", "i16x8.extend_low_i8x16_u"],
  "v128.load16x4_s": ["pmovsxwd", "i32x4.extend_low_i16x8_s"],
  "v128.load16x4_u": ["pmovzxwd", "i32x4.extend_low_i16x8_u"],
  "v128.load32x2_s": ["pmovsxdq", "i64x2.extend_low_i32x4_s"],
  "v128.load32x2_u": ["pmovzxdq", "i64x2.extend_low_i32x4_u"],
};

/** Extending, splat and zero-filling loads; returns the accessing instruction's offset. */
export function simdLoad(masm: X64MacroAssembler, op: string, dst: Reg, address: Address): number {
  const asm = masm.asm;
  const at = asm.offset;
  const widen = EXTENDING[op];
  if (widen !== undefined) {
    if (has(masm, "sse41")) {
      asm.emit(widen[0], xmmOf(dst), memOf(address, 64));
      return at;
    }
    asm.emit("movq", xmmOf(dst), memOf(address, 64));
    extend(masm, widen[1], dst);
    return at;
  }
  switch (op) {
    case "v128.load8_splat":
    case "v128.load16_splat":
      asm.emit("movzx", gpr(SCRATCH, 32), memOf(address, op === "v128.load8_splat" ? 8 : 16));
      splat(masm, op === "v128.load8_splat" ? "i8x16.splat" : "i16x8.splat", dst, SCRATCH);
      return at;
    case "v128.load32_splat":
      asm.emit("movd", xmmOf(dst), memOf(address, 32));
      vop(masm, "pshufd", dst, dst, 0);
      return at;
    case "v128.load64_splat":
      asm.emit("movq", xmmOf(dst), memOf(address, 64));
      vop(masm, "punpcklqdq", dst, dst);
      return at;
    case "v128.load32_zero":
      asm.emit("movd", xmmOf(dst), memOf(address, 32));
      return at;
    case "v128.load64_zero":
      asm.emit("movq", xmmOf(dst), memOf(address, 64));
      return at;
  }
  throw new InternalError(`No SIMD load ${op}`);
}

const LANE_OPS = { 1: "i8x16", 2: "i16x8", 4: "i32x4", 8: "i64x2" } as const;

/** Loads `bytes` into lane `lane` of `dst` through the scratch gpr. */
export function loadLane(
  masm: X64MacroAssembler,
  bytes: 1 | 2 | 4 | 8,
  lane: number,
  dst: Reg,
  address: Address,
): number {
  const asm = masm.asm;
  const at = asm.offset;
  if (bytes === 8) asm.emit("mov", gpr(SCRATCH, 64), memOf(address, 64));
  else if (bytes === 4) asm.emit("mov", gpr(SCRATCH, 32), memOf(address, 32));
  else asm.emit("movzx", gpr(SCRATCH, 32), memOf(address, bytes * 8 as 8 | 16));
  replaceLane(masm, `${LANE_OPS[bytes]}.replace_lane`, lane, dst, SCRATCH);
  return at;
}

/** Stores lane `lane` of `src` through the scratch gpr. */
export function storeLane(
  masm: X64MacroAssembler,
  bytes: 1 | 2 | 4 | 8,
  lane: number,
  address: Address,
  src: Reg,
): number {
  const op = bytes === 1
    ? "i8x16.extract_lane_u"
    : bytes === 2
    ? "i16x8.extract_lane_u"
    : `${LANE_OPS[bytes]}.extract_lane`;
  extractLane(masm, op, lane, SCRATCH, src);
  const at = masm.asm.offset;
  const width = bytes * 8 as 8 | 16 | 32 | 64;
  masm.asm.emit("mov", memOf(address, width), gpr(SCRATCH, width));
  return at;
}
