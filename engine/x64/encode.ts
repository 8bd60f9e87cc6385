/**
 * The generic encoder: turns one instruction-table row plus operands into bytes, following
 * SDM Vol. 2 chapter 2 (instruction format): legacy prefixes, REX (§2.2.1), VEX (§2.3.5),
 * opcode, ModRM and SIB (§2.1.5, tables 2-2 and 2-3), displacement and immediate.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { MemOperand, Operand } from "./operands.ts";
import type { InstRow, OperandSpec } from "./row.ts";

/** The bytes of one instruction plus where its patchable fields sit. */
export interface EncodedInst {
  readonly bytes: Uint8Array;
  /** Offset of a RIP-relative disp32 within `bytes`, if any. */
  readonly ripDispAt: number | undefined;
  /** Offset and size of a `cb`/`cd` branch displacement within `bytes`, if any. */
  readonly relAt: number | undefined;
  readonly relSize: 0 | 1 | 4;
}

/** Whether `operand` fits `spec` of `row` (register class and width, memory width, imm range). */
export function operandMatches(row: InstRow, spec: OperandSpec, operand: Operand): boolean {
  switch (operand.kind) {
    case "gpr":
      if (spec.regClass !== "gpr" || spec.regWidth !== operand.width) return false;
      return spec.slot !== "fixed" || (spec.fixedReg === operand.reg && !operand.highByte);
    case "xmm":
      return spec.regClass === "xmm" && (spec.slot !== "fixed" || operand.reg === spec.fixedReg);
    case "ymm":
      return spec.regClass === "ymm";
    case "mem":
      return spec.memWidth !== undefined && spec.slot === "rm" &&
        (operand.width === undefined || spec.memWidth === 0 || operand.width === spec.memWidth);
    case "imm":
      if (spec.slot === "fixed") return spec.fixedReg === -1 && operand.value === 1n;
      return spec.slot === "imm" && immediateBits(row, spec, operand.value) !== undefined;
    case "rel":
      return spec.slot === "rel" && fitsSigned(operand.disp, spec.size * 8);
    case "label":
      return spec.slot === "rel";
  }
}

/** The operand width an ALU immediate is sign-extended to: the first GPR operand's width. */
function signedImmWidth(row: InstRow): number {
  const gpr = row.operands.find((spec) => spec.regClass === "gpr");
  return gpr === undefined ? 64 : gpr.regWidth;
}

/**
 * The unsigned bits to store for an immediate, or undefined if `value` does not fit.
 * Sign-extending rows take any value of the operand width whose truncation sign-extends back
 * (so `add eax, 0xffffffff` fits imm8 as -1); other rows take the unsigned or signed range.
 */
export function immediateBits(row: InstRow, spec: OperandSpec, value: bigint): bigint | undefined {
  const bits = spec.size * 8;
  const width = row.signedImm ? Math.max(signedImmWidth(row), bits) : bits;
  if (width <= 32 && value >= -0x80000000n && value <= 0xffffffffn) {
    return smallImmediateBits(Number(value), bits, width, row.signedImm);
  }
  if (value < -(1n << BigInt(width - 1)) || value >= 1n << BigInt(width)) return undefined;
  const wrapped = BigInt.asIntN(width, value);
  if (row.signedImm && (wrapped < -(1n << BigInt(bits - 1)) || wrapped >= 1n << BigInt(bits - 1))) {
    return undefined;
  }
  return BigInt.asUintN(bits, wrapped);
}

/** `immediateBits` in number arithmetic, for operand widths up to 32 bits. */
function smallImmediateBits(
  value: number,
  bits: number,
  width: number,
  signExtends: boolean,
): bigint | undefined {
  if (value < -(2 ** (width - 1)) || value >= 2 ** width) return undefined;
  const wrapped = width === 32 ? value | 0 : (value << (32 - width)) >> (32 - width);
  if (signExtends && !fitsSigned(wrapped, bits)) return undefined;
  return BigInt(bits === 32 ? wrapped >>> 0 : wrapped & ((1 << bits) - 1));
}

/** Whether a displacement (a safe integer) fits a signed field of `bits` bits. */
function fitsSigned(value: number, bits: number): boolean {
  return value >= -(2 ** (bits - 1)) && value < 2 ** (bits - 1);
}

