/**
 * One instruction-table row: the structured form of an SDM Vol. 2 opcode-table line.
 *
 * Rows are written in the SDM's own notation (opcode column, instruction column, Op/En column)
 * in `insts.ts`; `parseRow` turns each line into the fields the encoder and decoder read, and
 * `sdmText` prints a row back in that notation. See SDM Vol. 2 §3.1.1.1 (opcode column),
 * §3.1.1.3 (instruction column) and §3.1.1.4 (operand encoding).
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { CpuFeatures } from "../settings.ts";
import { CONDITION_CODES, type Width } from "./regs.ts";

/** The CPU feature a row needs: `baseline` is x86-64 with SSE2. */
export type Feature = "baseline" | keyof CpuFeatures;

/** The SDM's operand-encoding ("Op/En") forms used by the table. */
// deno-fmt-ignore
export type OpEn =
  | "ZO" | "O" | "OI" | "I" | "D" | "M" | "M1" | "MC" | "MI" | "MR" | "RM" | "RMI" | "MRI"
  | "RM0" | "RVM" | "RVMI" | "RVMR" | "VMI" | "RMV" | "VM";

/** Where an operand lives in the encoding. */
export type Slot = "reg" | "rm" | "vvvv" | "opcode" | "imm" | "is4" | "rel" | "fixed";

/** Memory-operand width in bits; 0 means "any" (LEA's `m`). */
export type MemWidth = 0 | 8 | 16 | 32 | 64 | 128 | 256;

/** What one operand of a row accepts, and where it is encoded. */
export interface OperandSpec {
  /** The instruction-column token, e.g. `r/m32`, `xmm2/m64`, `imm8`, `CL`. */
  readonly token: string;
  readonly slot: Slot;
  /** Register class accepted, if any. */
  readonly regClass: "gpr" | "xmm" | "ymm" | undefined;
  /** Width of an accepted general-purpose register. */
  readonly regWidth: Width;
  /** Width of an accepted memory operand, or undefined if memory is not accepted. */
  readonly memWidth: MemWidth | undefined;
  /** Immediate or displacement size in bytes (imm and rel slots). */
  readonly size: 0 | 1 | 2 | 4 | 8;
  /** For `fixed` slots: the register number (AL/EAX = 0, CL = 1, XMM0 = 0), or -1 for `1`. */
  readonly fixedReg: number;
}

/** VEX prefix fields (SDM Vol. 2 §3.1.1.2). */
export interface VexFields {
  readonly l: 0 | 1;
  /** Implied mandatory prefix: 0 none, 1 = 66, 2 = F3, 3 = F2. */
  readonly pp: 0 | 1 | 2 | 3;
  /** Opcode map: 1 = 0F, 2 = 0F38, 3 = 0F3A. */
  readonly mmmmm: 1 | 2 | 3;
  /** VEX.W; `undefined` when the SDM says WIG. */
  readonly w: 0 | 1 | undefined;
}

/** One (mnemonic, operand form, width) row of the instruction table. */
export interface InstRow {
  /** Lower-case mnemonic, with any condition code expanded (`sete`, `jne`). */
  readonly mnemonic: string;
  /** The SDM opcode column as written in the table (with the condition filled in). */
  readonly opcodeText: string;
  /** The SDM instruction column as written in the table (with the condition filled in). */
  readonly instructionText: string;
  readonly opEn: OpEn;
  readonly feature: Feature;
  /** Mandatory or operand-size prefix (0x66, 0xF2, 0xF3), or 0. */
  readonly prefix: number;
  readonly rexW: boolean;
  /** Opcode map: 0 one-byte, 1 = 0F, 2 = 0F38, 3 = 0F3A. */
  readonly map: 0 | 1 | 2 | 3;
  /** The opcode byte within its map, with the condition code already added. */
  readonly opcode: number;
  /** `/digit` value, or -1 for `/r`, or undefined when there is no ModRM byte. */
  readonly modrm: number | undefined;
  /** Register in the low three opcode bits (`+rb`, `+rw`, `+rd`, `+ro`). */
  readonly regInOpcode: boolean;
  /** Condition code (`tttn`) of a `cc` row, else undefined. */
  readonly cc: number | undefined;
  readonly vex: VexFields | undefined;
  readonly operands: readonly OperandSpec[];
  /** Immediates print sign-extended to the operand width (ALU, MOV, IMUL, PUSH). */
  readonly signedImm: boolean;
}

/** Slots of the non-fixed operands, in instruction-column order, per Op/En form. */
// deno-fmt-ignore
const FORM_SLOTS: Readonly<Record<OpEn, readonly Slot[]>> = {
  ZO: [], O: ["opcode"], OI: ["opcode", "imm"], I: ["imm"], D: ["rel"], M: ["rm"],
  M1: ["rm"], MC: ["rm"], MI: ["rm", "imm"], MR: ["rm", "reg"], RM: ["reg", "rm"],
  RMI: ["reg", "rm", "imm"], MRI: ["rm", "reg", "imm"], RM0: ["reg", "rm"],
  RVM: ["reg", "vvvv", "rm"], RVMI: ["reg", "vvvv", "rm", "imm"], VMI: ["vvvv", "rm", "imm"],
  RVMR: ["reg", "vvvv", "rm", "is4"], RMV: ["reg", "rm", "vvvv"], VM: ["vvvv", "rm"],
};

