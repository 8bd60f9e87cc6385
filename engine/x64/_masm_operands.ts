/**
 * Operand helpers shared by the macro-assembler files: the register numbering of
 * `engine/compile/masm.ts` (gpr 0..15 in hardware order, xmm n as 16 + n) mapped to the
 * assembler's operands, and the fixed registers the x86-64 masm reserves.
 *
 * @module
 */

import type { Address, Reg, Size } from "../compile/masm.ts";
import { InternalError } from "../errors.ts";
import { type MemOperand, type Operand } from "./operands.ts";
import type { GprOperand, Width, XmmOperand } from "./regs.ts";
import type { MemWidth } from "./row.ts";

/** Hardware numbers of the general-purpose registers the masm names. */
export const RAX = 0;
export const RCX = 1;
export const RDX = 2;
export const RBX = 3;
export const RSP = 4;
export const RBP = 5;
export const RSI = 6;
export const RDI = 7;
export const R8 = 8;
export const R9 = 9;
export const R10 = 10;
export const R11 = 11;
export const R12 = 12;
export const R13 = 13;
export const R14 = 14;
export const R15 = 15;

/** The scratch gpr every masm method may clobber (never allocatable, never an argument). */
export const SCRATCH = R11;
/** Float scratch registers (never allocatable). */
export const XMM_SCRATCH = 31;
export const XMM_SCRATCH2 = 30;
/** A third float scratch register, for the longer SIMD sequences. */
export const XMM_SCRATCH3 = 29;

/** A general-purpose register operand at a width. */
export function gpr(reg: Reg, width: Width): GprOperand {
  if (reg < 0 || reg > 15) throw new InternalError(`Register ${reg} is not a gpr`);
  return { kind: "gpr", reg, width };
}

/** A 32- or 64-bit gpr operand. */
export function gprOf(reg: Reg, size: Size): GprOperand {
  return gpr(reg, size);
}

/** An xmm register operand. */
export function xmmOf(reg: Reg): XmmOperand {
  if (reg < 16 || reg > 31) throw new InternalError(`Register ${reg} is not an xmm register`);
  return { kind: "xmm", reg: reg - 16 };
}

/** A memory operand for an `Address`. */
export function memOf(address: Address, width?: MemWidth): MemOperand {
  return {
    kind: "mem",
    base: address.base,
    index: address.index,
    scale: address.scale ?? 1,
    disp: address.disp,
    width,
    rip: false,
    symbol: undefined,
    label: undefined,
    dispSize: undefined,
  };
}

/** An immediate operand. */
export function immOf(value: number | bigint): Operand {
  return { kind: "imm", value: BigInt(value) };
}

/** The scalar SSE mnemonic suffix of a float size: `ss` or `sd`. */
export function scalar(size: Size): "ss" | "sd" {
  return size === 32 ? "ss" : "sd";
}
