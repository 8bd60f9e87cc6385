/**
 * The generic decoder: reads bytes back into (row, operands) using the same instruction table
 * that encodes (SDM Vol. 2 chapter 2, read in reverse), and `disassemble`, which prints the
 * result in objdump-style Intel syntax. Bytes no row explains decode as `(bad)`, one at a time.
 *
 * @module
 */

import { INST_ROWS } from "./insts.ts";
import { intelText } from "./intel_text.ts";
import type { MemOperand, Operand } from "./operands.ts";
import type { InstRow, OperandSpec } from "./row.ts";

/** One decoded instruction. */
export interface DecodedInst {
  readonly row: InstRow;
  /** Operands in Intel (SDM instruction column) order; re-encoding them gives the same bytes. */
  readonly operands: readonly Operand[];
  readonly length: number;
}

/** Options of `disassemble`. */
export interface DisassembleOptions {
  /** Address of `code[0]`, for branch targets and RIP-relative comments. Defaults to 0. */
  readonly baseAddress?: number;
}

/** One line of a disassembly. `target` is a branch target's address, when there is one. */
export interface DisassembledLine {
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly target: number | undefined;
}

/** Rows by (VEX ? 4 : 0) + map, then opcode byte; `+r` rows appear under all eight bytes. */
const ROW_INDEX: ReadonlyMap<number, readonly InstRow[]> = buildIndex();

function buildIndex(): Map<number, InstRow[]> {
  const index = new Map<number, InstRow[]>();
  for (const row of INST_ROWS) {
    const space = (row.vex === undefined ? 0 : 4) + row.map;
    for (let low = 0; low < (row.regInOpcode ? 8 : 1); low++) {
      const key = space * 256 + row.opcode + low;
      const rows = index.get(key);
      if (rows === undefined) index.set(key, [row]);
      else rows.push(row);
    }
  }
  return index;
}

/** Prefix, REX and VEX state read before the opcode. */
interface Header {
  /** 0x66, 0xF2, 0xF3 or 0 (the row's `prefix`); -1 when the combination fits no row. */
  prefix: number;
  rex: number;
  hasRex: boolean;
  vex: { l: number; pp: number; w: number; vvvv: number } | undefined;
  space: number;
  opcode: number;
  /** Offset of the byte after the opcode. */
  next: number;
}

const MAX_LENGTH = 15;

/** Decodes the instruction at `offset`, or returns undefined if no row explains the bytes. */
export function decodeInstruction(code: Uint8Array, offset = 0): DecodedInst | undefined {
  const end = Math.min(code.length, offset + MAX_LENGTH);
  const header = readHeader(code, offset, end);
  if (header === undefined || header.prefix < 0) return undefined;
  const rows = ROW_INDEX.get(header.space * 256 + header.opcode) ?? [];
  for (const row of rows) {
    if (!headerFits(row, header)) continue;
    const decoded = decodeWithRow(row, header, code, end);
    if (decoded !== undefined) return { ...decoded, length: decoded.next - offset };
  }
  return undefined;
}

function readHeader(code: Uint8Array, offset: number, end: number): Header | undefined {
  let position = offset;
  let prefix = 0;
  for (; position < end; position++) {
    const byte = code[position] ?? 0;
    if (byte !== 0x66 && byte !== 0xf2 && byte !== 0xf3) break;
    if (prefix !== 0) return undefined; // Two prefixes: no row has them.
    prefix = byte;
  }
  const header: Header = {
    prefix,
    rex: 0,
    hasRex: false,
    vex: undefined,
    space: 0,
    opcode: 0,
    next: position,
  };
  const first = code[position];
  if (first === undefined || position >= end) return undefined;
  if ((first & 0xf0) === 0x40) {
    header.rex = first & 15;
    header.hasRex = true;
    position++;
  } else if ((first === 0xc4 || first === 0xc5) && prefix === 0) {
    return readVex(code, position, end, header);
  }
  position = readLegacyOpcode(code, position, end, header);
  return position < 0 ? undefined : header;
}

function readLegacyOpcode(code: Uint8Array, start: number, end: number, header: Header): number {
  let position = start;
  if (code[position] === 0x0f) {
    position++;
    header.space = 1;
    if (code[position] === 0x38 || code[position] === 0x3a) {
      header.space = code[position] === 0x38 ? 2 : 3;
      position++;
    }
  }
  if (position >= end) return -1;
  header.opcode = code[position] ?? 0;
  header.next = position + 1;
  return header.next;
}

