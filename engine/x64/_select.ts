/**
 * The assembler's memoised row choice. An instruction's length under each row depends only on
 * a few facts about its operands: their kinds, register numbers (fixed-register rows, REX and
 * VEX bits), register widths, memory width and addressing form (SIB or not, disp0/8/32, RIP),
 * the ranges its immediate fits, and whether a rel fits 8 bits. `operandKey` packs those facts
 * into one number; a `Selector` maps each key to the fitting rows sorted by encoded length
 * (found once, through `encodeInstruction`), so emitting an instruction is a key computation,
 * a map lookup and `encodeInto`. Operands outside the common forms get key -1 and go to the
 * exhaustive search.
 *
 * @module
 */

import { encodeInstruction, immediateBits, operandMatches } from "./encode.ts";
import { INST_ROWS, ROWS_BY_FORM, ROWS_BY_MNEMONIC } from "./insts.ts";
import type { Operand } from "./operands.ts";
import { CONDITION_ALIASES, CONDITION_CODES } from "./regs.ts";
import type { InstRow, OperandSpec } from "./row.ts";
import { planOf, type RowPlan } from "./_fast_encode.ts";
import { placeholder } from "./_exhaustive.ts";

/** Test hook: when off, the assembler takes the exhaustive search for every instruction. */
export const FAST_PATH = { enabled: true };

/** A fitting row for one operand key, with the layout its encoding has for every such key. */
export interface Candidate {
  readonly plan: RowPlan;
  readonly row: InstRow;
  readonly length: number;
  /** Offsets within the instruction of a rel field and of a RIP-relative disp32, or -1. */
  readonly relAt: number;
  readonly relSize: 0 | 1 | 4;
  readonly ripDispAt: number;
  /** Index of the (first) label operand and of the RIP-relative memory operand, or -1. */
  readonly labelAt: number;
  readonly ripAt: number;
}

/** The rows one `emit`/`emitForm`/branch call chooses among, and its memo. */
export class Selector {
  readonly rows: readonly InstRow[] | undefined;
  readonly #memo = new Map<number, readonly Candidate[]>();

  constructor(rows: readonly InstRow[] | undefined) {
    this.rows = rows;
  }

  /**
   * The rows fitting operands of `key` (from `operandKey(operands)`), shortest first and in
   * table order among equals; undefined when some fitting row cannot encode them (the
   * exhaustive search then reports it).
   */
  candidates(key: number, operands: readonly Operand[]): readonly Candidate[] | undefined {
    const known = this.#memo.get(key);
    if (known !== undefined) return known;
    const found = fittingRows(this.rows ?? [], operands);
    if (found !== undefined) this.#memo.set(key, found);
    return found;
  }
}

function fittingRows(
  rows: readonly InstRow[],
  operands: readonly Operand[],
): Candidate[] | undefined {
  const encodable = operands.map(placeholder);
  const candidates: Candidate[] = [];
  for (const row of rows) {
    if (row.operands.length !== operands.length) continue;
    if (!row.operands.every((spec, i) => operandMatches(row, spec, operands[i] as Operand))) {
      continue;
    }
    let encoded;
    try {
      encoded = encodeInstruction(row, encodable);
    } catch {
      return undefined;
    }
    candidates.push({
      plan: planOf(row),
      row,
      length: encoded.bytes.length,
      relAt: encoded.relAt ?? -1,
      relSize: encoded.relSize,
      ripDispAt: encoded.ripDispAt ?? -1,
      labelAt: operands.findIndex((operand) => operand.kind === "label"),
      ripAt: operands.findIndex((operand) => operand.kind === "mem" && operand.rip),
    });
  }
  // Array.prototype.sort is stable: equal lengths keep table order.
  return candidates.sort((a, b) => a.length - b.length);
}

/** `setz` → `sete`, `jnae` → `jb`: the SDM's condition aliases map to the table's names. */
function canonicalMnemonic(mnemonic: string): string {
  const lower = mnemonic.toLowerCase();
  for (const stem of ["cmov", "set", "j"]) {
    if (!lower.startsWith(stem)) continue;
    const alias = CONDITION_ALIASES[lower.slice(stem.length)];
    if (alias !== undefined) return stem + alias;
  }
  return lower;
}

const MNEMONIC_SELECTORS = new Map<string, Selector>();
const FORM_SELECTORS = new Map<string, Selector>();
const BRANCH_SELECTORS = new Map<string, Selector>();

