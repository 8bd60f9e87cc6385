/**
 * Operand keys for the assembler's memoised row choice (`_select.ts`): `operandKey` packs the
 * facts about an instruction's operands that fix its length under each row (kinds, register
 * numbers and widths, memory width and addressing form, immediate class, rel size) into one
 * number, and the index functions number the shared register operands and register-immediate
 * pairs for the whole-encoding caches.
 *
 * @module
 */

import type { Operand } from "./operands.ts";
import { immediateClass, smallImmediateClass } from "./_immediate_class.ts";

/** Test hook: when off, the assembler takes the exhaustive search for every instruction. */
export const FAST_PATH = { enabled: true };

/** Each operand's code takes 13 bits: a 3-bit kind tag and a 10-bit payload. */
const RADIX = [1, 2 ** 13, 2 ** 26, 2 ** 39] as const;

/** 8, 16, 32, 64 as 0..3, else -1. */
function widthCode(width: number): number {
  return width === 32 ? 2 : width === 64 ? 3 : width === 8 ? 0 : width === 16 ? 1 : -1;
}

/** A memory width as 1..7 (0 is "any"), else -1. */
function memWidthCode(width: number | undefined): number {
  if (width === undefined) return 0;
  const code = widthCode(width);
  if (code >= 0) return code + 2;
  return width === 0 ? 1 : width === 128 ? 6 : width === 256 ? 7 : -1;
}

/** The key of an operand list, or -1 when the exhaustive search must handle it. */
export function operandKey(operands: readonly Operand[]): number {
  if (operands.length > 4 || !FAST_PATH.enabled) return -1;
  let key = 0;
  for (let i = 0; i < operands.length; i++) {
    const code = operandCode(operands[i] as Operand);
    if (!(code >= 0)) return -1;
    key += code * (RADIX[i] ?? 0);
  }
  return key;
}

/** `operandKey([a, b])` without the list. */
export function pairKey(a: Operand, b: Operand): number {
  if (!FAST_PATH.enabled) return -1;
  const first = operandCode(a), second = operandCode(b);
  return first >= 0 && second >= 0 ? first + second * RADIX[1] : -1;
}

/** Shared register operands carry a slot below this (`slot` of `GprOperand`, `XmmOperand`). */
export const REGISTER_SLOTS = 80;

/** Register pairs, then single registers (`registerSingleIndex`). */
export const PAIR_INDICES = REGISTER_SLOTS * (REGISTER_SLOTS + 1);

/** The index of a lone shared register operand (after the pairs), or -1. */
export function registerSingleIndex(a: Operand): number {
  if (!FAST_PATH.enabled) return -1;
  const slot = a.kind === "gpr" || a.kind === "xmm" ? a.slot : undefined;
  return slot === undefined ? -1 : REGISTER_SLOTS * REGISTER_SLOTS + slot;
}

/** The index of a pair of shared register operands (by their slots), or -1. */
export function registerPairIndex(a: Operand, b: Operand): number {
  if (!FAST_PATH.enabled) return -1;
  const first = a.kind === "gpr" || a.kind === "xmm" ? a.slot : undefined;
  const second = b.kind === "gpr" || b.kind === "xmm" ? b.slot : undefined;
  return first === undefined || second === undefined ? -1 : first * REGISTER_SLOTS + second;
}

/** Entries of a selector's register-immediate cache (a power of two). */
export const IMMEDIATE_SLOTS = 1024;

/**
 * The key of a shared register operand and an immediate with a `small` value in ±2^23:
 * `slot | (small + 2^23) << 7`, or -1. The pair's encoding depends only on these (the choice on
 * their operand codes, the bytes on the register and `small`, for rows whose imm is at most
 * 32 bits: the assembler only keeps those).
 */
export function registerImmediateKey(a: Operand, b: Operand): number {
  if (b.kind !== "imm" || !(a.kind === "gpr" || a.kind === "xmm") || !FAST_PATH.enabled) {
    return -1;
  }
  const slot = a.slot, small = b.small;
  if (slot === undefined || small === undefined) return -1;
  return small >= -0x800000 && small < 0x800000 ? slot | ((small + 0x800000) << 7) : -1;
}

/** The entry of register-immediate key `key` in a selector's direct-mapped cache. */
export function immediateSlot(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 22;
}

function isRegister(reg: number): boolean {
  return (reg & 15) === reg;
}