function readVex(code: Uint8Array, start: number, end: number, header: Header): Header | undefined {
  const two = code[start] === 0xc5;
  if (start + (two ? 3 : 4) > end) return undefined;
  const byte1 = code[start + 1] ?? 0;
  const last = code[start + (two ? 1 : 2)] ?? 0;
  const map = two ? 1 : byte1 & 31;
  if (map < 1 || map > 3) return undefined;
  const r = (~byte1 >> 7) & 1;
  const x = two ? 0 : (~byte1 >> 6) & 1;
  const b = two ? 0 : (~byte1 >> 5) & 1;
  header.rex = (r << 2) | (x << 1) | b;
  header.vex = {
    l: (last >> 2) & 1,
    pp: last & 3,
    w: two ? 0 : last >> 7,
    vvvv: (~last >> 3) & 15,
  };
  header.space = 4 + map;
  header.opcode = code[start + (two ? 2 : 3)] ?? 0;
  header.next = start + (two ? 3 : 4);
  return header;
}

function headerFits(row: InstRow, header: Header): boolean {
  if (row.vex === undefined) {
    return header.vex === undefined && row.prefix === header.prefix &&
      row.rexW === ((header.rex & 8) !== 0);
  }
  const vex = header.vex;
  if (vex === undefined || row.vex.pp !== vex.pp || row.vex.l !== vex.l) return false;
  if (row.operands.every((spec) => spec.slot !== "vvvv") && vex.vvvv !== 0) return false;
  return row.vex.w === undefined || row.vex.w === vex.w;
}

/** ModRM fields and the decoded r/m operand. */
interface ModRm {
  mod: number;
  reg: number;
  rm: number;
  memory: MemOperand | undefined;
  next: number;
}

function decodeWithRow(
  row: InstRow,
  header: Header,
  code: Uint8Array,
  end: number,
): { row: InstRow; operands: Operand[]; next: number } | undefined {
  let position = header.next;
  let modrm: ModRm | undefined;
  if (row.modrm !== undefined) {
    modrm = readModRm(code, position, end, header.rex);
    if (modrm === undefined || (row.modrm >= 0 && (modrm.reg & 7) !== row.modrm)) return undefined;
    position = modrm.next;
  }
  const operands: Operand[] = [];
  for (const spec of row.operands) {
    if (spec.slot === "imm" || spec.slot === "rel" || spec.slot === "is4") {
      if (position + spec.size > end) return undefined;
      const raw = readLittleEndian(code, position, spec.size);
      position += spec.size;
      if (spec.slot === "rel") {
        operands.push({ kind: "rel", disp: Number(BigInt.asIntN(spec.size * 8, raw)) });
      } else if (spec.slot === "is4") {
        if ((raw & 15n) !== 0n) return undefined;
        operands.push({ kind: spec.regClass === "ymm" ? "ymm" : "xmm", reg: Number(raw >> 4n) });
      } else operands.push({ kind: "imm", value: immediateValue(row, spec, raw) });
      continue;
    }
    const operand = decodeOperand(spec, header, modrm);
    if (operand === undefined) return undefined;
    operands.push(operand);
  }
  return { row, operands, next: position };
}

/** The operand value an immediate field stands for: sign-extended to the operand width by ALU rows. */
function immediateValue(row: InstRow, spec: OperandSpec, raw: bigint): bigint {
  if (!row.signedImm) return raw;
  const width = row.operands.find((operand) => operand.regClass === "gpr")?.regWidth ?? 64;
  return BigInt.asUintN(Math.max(width, spec.size * 8), BigInt.asIntN(spec.size * 8, raw));
}