/** The selector of `emit(mnemonic)`; known mnemonics keep theirs. */
export function mnemonicSelector(mnemonic: string): Selector {
  const known = MNEMONIC_SELECTORS.get(mnemonic);
  if (known !== undefined) return known;
  const rows = ROWS_BY_MNEMONIC.get(canonicalMnemonic(mnemonic));
  const selector = new Selector(rows);
  if (rows !== undefined) MNEMONIC_SELECTORS.set(mnemonic, selector);
  return selector;
}

/** The selector of `emitForm(form)`. */
export function formSelector(form: string): Selector {
  const known = FORM_SELECTORS.get(form);
  if (known !== undefined) return known;
  const rows = ROWS_BY_FORM.get(form);
  const selector = new Selector(rows);
  if (rows !== undefined) FORM_SELECTORS.set(form, selector);
  return selector;
}

/** The rel rows of a branch mnemonic (only rel8 ones when `short`). */
export function branchSelector(mnemonic: string, short: boolean): Selector {
  const name = short ? `${mnemonic} short` : mnemonic;
  const known = BRANCH_SELECTORS.get(name);
  if (known !== undefined) return known;
  const all = ROWS_BY_MNEMONIC.get(mnemonic);
  const rows = all?.filter((row) =>
    row.operands[0]?.slot === "rel" && (!short || row.operands[0].size === 1)
  );
  const selector = new Selector(rows);
  if (all !== undefined) BRANCH_SELECTORS.set(name, selector);
  return selector;
}

function byCondition(stem: string): ReadonlyMap<string, string> {
  return new Map(CONDITION_CODES.map((cc) => [cc, stem + cc]));
}

/** `j` + cc etc., built once so that hot calls look names up instead of concatenating. */
export const JCC_MNEMONICS = byCondition("j");
export const SETCC_MNEMONICS = byCondition("set");
export const CMOVCC_MNEMONICS = byCondition("cmov");

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

function isRegister(reg: number): boolean {
  return (reg & 15) === reg;
}

function operandCode(operand: Operand): number {
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
      const range = immediateClass(operand.value);
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

/**
 * One representative (row, imm spec) per distinct way the table stores an immediate
 * (field size, operand width, sign-extension): an immediate's class is which of these it fits.
 */
const IMMEDIATE_FORMS: readonly (readonly [InstRow, OperandSpec])[] = (() => {
  const forms = new Map<string, readonly [InstRow, OperandSpec]>();
  for (const row of INST_ROWS) {
    const gpr = row.operands.find((spec) => spec.regClass === "gpr");
    for (const spec of row.operands) {
      if (spec.slot !== "imm") continue;
      const key = `${spec.size}/${gpr?.regWidth ?? 64}/${row.signedImm}`;
      if (!forms.has(key)) forms.set(key, [row, spec]);
    }
  }
  return [...forms.values()];
})();

/** Interned immediate classes: a fit mask (plus "is 1", for shift-by-one rows) to a small id. */
const IMMEDIATE_CLASS_IDS = new Map<number, number>();
/** Memo of classes by value (as a small integer when it is one: those hash fastest), bounded. */
const IMMEDIATE_CLASSES = new Map<bigint | number, number>();
/** Classes of -128..127, the common case, by value + 128. */
const SMALL_CLASSES: readonly number[] = Array.from(
  { length: 256 },
  (_, i) => computeImmediateClass(BigInt(i - 128)),
);

function immediateClass(value: bigint): number {
  if (value >= -128n && value <= 127n) return SMALL_CLASSES[Number(value) + 128] ?? -1;
  const key = value >= -0x40000000n && value < 0x40000000n ? Number(value) : value;
  const known = IMMEDIATE_CLASSES.get(key);
  if (known !== undefined) return known;
  if (IMMEDIATE_CLASSES.size >= 4096) IMMEDIATE_CLASSES.clear();
  const range = computeImmediateClass(value);
  IMMEDIATE_CLASSES.set(key, range);
  return range;
}

function computeImmediateClass(value: bigint): number {
  let mask = value === 1n ? 1 : 0;
  IMMEDIATE_FORMS.forEach(([row, spec], i) => {
    if (immediateBits(row, spec, value) !== undefined) mask |= 2 << i;
  });
  let id = IMMEDIATE_CLASS_IDS.get(mask);
  if (id === undefined) {
    id = IMMEDIATE_CLASS_IDS.size;
    IMMEDIATE_CLASS_IDS.set(mask, id);
  }
  return id < 1024 ? id : -1;
}
