/**
 * Operand helpers shared by the macro-assembler files: the register numbering of
 * `engine/compile/masm.ts` (gpr 0..15 in hardware order, xmm n as 16 + n) mapped to the
 * assembler's operands, and the fixed registers the x86-64 masm reserves.
 *
 * @module
 */

import type { Address, Reg, Size } from "../compile/masm.ts";
import { InternalError } from "../errors.ts";
import type { ImmOperand, MemOperand } from "./operands.ts";
import type { GprOperand, Width, XmmOperand } from "./regs.ts";
import type { MemWidth } from "./row.ts";

export { split64 } from "./_bits.ts";

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

/**
 * Register operands are built once and shared (operands are read-only values): emitting an
 * instruction then allocates no register objects, and every gpr operand has the same shape.
 */
function gprTable(width: Width): readonly GprOperand[] {
  // `slot` numbers each shared operand (width, then register) for the assembler's caches.
  const base = { 8: 0, 16: 16, 32: 32, 64: 48 }[width];
  return Array.from(
    { length: 16 },
    (_, reg) => Object.freeze({ kind: "gpr", reg, width, slot: base + reg }),
  );
}
const GPRS_8 = gprTable(8);
const GPRS_16 = gprTable(16);
const GPRS_32 = gprTable(32);
const GPRS_64 = gprTable(64);
const XMMS: readonly XmmOperand[] = Array.from(
  { length: 16 },
  (_, reg) => Object.freeze({ kind: "xmm", reg, slot: 64 + reg }),
);

/** A general-purpose register operand at a width. */
export function gpr(reg: Reg, width: Width): GprOperand {
  const table = width === 64 ? GPRS_64 : width === 32 ? GPRS_32 : width === 8 ? GPRS_8 : GPRS_16;
  const operand = table[reg];
  if (operand === undefined) throw new InternalError(`Register ${reg} is not a gpr`);
  return operand;
}

/** A 32- or 64-bit gpr operand. */
export function gprOf(reg: Reg, size: Size): GprOperand {
  const operand = (size === 64 ? GPRS_64 : GPRS_32)[reg];
  if (operand === undefined) throw new InternalError(`Register ${reg} is not a gpr`);
  return operand;
}

/** An xmm register operand. */
export function xmmOf(reg: Reg): XmmOperand {
  const operand = XMMS[reg - 16];
  if (operand === undefined) throw new InternalError(`Register ${reg} is not an xmm register`);
  return operand;
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

/** Shared immediates of the small values most code uses (-128..1023). */
const SMALL_IMMEDIATES: readonly ImmOperand[] = Array.from(
  { length: 1152 },
  (_, i) => Object.freeze({ kind: "imm", value: BigInt(i - 128), small: i - 128 }),
);

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** An immediate operand (with its `small` hint when it is a signed 32-bit value). */
export function immOf(value: number | bigint): ImmOperand {
  if (typeof value === "number") {
    // (The range is tested first: reading past the end of an array is slow in V8.)
    const shared = value >= -128 && value < 1024 ? SMALL_IMMEDIATES[value + 128] : undefined;
    if (shared !== undefined) return shared;
    const small = Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX
      ? value
      : undefined;
    return { kind: "imm", value: BigInt(value), small };
  }
  if (value >= -128n && value < 1024n) return SMALL_IMMEDIATES[Number(value) + 128]!;
  const number = Number(value);
  const small = number >= INT32_MIN && number <= INT32_MAX ? number : undefined;
  return { kind: "imm", value, small };
}

/** An immediate outside the signed 32-bit range (`immOf` of it, without its range tests). */
export function wideImm(value: bigint): ImmOperand {
  return { kind: "imm", value, small: undefined };
}

/** The scalar SSE mnemonic suffix of a float size: `ss` or `sd`. */
export function scalar(size: Size): "ss" | "sd" {
  return size === 32 ? "ss" : "sd";
}