// deno-fmt-ignore
const SIGNED_IMM_MNEMONICS = new Set([
  "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "test", "mov", "imul", "push",
]);

const FIXED_REGS: Readonly<Record<string, [number, Width | 128]>> = {
  AL: [0, 8],
  AX: [0, 16],
  EAX: [0, 32],
  RAX: [0, 64],
  CL: [1, 8],
  "<XMM0>": [0, 128],
};

/** A row as the table writes it: SDM opcode column, instruction column, Op/En, feature. */
export type RowText = readonly [opcode: string, instruction: string, opEn: OpEn, feature: Feature];

/**
 * Parses one table line into rows: one row, or sixteen for a `cc` row, whose SDM texts then
 * name the condition as the SDM's per-condition lines do (`0F 44 /r CMOVE r32, r/m32`).
 */
export function parseRow(text: RowText): InstRow[] {
  const [opcodeText, instructionText, opEn, feature] = text;
  const opcode = parseOpcodeColumn(opcodeText);
  const [name = "", operandText = ""] = splitInstruction(instructionText);
  const tokens = operandText === "" ? [] : operandText.split(",").map((t) => t.trim());
  const operands = assignSlots(tokens, opEn, instructionText);
  const base = name.toLowerCase();
  const make = (mnemonic: string, cc: number | undefined): InstRow => ({
    mnemonic,
    opcodeText: cc === undefined ? opcodeText : opcodeText.replace(
      /([0-9A-F]{2})\+cc/,
      (_, byte: string) => (parseInt(byte, 16) + cc).toString(16).toUpperCase().padStart(2, "0"),
    ),
    instructionText: cc === undefined
      ? instructionText
      : mnemonic.toUpperCase() + instructionText.slice(name.length),
    opEn,
    feature,
    prefix: opcode.prefix,
    rexW: opcode.rexW,
    map: opcode.map,
    opcode: opcode.opcode + (cc ?? 0),
    modrm: opcode.modrm,
    regInOpcode: opcode.regInOpcode,
    cc,
    vex: opcode.vex,
    operands,
    signedImm: SIGNED_IMM_MNEMONICS.has(mnemonic),
  });
  if (!opcode.cc) return [make(base, undefined)];
  if (!base.endsWith("cc")) fail(instructionText, "a +cc opcode needs a cc mnemonic");
  const stem = base.slice(0, -2);
  return CONDITION_CODES.map((cc, number) => make(stem + cc, number));
}

/** Prints a row in SDM notation, e.g. `REX.W + 01 /r ADD r/m64, r64`. */
export function sdmText(row: InstRow): string {
  return `${row.opcodeText} ${row.instructionText}`;
}

/** Splits `ADD r/m64, imm8` into mnemonic and operands; a `REP` prefix stays in the mnemonic. */
function splitInstruction(text: string): string[] {
  const space = text.indexOf(" ", text.startsWith("REP ") ? 4 : 0);
  return space < 0 ? [text, ""] : [text.slice(0, space), text.slice(space + 1)];
}

interface OpcodeColumn {
  prefix: number;
  rexW: boolean;
  map: 0 | 1 | 2 | 3;
  opcode: number;
  modrm: number | undefined;
  regInOpcode: boolean;
  cc: boolean;
  vex: VexFields | undefined;
}

/** Parses an SDM opcode column such as `66 REX.W 0F 3A 16 /r ib` or `VEX.LZ.0F38.W0 F2 /r`. */
function parseOpcodeColumn(text: string): OpcodeColumn {
  // deno-fmt-ignore
  const column: OpcodeColumn = {
    prefix: 0, rexW: false, map: 0, opcode: -1, modrm: undefined, regInOpcode: false, cc: false,
    vex: undefined,
  };
  const bytes: number[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === "+" || token === "" || /^(ib|iw|id|io|cb|cd|\/is4)$/.test(token)) continue;
    if (token === "REX.W") column.rexW = true;
    else if (token.startsWith("VEX.")) column.vex = parseVex(token, text);
    else if (token === "/r") column.modrm = -1;
    else if (/^\/[0-7]$/.test(token)) column.modrm = Number(token.slice(1));
    else if (/^[0-9A-F]{2}\+(rb|rw|rd|ro)$/.test(token)) {
      bytes.push(parseInt(token.slice(0, 2), 16));
      column.regInOpcode = true;
    } else if (/^[0-9A-F]{2}\+cc$/.test(token)) {
      bytes.push(parseInt(token.slice(0, 2), 16));
      column.cc = true;
    } else if (/^[0-9A-F]{2}$/.test(token)) bytes.push(parseInt(token, 16));
    else fail(text, `unknown opcode token "${token}"`);
  }
  if (column.vex === undefined && [0x66, 0xf2, 0xf3].includes(bytes[0] ?? -1)) {
    column.prefix = bytes.shift() ?? 0;
  }
  if (column.vex !== undefined) column.map = column.vex.mmmmm;
  else if (bytes[0] === 0x0f) {
    bytes.shift();
    column.map = 1;
    const escape: number | undefined = bytes[0];
    if (escape === 0x38 || escape === 0x3a) {
      bytes.shift();
      column.map = escape === 0x38 ? 2 : 3;
    }
  }
  if (bytes.length !== 1) fail(text, "expected exactly one opcode byte after the escapes");
  column.opcode = bytes[0] ?? -1;
  return column;
}

