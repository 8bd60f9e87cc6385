/**
 * Architectural registers and condition codes of x86-64, named as in the Intel SDM Vol. 1
 * §3.4 (general-purpose registers), §10.2 (XMM registers) and Vol. 2 Appendix B.1.4.7
 * (condition test field `tttn`).
 *
 * @module
 */

/** Operand width in bits of a general-purpose register view. */
export type Width = 8 | 16 | 32 | 64;

/** The sixteen 64-bit general-purpose registers, in hardware number order. */
// deno-fmt-ignore
export const GPR64 = [
  "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
  "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
] as const;

/** Name of a 64-bit general-purpose register. */
export type Gpr = (typeof GPR64)[number];

/** Register names of every width, indexed by hardware number (REX form for 8-bit views). */
// deno-fmt-ignore
const GPR_NAMES: Readonly<Record<Width, readonly string[]>> = {
  8: ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"],
  16: ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"],
  32: ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"],
  64: GPR64,
};

/** The legacy high-byte registers, addressable only without a REX prefix (numbers 4..7). */
const HIGH_BYTE_NAMES = ["ah", "ch", "dh", "bh"] as const;

/** A general-purpose register viewed at a width. `highByte` marks ah/ch/dh/bh. */
export interface GprOperand {
  readonly kind: "gpr";
  /** Hardware register number, 0..15. */
  readonly reg: number;
  readonly width: Width;
  readonly highByte?: boolean;
  /**
   * Set only on the masm's shared operands (`_masm_operands.ts`): a number below 80 naming the
   * operand (register and width), which the assembler keys its whole-encoding cache on.
   */
  readonly slot?: number;
}

/** An XMM register, xmm0..xmm15. */
export interface XmmOperand {
  readonly kind: "xmm";
  readonly reg: number;
  /** As `GprOperand.slot`: set only on the masm's shared operands. */
  readonly slot?: number;
}

/** The hardware number of a register named at any width (`"eax"`, `"r9b"`, `"rsp"`). */
export function gprNumber(name: string): { reg: number; width: Width; highByte: boolean } {
  for (const width of [64, 32, 16, 8] as const) {
    const reg = GPR_NAMES[width].indexOf(name);
    if (reg >= 0) return { reg, width, highByte: false };
  }
  const high = (HIGH_BYTE_NAMES as readonly string[]).indexOf(name);
  if (high >= 0) return { reg: high + 4, width: 8, highByte: true };
  return { reg: -1, width: 64, highByte: false };
}

/** The architectural name of a register operand, as the SDM and objdump spell it. */
export function gprName(operand: GprOperand): string {
  if (operand.highByte) return HIGH_BYTE_NAMES[operand.reg - 4] ?? "?";
  return GPR_NAMES[operand.width][operand.reg] ?? "?";
}

/** The SDM's condition-code suffixes, indexed by their `tttn` encoding. */
// deno-fmt-ignore
export const CONDITION_CODES = [
  "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
] as const;

/** A condition-code suffix as the SDM spells its canonical form (`e`, `ne`, `b`, ...). */
export type ConditionCode = (typeof CONDITION_CODES)[number];

/** Synonyms the SDM lists for the same `tttn` encoding, mapped to the canonical suffix. */
// deno-fmt-ignore
export const CONDITION_ALIASES: Readonly<Record<string, ConditionCode>> = {
  c: "b", nae: "b", nb: "ae", nc: "ae", z: "e", nz: "ne", na: "be", nbe: "a",
  pe: "p", po: "np", nge: "l", nl: "ge", ng: "le", nle: "g",
};

/** The `tttn` encoding of a condition code or one of its aliases, or -1. */
export function conditionNumber(cc: string): number {
  const canonical = CONDITION_ALIASES[cc] ?? cc;
  return (CONDITION_CODES as readonly string[]).indexOf(canonical);
}

/** The condition that holds exactly when `cc` does not (flips the low `n` bit). */
export function invertCondition(cc: ConditionCode): ConditionCode {
  return CONDITION_CODES[conditionNumber(cc) ^ 1] ?? cc;
}
