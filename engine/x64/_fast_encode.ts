/**
 * The assembler's allocation-free encoder: the same SDM Vol. 2 chapter 2 layout as
 * `encode.ts` (legacy prefix, REX §2.2.1 or VEX §2.3.5, escapes, opcode, ModRM/SIB, disp,
 * rel, immediates), but written straight into the code buffer from a per-row plan computed
 * once. It trusts its caller: `_select.ts` only hands it operands whose key it has already
 * encoded through `encodeInstruction` (which validates), and a test checks that both encoders
 * agree byte for byte.
 *
 * @module
 */

import type { ImmOperand, Operand } from "./operands.ts";
import type { InstRow } from "./row.ts";
import { split64 } from "./_bits.ts";

/** Where each operand of a row goes, precomputed from its specs. */
export interface RowPlan {
  readonly row: InstRow;
  /** Operand index per slot, or -1. */
  readonly regAt: number;
  readonly rmAt: number;
  readonly vvvvAt: number;
  readonly opcodeAt: number;
  readonly relAt: number;
  readonly relSize: number;
  /** `/digit` (or 0) for ModRM.reg when no operand fills it. */
  readonly digit: number;
  /** Operand indices of imm/is4 fields in encoding order, and their sizes and kinds. */
  readonly immAt: readonly number[];
  readonly immSize: readonly number[];
  readonly immIs4: readonly boolean[];
  /** Operands that are 8-bit registers outside a fixed slot (spl..dil need a REX). */
  readonly byteRegAt: readonly number[];
  /** Opcode-map escape bytes (0F, 0F 38, 0F 3A) of a legacy row. */
  readonly escapes: readonly number[];
}

const PLANS = new Map<InstRow, RowPlan>();

/** The plan of `row`, computed once. */
export function planOf(row: InstRow): RowPlan {
  const known = PLANS.get(row);
  if (known !== undefined) return known;
  const at = (slot: string) => row.operands.findIndex((spec) => spec.slot === slot);
  const immAt: number[] = [];
  const immSize: number[] = [];
  const immIs4: boolean[] = [];
  const byteRegAt: number[] = [];
  row.operands.forEach((spec, index) => {
    if (spec.slot === "imm" || spec.slot === "is4") {
      immAt.push(index);
      immSize.push(spec.size);
      immIs4.push(spec.slot === "is4");
    }
    if (spec.regClass === "gpr" && spec.regWidth === 8 && spec.slot !== "fixed") {
      byteRegAt.push(index);
    }
  });
  const relAt = at("rel");
  const plan: RowPlan = {
    row,
    regAt: at("reg"),
    rmAt: at("rm"),
    vvvvAt: at("vvvv"),
    opcodeAt: at("opcode"),
    relAt,
    relSize: relAt < 0 ? 0 : row.operands[relAt]?.size === 1 ? 1 : 4,
    digit: row.modrm !== undefined && row.modrm >= 0 ? row.modrm : 0,
    immAt,
    immSize,
    immIs4,
    byteRegAt,
    escapes: row.map === 0 ? [] : row.map === 1 ? [0x0f] : [0x0f, row.map === 2 ? 0x38 : 0x3a],
  };
  PLANS.set(row, plan);
  return plan;
}

/** The register number of an operand, or 0 (immediates, memory, labels). */
function regOf(operand: Operand | undefined): number {
  return operand === undefined ||
      !(operand.kind === "gpr" || operand.kind === "xmm" || operand.kind === "ymm")
    ? 0
    : operand.reg;
}

/**
 * Writes `plan`'s row with `operands` at `out[at]` and returns the end offset. `out` must have
 * room for 15 bytes. Labels and label/symbol displacements are written as zero placeholders.
 */
export function encodeInto(
  out: Uint8Array,
  at: number,
  plan: RowPlan,
  operands: readonly Operand[],
): number {
  return encodeTail(out, encodeHead(out, at, plan, operands), plan, operands);
}

/**
 * Writes the prefixes and the opcode byte (everything before ModRM) and returns the end. These
 * bytes depend only on the operands' key (`_select.ts`): register numbers, and of a memory
 * operand only the high bits of its base and index.
 */
export function encodeHead(
  out: Uint8Array,
  at: number,
  plan: RowPlan,
  operands: readonly Operand[],
): number {
  const row = plan.row;
  // Indices are checked before use: reading index -1 of an array is slow in V8.
  const rm = plan.rmAt < 0 ? undefined : operands[plan.rmAt];
  const reg = plan.regAt < 0 ? plan.digit : regOf(operands[plan.regAt]);
  const opcodeReg = plan.opcodeAt < 0 ? 0 : regOf(operands[plan.opcodeAt]);
  let rexX = 0;
  let rexB = 0;
  if (rm === undefined) rexB = opcodeReg >> 3;
  else if (rm.kind === "mem") {
    rexX = rm.index === undefined ? 0 : rm.index >> 3;
    rexB = (rm.base ?? 0) >> 3;
  } else rexB = regOf(rm) >> 3;
  const rexR = reg >> 3;
  let p = at;
  const vex = row.vex;
  if (vex !== undefined) {
    const w = vex.w ?? 0;
    const vvvv = plan.vvvvAt < 0 ? 0 : regOf(operands[plan.vvvvAt]);
    const tail = ((~vvvv & 15) << 3) | (vex.l << 2) | vex.pp;
    if (rexX === 0 && rexB === 0 && w === 0 && vex.mmmmm === 1) {
      out[p++] = 0xc5;
      out[p++] = ((rexR ^ 1) << 7) | tail;
    } else {
      out[p++] = 0xc4;
      out[p++] = ((rexR ^ 1) << 7) | ((rexX ^ 1) << 6) | ((rexB ^ 1) << 5) | vex.mmmmm;
      out[p++] = (w << 7) | tail;
    }
  } else {
    if (row.prefix !== 0) out[p++] = row.prefix;
    const rex = (row.rexW ? 8 : 0) | (rexR << 2) | (rexX << 1) | rexB;
    if (rex !== 0 || needsRex(plan, operands)) out[p++] = 0x40 | rex;
    for (const escape of plan.escapes) out[p++] = escape;
  }
  out[p++] = row.opcode | (row.regInOpcode ? opcodeReg & 7 : 0);
  return p;
}