/** A register or memory operand from the ModRM, VEX.vvvv or opcode field `spec` names. */
function decodeOperand(
  spec: OperandSpec,
  header: Header,
  modrm: ModRm | undefined,
): Operand | undefined {
  switch (spec.slot) {
    case "fixed":
      if (spec.fixedReg < 0) return { kind: "imm", value: 1n };
      return register(spec, spec.fixedReg, false);
    case "reg":
      return modrm === undefined ? undefined : register(spec, modrm.reg, header.hasRex);
    case "rm":
      if (modrm === undefined) return undefined;
      if (modrm.mod !== 3) {
        if (spec.memWidth === undefined) return undefined;
        const width = spec.memWidth === 0 ? undefined : spec.memWidth;
        return modrm.memory === undefined ? undefined : { ...modrm.memory, width };
      }
      return spec.regClass === undefined ? undefined : register(spec, modrm.rm, header.hasRex);
    case "vvvv":
      return register(spec, header.vex?.vvvv ?? 0, true);
    case "opcode":
      return register(spec, (header.opcode & 7) | ((header.rex & 1) << 3), header.hasRex);
    default:
      return undefined;
  }
}

function register(spec: OperandSpec, reg: number, hasRex: boolean): Operand | undefined {
  if (spec.regClass === "xmm") return { kind: "xmm", reg };
  if (spec.regClass === "ymm") return { kind: "ymm", reg };
  if (spec.regClass !== "gpr") return undefined;
  if (spec.regWidth === 8 && !hasRex && reg >= 4 && reg <= 7) {
    return { kind: "gpr", reg, width: 8, highByte: true };
  }
  return { kind: "gpr", reg, width: spec.regWidth };
}

/** Reads ModRM, SIB and displacement (SDM Vol. 2 tables 2-2 and 2-3). */
function readModRm(code: Uint8Array, start: number, end: number, rex: number): ModRm | undefined {
  if (start >= end) return undefined;
  const byte = code[start] ?? 0;
  const mod = byte >> 6;
  const reg = ((byte >> 3) & 7) | ((rex & 4) << 1);
  const low = byte & 7;
  const result: ModRm = {
    mod,
    reg,
    rm: low | ((rex & 1) << 3),
    memory: undefined,
    next: start + 1,
  };
  if (mod === 3) return result;
  let position = start + 1;
  let base: number | undefined = low | ((rex & 1) << 3);
  let index: number | undefined;
  let scale: 1 | 2 | 4 | 8 = 1;
  let rip = false;
  if (low === 4) {
    if (position >= end) return undefined;
    const sib = code[position++] ?? 0;
    scale = (1 << (sib >> 6)) as 1 | 2 | 4 | 8;
    const indexNumber = ((sib >> 3) & 7) | ((rex & 2) << 2);
    index = indexNumber === 4 ? undefined : indexNumber;
    base = (sib & 7) === 5 && mod === 0 ? undefined : (sib & 7) | ((rex & 1) << 3);
  } else if (low === 5 && mod === 0) {
    base = undefined;
    rip = true;
  }
  const size = mod === 1 ? 1 : mod === 2 || base === undefined ? 4 : 0;
  if (position + size > end) return undefined;
  const disp = size === 0
    ? 0
    : Number(BigInt.asIntN(size * 8, readLittleEndian(code, position, size)));
  position += size;
  const minimal = disp === 0 && ((base ?? 0) & 7) !== 5 ? 0 : disp >= -128 && disp <= 127 ? 8 : 32;
  const actual = size * 8;
  result.memory = {
    kind: "mem",
    base,
    index,
    scale,
    disp,
    width: undefined,
    rip,
    symbol: undefined,
    label: undefined,
    dispSize: base === undefined || actual === minimal ? undefined : (actual as 8 | 32),
  };
  result.next = position;
  return result;
}

function readLittleEndian(code: Uint8Array, start: number, size: number): bigint {
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(code[start + i] ?? 0);
  return value;
}

/** Disassembles `code` into objdump-style Intel lines; never throws on any bytes. */
export function disassemble(
  code: Uint8Array,
  options: DisassembleOptions = {},
): DisassembledLine[] {
  const base = options.baseAddress ?? 0;
  const lines: DisassembledLine[] = [];
  let offset = 0;
  while (offset < code.length) {
    const inst = decodeInstruction(code, offset);
    const length = inst?.length ?? 1;
    const bytes = code.slice(offset, offset + length);
    if (inst === undefined) {
      lines.push({ offset, bytes, text: "(bad)", target: undefined });
    } else {
      const next = base + offset + length;
      const rel = inst.operands.find((operand) => operand.kind === "rel");
      const target = rel?.kind === "rel" ? next + rel.disp : undefined;
      lines.push({ offset, bytes, text: intelText(inst, next), target });
    }
    offset += length;
  }
  return lines;
}