function parseVex(token: string, text: string): VexFields {
  const fields = token.split(".").slice(1).filter((field) => field !== "NDS");
  const [length, ...rest] = fields;
  const w = rest.pop();
  const map = rest.pop();
  const pp = rest.pop();
  const mmmmm = map === "0F" ? 1 : map === "0F38" ? 2 : map === "0F3A" ? 3 : fail(text, "map");
  const ppValue = pp === undefined ? 0 : pp === "66" ? 1 : pp === "F3" ? 2 : pp === "F2" ? 3 : -1;
  if (ppValue < 0 || rest.length > 0) fail(text, "bad VEX pp field");
  return {
    l: length === "256" || length === "L1" ? 1 : 0,
    pp: ppValue as 0 | 1 | 2 | 3,
    mmmmm,
    w: w === "W0" ? 0 : w === "W1" ? 1 : undefined,
  };
}

function assignSlots(tokens: string[], opEn: OpEn, text: string): OperandSpec[] {
  const slots = [...FORM_SLOTS[opEn]];
  const specs = tokens.map((token) => {
    const fixed = token === "1" || FIXED_REGS[token] !== undefined;
    const slot = fixed ? "fixed" : slots.shift() ?? fail(text, `no slot for "${token}"`);
    const spec = parseOperand(token, slot, text);
    return slot === "is4" ? { ...spec, size: 1 as const } : spec; // Register in imm8[7:4].
  });
  if (slots.length > 0) fail(text, `form ${opEn} needs ${slots.length} more operand(s)`);
  return specs;
}

const GPR_TOKEN = /^r(8|16|32|64)$/;
const RM_TOKEN = /^r\/m(8|16|32|64)$/;
const REG_MEM_TOKEN = /^r(32|64)\/m(8|16|32|64)$/;
const XMM_TOKEN = /^(xmm|ymm)\d?(\/m(32|64|128|256|16|8))?$/;

function parseOperand(token: string, slot: Slot, text: string): OperandSpec {
  // deno-fmt-ignore
  const spec = {
    token, slot, regClass: undefined, regWidth: 64, memWidth: undefined, size: 0, fixedReg: 0,
  } as const;
  const fixed = FIXED_REGS[token];
  if (token === "1") return { ...spec, fixedReg: -1 };
  if (fixed !== undefined) {
    const [reg, width] = fixed;
    return width === 128
      ? { ...spec, regClass: "xmm", fixedReg: reg }
      : { ...spec, regClass: "gpr", regWidth: width, fixedReg: reg };
  }
  let match: RegExpMatchArray | null;
  if ((match = token.match(GPR_TOKEN))) {
    return { ...spec, regClass: "gpr", regWidth: width(match[1]) };
  }
  if ((match = token.match(RM_TOKEN))) {
    const bits = width(match[1]);
    return { ...spec, regClass: "gpr", regWidth: bits, memWidth: bits };
  }
  if ((match = token.match(REG_MEM_TOKEN))) {
    return {
      ...spec,
      regClass: "gpr",
      regWidth: width(match[1]),
      memWidth: Number(match[2]) as MemWidth,
    };
  }
  if ((match = token.match(XMM_TOKEN))) {
    const regClass = match[1] === "ymm" ? "ymm" : "xmm";
    return {
      ...spec,
      regClass,
      memWidth: match[3] === undefined ? undefined : Number(match[3]) as MemWidth,
    };
  }
  if ((match = token.match(/^m(8|16|32|64|128|256)?$/))) {
    return { ...spec, memWidth: Number(match[1] ?? 0) as MemWidth };
  }
  if ((match = token.match(/^(imm|rel)(8|16|32|64)$/))) {
    return { ...spec, size: (Number(match[2]) / 8) as 1 | 2 | 4 | 8 };
  }
  return fail(text, `unknown operand "${token}"`);
}

function width(bits: string | undefined): Width {
  return Number(bits) as Width;
}

function fail(text: string, why: string): never {
  throw new InternalError(`Cannot parse instruction-table row "${text}": ${why}`);
}