/** Writes what follows the opcode byte (ModRM, SIB, displacement, rel, immediates). */
export function encodeTail(
  out: Uint8Array,
  at: number,
  plan: RowPlan,
  operands: readonly Operand[],
): number {
  let p = at;
  const rm = plan.rmAt < 0 ? undefined : operands[plan.rmAt];
  if (plan.row.modrm !== undefined && rm !== undefined) {
    const reg = plan.regAt < 0 ? plan.digit : regOf(operands[plan.regAt]);
    p = writeModrm(out, p, reg & 7, rm);
  }
  if (plan.relAt >= 0) {
    const rel = operands[plan.relAt];
    p = writeLittleEndian(out, p, rel?.kind === "rel" ? rel.disp : 0, plan.relSize);
  }
  for (let i = 0; i < plan.immAt.length; i++) {
    const operand = operands[plan.immAt[i] ?? 0];
    const size = plan.immSize[i] ?? 0;
    if (plan.immIs4[i]) p = writeLittleEndian(out, p, regOf(operand) << 4, 1);
    else if (operand?.kind === "imm") p = writeImmediateOperand(out, p, operand, size);
  }
  return p;
}

/** spl, bpl, sil and dil exist only with a REX prefix. */
function needsRex(plan: RowPlan, operands: readonly Operand[]): boolean {
  for (const index of plan.byteRegAt) {
    const operand = operands[index];
    if (operand?.kind === "gpr" && operand.width === 8 && !operand.highByte && operand.reg >= 4) {
      return true;
    }
  }
  return false;
}

const SCALE_BITS = [0, 0, 1, 0, 2, 0, 0, 0, 3];

/** ModRM, SIB and displacement, as `encode.ts` `modrmBytes` lays them out. */
function writeModrm(out: Uint8Array, p: number, reg: number, rm: Operand): number {
  if (rm.kind !== "mem") {
    out[p++] = 0xc0 | (reg << 3) | (regOf(rm) & 7);
    return p;
  }
  const disp = rm.label !== undefined || rm.symbol !== undefined ? 0 : rm.disp;
  if (rm.rip) {
    out[p++] = (reg << 3) | 5;
    return writeLittleEndian(out, p, disp, 4);
  }
  const scaleBits = SCALE_BITS[rm.scale] ?? 0;
  const index = rm.index ?? 4;
  if (rm.base === undefined) {
    out[p++] = (reg << 3) | 4;
    out[p++] = (scaleBits << 6) | ((index & 7) << 3) | 5;
    return writeLittleEndian(out, p, disp, 4);
  }
  return writeAddress(out, p, reg, rm.base, rm.index, rm.scale, disp, rm.dispSize);
}

/** ModRM, SIB and displacement of `[base + index*scale + disp]` (a disp8/32 if `dispSize`). */
export function writeAddress(
  out: Uint8Array,
  at: number,
  reg: number,
  base: number,
  index: number | undefined,
  scale: number,
  disp: number,
  dispSize: 8 | 32 | undefined,
): number {
  let p = at;
  const size = dispSize ??
    (disp === 0 && (base & 7) !== 5 ? 0 : disp >= -128 && disp <= 127 ? 8 : 32);
  const mod = size === 0 ? 0 : size === 8 ? 1 : 2;
  if (index === undefined && (base & 7) !== 4) {
    out[p++] = (mod << 6) | (reg << 3) | (base & 7);
  } else {
    out[p++] = (mod << 6) | (reg << 3) | 4;
    out[p++] = ((SCALE_BITS[scale] ?? 0) << 6) | (((index ?? 4) & 7) << 3) | (base & 7);
  }
  return size === 0 ? p : writeLittleEndian(out, p, disp, size >> 3);
}

/** Writes the low `size` bytes of a 32-bit integer. */
function writeLittleEndian(out: Uint8Array, p: number, value: number, size: number): number {
  out[p++] = value & 0xff;
  if (size === 1) return p;
  out[p++] = (value >> 8) & 0xff;
  if (size === 2) return p;
  out[p++] = (value >> 16) & 0xff;
  out[p++] = (value >> 24) & 0xff;
  return p;
}

/** Writes an immediate operand in a field of `size` bytes (through its `small` hint if any). */
export function writeImmediateOperand(
  out: Uint8Array,
  p: number,
  operand: ImmOperand,
  size: number,
): number {
  const small = operand.small;
  return small !== undefined && size <= 4
    ? writeLittleEndian(out, p, small, size)
    : writeImmediate(out, p, operand.value, size);
}

/** Writes the low `size` bytes of an immediate (its two's complement, any width). */
function writeImmediate(out: Uint8Array, p: number, value: bigint, size: number): number {
  const halves = split64(value);
  p = writeLittleEndian(out, p, halves[0]!, Math.min(size, 4));
  return size <= 4 ? p : writeLittleEndian(out, p, halves[1]!, 4);
}