/** Operands sorted into the encoding's fields. */
interface Fields {
  reg: number;
  rm: Operand | undefined;
  vvvv: number;
  opcodeReg: number;
  immediates: [OperandSpec, bigint][];
  rel: Operand | undefined;
  needsRex: boolean;
  forbidsRex: boolean;
}

function sortFields(row: InstRow, operands: readonly Operand[]): Fields {
  const fields: Fields = {
    reg: row.modrm !== undefined && row.modrm >= 0 ? row.modrm : 0,
    rm: undefined,
    vvvv: 0,
    opcodeReg: 0,
    immediates: [],
    rel: undefined,
    needsRex: false,
    forbidsRex: false,
  };
  row.operands.forEach((spec, position) => {
    const operand = operands[position];
    if (operand === undefined || !operandMatches(row, spec, operand)) {
      throw new InternalError(
        `Cannot encode ${row.instructionText}: operand ${
          position + 1
        } does not fit "${spec.token}"`,
      );
    }
    if (operand.kind === "gpr" && operand.width === 8) {
      if (operand.highByte) fields.forbidsRex = true;
      else if (operand.reg >= 4 && spec.slot !== "fixed") fields.needsRex = true;
    }
    const number = "reg" in operand ? operand.reg : 0;
    if (spec.slot === "reg") fields.reg = number;
    else if (spec.slot === "rm") fields.rm = operand;
    else if (spec.slot === "vvvv") fields.vvvv = number;
    else if (spec.slot === "opcode") fields.opcodeReg = number;
    else if (spec.slot === "rel") fields.rel = operand;
    else if (spec.slot === "is4") fields.immediates.push([spec, BigInt(number << 4)]);
    else if (spec.slot === "imm" && operand.kind === "imm") {
      fields.immediates.push([spec, immediateBits(row, spec, operand.value) ?? 0n]);
    }
  });
  if (operands.length !== row.operands.length) {
    throw new InternalError(
      `Cannot encode ${row.instructionText}: expected ${row.operands.length} operands, got ${operands.length}`,
    );
  }
  return fields;
}

/** Encodes `row` with `operands` (in the SDM instruction column's order). */
export function encodeInstruction(row: InstRow, operands: readonly Operand[]): EncodedInst {
  const fields = sortFields(row, operands);
  const out: number[] = [];
  const rm = fields.rm;
  const rexX = rm?.kind === "mem" && rm.index !== undefined ? rm.index >> 3 : 0;
  const rexB = rm === undefined
    ? fields.opcodeReg >> 3
    : rm.kind === "mem"
    ? (rm.base ?? 0) >> 3
    : "reg" in rm
    ? rm.reg >> 3
    : 0;
  const rexR = fields.reg >> 3;
  if (row.vex !== undefined) {
    vexPrefix(out, row, { r: rexR, x: rexX, b: rexB, vvvv: fields.vvvv });
  } else {
    if (row.prefix !== 0) out.push(row.prefix);
    const rex = (row.rexW ? 8 : 0) | (rexR << 2) | (rexX << 1) | rexB;
    if (rex !== 0 || fields.needsRex) {
      if (fields.forbidsRex) {
        throw new InternalError(`Cannot encode ${row.instructionText}: ah/bh/ch/dh need no REX`);
      }
      out.push(0x40 | rex);
    }
    if (row.map >= 1) out.push(0x0f);
    if (row.map === 2) out.push(0x38);
    if (row.map === 3) out.push(0x3a);
  }
  out.push(row.opcode | (row.regInOpcode ? fields.opcodeReg & 7 : 0));
  let ripDispAt: number | undefined;
  if (row.modrm !== undefined) {
    if (rm === undefined) throw new InternalError(`Row ${row.instructionText} has no r/m operand`);
    ripDispAt = modrmBytes(out, fields.reg & 7, rm);
  }
  let relAt: number | undefined;
  let relSize: 0 | 1 | 4 = 0;
  if (fields.rel !== undefined) {
    const spec = row.operands.find((operand) => operand.slot === "rel");
    relSize = spec?.size === 1 ? 1 : 4;
    relAt = out.length;
    pushDisplacement(out, fields.rel.kind === "rel" ? fields.rel.disp : 0, relSize);
  }
  for (const [spec, bits] of fields.immediates) pushLittleEndian(out, bits, spec.size);
  return { bytes: Uint8Array.from(out), ripDispAt, relAt, relSize };
}