/** The 13-bit code of one operand, or -1 (see `operandKey`). */
export function operandCode(operand: Operand): number {
  switch (operand.kind) {
    case "gpr": {
      const width = widthCode(operand.width);
      if (!isRegister(operand.reg) || width < 0) return -1;
      return 1 | (operand.reg << 3) | (width << 7) | (operand.highByte ? 512 : 0);
    }
    case "xmm":
      return isRegister(operand.reg) ? 2 | (operand.reg << 3) : -1;
    case "ymm":
      return isRegister(operand.reg) ? 3 | (operand.reg << 3) : -1;
    case "imm": {
      const small = operand.small;
      const range = small === undefined
        ? immediateClass(operand.value)
        : smallImmediateClass(small);
      return range < 0 ? -1 : 4 | (range << 3);
    }
    case "mem": {
      const form = memoryCode(operand);
      return form < 0 ? -1 : 5 | (form << 3);
    }
    case "rel": {
      const disp = operand.disp;
      if ((disp | 0) !== disp) return -1;
      return 6 | (disp >= -128 && disp <= 127 ? 0 : 8);
    }
    case "label":
      return 7;
  }
}

/**
 * 9 bits: width (3), addressing form (3: RIP, no base, or base with SIB-or-not x disp0/8/32),
 * base >= 8 (1), index none/low/high (2). Unusual forms (bad scale, rsp index, RIP with a base,
 * a disp8 that does not fit) return -1.
 */
function memoryCode(operand: Extract<Operand, { kind: "mem" }>): number {
  if (
    operand.base !== undefined && !operand.rip && operand.dispSize === undefined &&
    operand.label === undefined && operand.symbol === undefined
  ) {
    return addressCode(operand.width, operand.base, operand.index, operand.scale, operand.disp);
  }
  const width = memWidthCode(operand.width);
  const { base, index, scale } = operand;
  const disp = operand.label !== undefined || operand.symbol !== undefined ? 0 : operand.disp;
  if (width < 0 || (disp | 0) !== disp) return -1;
  if (scale !== 1 && scale !== 2 && scale !== 4 && scale !== 8) return -1;
  if (index !== undefined && (!isRegister(index) || index === 4)) return -1;
  if (base !== undefined && !isRegister(base)) return -1;
  let form: number;
  if (operand.rip) {
    if (base !== undefined || index !== undefined) return -1;
    form = 0;
  } else if (base === undefined) form = 1;
  else {
    const fits8 = disp >= -128 && disp <= 127;
    const size = operand.dispSize ?? (disp === 0 && (base & 7) !== 5 ? 0 : fits8 ? 8 : 32);
    if (size === 8 && !fits8) return -1;
    const sib = index !== undefined || (base & 7) === 4 ? 1 : 0;
    form = 2 + sib * 3 + (size === 0 ? 0 : size === 8 ? 1 : 2);
  }
  const high = base !== undefined && !operand.rip ? base >> 3 : 0;
  const indexCode = index === undefined ? 0 : 1 + (index >> 3);
  return width | (form << 3) | (high << 6) | (indexCode << 7);
}

/** How many `addressCode`s one memory width has (the code's bits above the width's 3). */
export const ADDRESS_CODES = 64;

/**
 * `memoryCode` of `[base + index*scale + disp]` (no RIP, no forced displacement size), from the
 * fields: what the assembler's address fast path keys on without building an operand.
 */
export function addressCode(
  memWidth: number | undefined,
  base: number,
  index: number | undefined,
  scale: number,
  disp: number,
): number {
  const width = memWidthCode(memWidth);
  if (width < 0 || (disp | 0) !== disp) return -1;
  if (scale !== 1 && scale !== 2 && scale !== 4 && scale !== 8) return -1;
  if (index !== undefined && (!isRegister(index) || index === 4)) return -1;
  if (!isRegister(base)) return -1;
  const fits8 = disp >= -128 && disp <= 127;
  const size = disp === 0 && (base & 7) !== 5 ? 0 : fits8 ? 8 : 32;
  const sib = index !== undefined || (base & 7) === 4 ? 1 : 0;
  const form = 2 + sib * 3 + (size === 0 ? 0 : size === 8 ? 1 : 2);
  const indexCode = index === undefined ? 0 : 1 + (index >> 3);
  return width | (form << 3) | ((base >> 3) << 6) | (indexCode << 7);
}

/** The key of a register operand (code `registerCode`) and an address (code `addressCode`). */
export function registerAddressKey(
  registerCode: number,
  addressCode: number,
  addressFirst: boolean,
): number {
  const memory = 5 | (addressCode << 3);
  return addressFirst ? memory + registerCode * RADIX[1] : registerCode + memory * RADIX[1];
}
