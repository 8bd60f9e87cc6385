/**
 * Building blocks of the SIMD sequences (SDM Vol. 2 SSE2/SSSE3/SSE4.1 packed instructions):
 * register-to-register emission, constant vectors from the masm's constant pool, and the
 * sequences several families share (lane-wise compare, blend, 64-bit multiply).
 *
 * @module
 */

import type { Reg } from "../compile/masm.ts";
import type { CpuFeatures } from "../settings.ts";
import type { X64MacroAssembler } from "./masm.ts";
import type { Operand } from "./operands.ts";
import { immOf, XMM_SCRATCH, XMM_SCRATCH2, XMM_SCRATCH3, xmmOf } from "./_masm_operands.ts";

/** The three float scratch registers, in the order sequences take them. */
export const S1 = XMM_SCRATCH;
export const S2 = XMM_SCRATCH2;
export const S3 = XMM_SCRATCH3;

/** An xmm register or a constant vector operand. */
export type VecSrc = Reg | Uint8Array;

/** A sequence of one SIMD op on `dst` and `src` (`src` unused by one-operand ops). */
export type Sequence = (masm: X64MacroAssembler, dst: Reg, src: Reg) => void;

/** Emits `mnemonic dst, src` (src a register or a constant vector), plus an immediate. */
export function vop(
  masm: X64MacroAssembler,
  mnemonic: string,
  dst: Reg,
  src: VecSrc,
  imm?: number,
): void {
  const source: Operand = typeof src === "number" ? xmmOf(src) : masm.constant(src);
  if (imm === undefined) masm.asm.emit(mnemonic, xmmOf(dst), source);
  else masm.asm.emit(mnemonic, xmmOf(dst), source, immOf(imm));
}

/** Emits `mnemonic dst, imm8` (packed shifts by an immediate). */
export function vimm(masm: X64MacroAssembler, mnemonic: string, dst: Reg, imm: number): void {
  masm.asm.emit(mnemonic, xmmOf(dst), immOf(imm));
}

/** Copies a whole register (no code when `dst === src`). */
export function vmov(masm: X64MacroAssembler, dst: Reg, src: Reg): void {
  if (dst !== src) vop(masm, "movaps", dst, src);
}

/** Whether `feature` is on. */
export function has(masm: X64MacroAssembler, feature: keyof CpuFeatures): boolean {
  return masm.features[feature];
}

/** 16 bytes of `count` little-endian lanes of `bytes` each, all `value`. */
export function lanes(bytes: 1 | 2 | 4 | 8, value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  const bits = BigInt.asUintN(bytes * 8, value);
  for (let i = 0; i < 16; i++) out[i] = Number((bits >> BigInt((i % bytes) * 8)) & 0xffn);
  return out;
}

/** A vector of four f32 lanes (`size` 32) or two f64 lanes (`size` 64), all `value`. */
export function floats(size: 32 | 64, value: number): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 16; i += size / 8) {
    if (size === 32) view.setFloat32(i, value, true);
    else view.setFloat64(i, value, true);
  }
  return out;
}

/** Sets every bit of `dst`. */
export function allOnes(masm: X64MacroAssembler, dst: Reg): void {
  vop(masm, "pcmpeqd", dst, dst);
}

/** `dst = ~dst`. */
export function invert(masm: X64MacroAssembler, dst: Reg): void {
  allOnes(masm, S3);
  vop(masm, "pxor", dst, S3);
}

/** Clears `dst`. */
export function zero(masm: X64MacroAssembler, dst: Reg): void {
  vop(masm, "pxor", dst, dst);
}

/**
 * `dst = mask ? onTrue : onFalse` bitwise; `mask` (a scratch register) is clobbered and
 * `onFalse` may be `dst`.
 */
export function blend(
  masm: X64MacroAssembler,
  dst: Reg,
  mask: Reg,
  onTrue: VecSrc,
  onFalse: Reg,
): void {
  const spare = mask === S2 ? S3 : S2;
  if (typeof onTrue === "number") vmov(masm, spare, onTrue);
  else vop(masm, "movdqu", spare, onTrue);
  vop(masm, "pand", spare, mask);
  vop(masm, "pandn", mask, onFalse);
  vop(masm, "por", mask, spare);
  vmov(masm, dst, mask);
}

/** `x = (x == y)` per 64-bit lane (PCMPEQQ, or SSE2 dword compares); y kept. */
export function eq64(masm: X64MacroAssembler, x: Reg, y: Reg): void {
  if (has(masm, "sse41")) return vop(masm, "pcmpeqq", x, y);
  vop(masm, "pcmpeqd", x, y);
  vop(masm, "pshufd", S3, x, 0xb1);
  vop(masm, "pand", x, S3);
}

/**
 * `x = (x > y)` signed per 64-bit lane (PCMPGTQ, or SSE2: high dwords compared signed, low
 * dwords unsigned). Without SSE4.2, x and y must be scratch registers (both clobbered).
 */
export function gt64(masm: X64MacroAssembler, x: Reg, y: Reg): void {
  if (has(masm, "sse42")) return vop(masm, "pcmpgtq", x, y);
  const lowSigns = lanes(8, 0x8000_0000n);
  vop(masm, "pxor", x, lowSigns);
  vop(masm, "pxor", y, lowSigns);
  vmov(masm, S3, x);
  vop(masm, "pcmpgtd", S3, y);
  vop(masm, "pcmpeqd", x, y);
  vop(masm, "pshufd", y, S3, 0xa0);
  vop(masm, "pshufd", x, x, 0xf5);
  vop(masm, "pand", x, y);
  vop(masm, "pshufd", y, S3, 0xf5);
  vop(masm, "por", x, y);
}

/** `dst = dst * src` per 64-bit lane from three PMULUDQ partial products (uses S1, S2). */
export function mul64(masm: X64MacroAssembler, dst: Reg, src: Reg): void {
  vmov(masm, S1, dst);
  vimm(masm, "psrlq", S1, 32);
  vop(masm, "pmuludq", S1, src);
  vmov(masm, S2, src);
  vimm(masm, "psrlq", S2, 32);
  vop(masm, "pmuludq", S2, dst);
  vop(masm, "paddq", S1, S2);
  vimm(masm, "psllq", S1, 32);
  vop(masm, "pmuludq", dst, src);
  vop(masm, "paddq", dst, S1);
}