function vexPrefix(
  out: number[],
  row: InstRow,
  bits: { r: number; x: number; b: number; vvvv: number },
): void {
  const vex = row.vex;
  if (vex === undefined) return;
  const w = vex.w ?? 0;
  const tail = (((~bits.vvvv) & 15) << 3) | (vex.l << 2) | vex.pp;
  if (bits.x === 0 && bits.b === 0 && w === 0 && vex.mmmmm === 1) {
    out.push(0xc5, ((bits.r ^ 1) << 7) | tail);
  } else {
    out.push(0xc4, ((bits.r ^ 1) << 7) | ((bits.x ^ 1) << 6) | ((bits.b ^ 1) << 5) | vex.mmmmm);
    out.push((w << 7) | tail);
  }
}

const SCALE_BITS: Readonly<Record<number, number>> = { 1: 0, 2: 1, 4: 2, 8: 3 };

/** Appends ModRM, SIB and displacement; returns the offset of a RIP-relative disp32. */
function modrmBytes(out: number[], reg: number, rm: Operand): number | undefined {
  if (rm.kind !== "mem") {
    if (!("reg" in rm)) throw new InternalError(`Cannot put a ${rm.kind} operand in ModRM.rm`);
    out.push(0xc0 | (reg << 3) | (rm.reg & 7));
    return undefined;
  }
  if (rm.rip) {
    if (rm.base !== undefined || rm.index !== undefined) {
      throw new InternalError("Cannot combine RIP-relative addressing with a base or index");
    }
    out.push((reg << 3) | 5);
    const at = out.length;
    pushDisplacement(out, rm.disp, 4);
    return at;
  }
  const scaleBits = SCALE_BITS[rm.scale] ?? -1;
  if (scaleBits < 0) throw new InternalError(`Cannot use scale ${rm.scale}: expected 1, 2, 4 or 8`);
  if (rm.index === 4) throw new InternalError("Cannot use rsp as an index register");
  const index = rm.index ?? 4;
  if (rm.base === undefined) {
    out.push((reg << 3) | 4, (scaleBits << 6) | ((index & 7) << 3) | 5);
    pushDisplacement(out, rm.disp, 4);
    return undefined;
  }
  const dispSize = rm.dispSize ?? minimalDispSize(rm);
  const mod = dispSize === 0 ? 0 : dispSize === 8 ? 1 : 2;
  if (rm.index === undefined && (rm.base & 7) !== 4) {
    out.push((mod << 6) | (reg << 3) | (rm.base & 7));
  } else {
    out.push((mod << 6) | (reg << 3) | 4, (scaleBits << 6) | ((index & 7) << 3) | (rm.base & 7));
  }
  if (dispSize === 8 && !fitsSigned(rm.disp, 8)) {
    throw new InternalError(`Cannot fit displacement ${rm.disp} in disp8`);
  }
  if (dispSize !== 0) pushDisplacement(out, rm.disp, dispSize / 8);
  return undefined;
}

/** rbp and r13 as base need a displacement: mod 00 with their number means RIP/disp32. */
function minimalDispSize(rm: MemOperand): 0 | 8 | 32 {
  if (rm.disp === 0 && ((rm.base ?? 0) & 7) !== 5) return 0;
  return fitsSigned(rm.disp, 8) ? 8 : 32;
}

/** Appends a signed displacement (a safe integer) as `size` little-endian bytes. */
function pushDisplacement(out: number[], value: number, size: number): void {
  for (let i = 0; i < size; i++) out.push((value >> (8 * i)) & 0xff);
}

function pushLittleEndian(out: number[], value: bigint, size: number): void {
  if (size <= 4) return pushDisplacement(out, Number(BigInt.asIntN(32, value)), size);
  let bits = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    out.push(Number(bits & 0xffn));
    bits >>= 8n;
  }
}
