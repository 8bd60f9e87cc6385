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

import { encodeInstruction, operandMatches } from "./encode.ts";
import { ROWS_BY_FORM, ROWS_BY_MNEMONIC } from "./insts.ts";
import type { Operand } from "./operands.ts";
import { CONDITION_ALIASES, CONDITION_CODES } from "./regs.ts";
import type { InstRow } from "./row.ts";
import { encodeHead, planOf, type RowPlan } from "./_fast_encode.ts";
import { placeholder } from "./_exhaustive.ts";
import { immediateClass, smallImmediateClass } from "./_immediate_class.ts";
import { PackedEncodings } from "./_packed.ts";

export { immediateClassBothWays } from "./_immediate_class.ts";

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
  /** Whether the row needs no CPU feature beyond the baseline. */
  readonly baseline: boolean;
  /**
   * The whole encoding, when the key fixes every byte (register operands and labels, whose
   * rel field is a placeholder): emitting is then a copy.
   */
  readonly bytes: Uint8Array | undefined;
  /** The bytes before ModRM, which the key always fixes (`encodeHead`). */
  readonly head: Uint8Array;
  /** Whether every immediate field is an imm of at most 32 bits (written from `small`). */
  readonly smallImmediate: boolean;
}

const HEAD_BUFFER = new Uint8Array(16);

const RECENT_SIZE = 64;

/** Entries of `Selector.labelRows` (a branch has a rel8 and a rel32 row). */
export const LABEL_ROWS = 4;

/** The rows one `emit`/`emitForm`/branch call chooses among, and its memo. */
export class Selector {
  readonly rows: readonly InstRow[] | undefined;
  /** What `emit` reports errors under: the mnemonic or form the selector was made for. */
  readonly name: string;
  readonly #memo = new Map<number, readonly Candidate[]>();
  /** A direct-mapped cache in front of the memo: keys and their candidates, by key hash. */
  readonly #recentKeys = new Float64Array(RECENT_SIZE).fill(-1);
  readonly #recent: (readonly Candidate[] | undefined)[] = new Array(RECENT_SIZE).fill(
    undefined,
  );

  /**
   * Whole encodings by register pair (`registerPairIndex`) for choices that hold on every CPU,
   * kept by the assembler; made on first use.
   */
  pairs: PackedEncodings | undefined = undefined;
  /**
   * Whole encodings of a shared register and an immediate (`registerImmediateKey`) for choices
   * that hold on every CPU, direct-mapped by `immediateSlot`; made on first use.
   */
  immediates: PackedEncodings | undefined = undefined;
  /**
   * The whole encodings (rel placeholder zero) of the candidates of a lone label operand, by
   * their index: what a branch copies (see `Assembler.jcc`).
   */
  readonly labelRows = new PackedEncodings(LABEL_ROWS);

  constructor(rows: readonly InstRow[] | undefined, name = "") {
    this.rows = rows;
    this.name = name;
  }

  /** Keeps `code[start, end)` as the encoding of register pair `pair`: the same everywhere. */
  keepPair(pair: number, code: Uint8Array, start: number, end: number): void {
    this.pairs ??= new PackedEncodings(PAIR_INDICES);
    this.pairs.keep(pair, pair, code, start, end);
  }

  /** Keeps `code[start, end)` as the encoding of register-immediate key `key`. */
  keepImmediate(key: number, code: Uint8Array, start: number, end: number): void {
    this.immediates ??= new PackedEncodings(IMMEDIATE_SLOTS);
    this.immediates.keep(immediateSlot(key), key, code, start, end);
  }

  /** The candidates of `key` if they are known already (no operands are needed then). */
  known(key: number): readonly Candidate[] | undefined {
    const slot = (key ^ (key / RECENT_SIZE)) & (RECENT_SIZE - 1);
    if (this.#recentKeys[slot] === key) return this.#recent[slot];
    const found = this.#memo.get(key);
    if (found !== undefined) {
      this.#recentKeys[slot] = key;
      this.#recent[slot] = found;
    }
    return found;
  }

  /** `candidates`, through the direct-mapped cache first (the same answer, faster). */
  cached(key: number, operands: readonly Operand[]): readonly Candidate[] | undefined {
    const slot = (key ^ (key / RECENT_SIZE)) & (RECENT_SIZE - 1);
    if (this.#recentKeys[slot] === key) return this.#recent[slot];
    const found = this.candidates(key, operands);
    if (found !== undefined) {
      this.#recentKeys[slot] = key;
      this.#recent[slot] = found;
    }
    return found;
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
    const plan = planOf(row);
    const headEnd = encodeHead(HEAD_BUFFER, 0, plan, encodable);
    candidates.push({
      plan,
      head: HEAD_BUFFER.slice(0, headEnd),
      row,
      length: encoded.bytes.length,
      relAt: encoded.relAt ?? -1,
      relSize: encoded.relSize,
      ripDispAt: encoded.ripDispAt ?? -1,
      labelAt: operands.findIndex((operand) => operand.kind === "label"),
      ripAt: operands.findIndex((operand) => operand.kind === "mem" && operand.rip),
      baseline: row.feature === "baseline",
      bytes: operands.every(keyFixesBytes) ? encoded.bytes : undefined,
      smallImmediate: plan.immSize.every((size, i) => size <= 4 && !plan.immIs4[i]),
    });
  }
  // Array.prototype.sort is stable: equal lengths keep table order.
  return candidates.sort((a, b) => a.length - b.length);
}

/** Whether an operand's key code determines its encoding (register numbers, or a label). */
function keyFixesBytes(operand: Operand): boolean {
  return operand.kind === "gpr" || operand.kind === "xmm" || operand.kind === "ymm" ||
    operand.kind === "label";
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
  const selector = new Selector(rows, mnemonic);
  if (rows !== undefined) MNEMONIC_SELECTORS.set(mnemonic, selector);
  return selector;
}

/** The selector of `emitForm(form)`. */
export function formSelector(form: string): Selector {
  const known = FORM_SELECTORS.get(form);
  if (known !== undefined) return known;
  const rows = ROWS_BY_FORM.get(form);
  const selector = new Selector(rows, form);
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
  const selector = new Selector(rows, mnemonic);
  if (all !== undefined) BRANCH_SELECTORS.set(name, selector);
  return selector;
}

function byCondition(stem: string): ReadonlyMap<string, string> {
  return new Map(CONDITION_CODES.map((cc) => [cc, stem + cc]));
}

/** The branch selectors of `jcc` by condition code (rel8 or rel32 rows). */
export const JCC_SELECTORS: ReadonlyMap<string, Selector> = new Map(
  CONDITION_CODES.map((cc) => [cc, branchSelector(`j${cc}`, false)]),
);

/** The selectors of `setcc` and `cmovcc` by condition code. */
export const SETCC_SELECTORS: ReadonlyMap<string, Selector> = new Map(
  CONDITION_CODES.map((cc) => [cc, mnemonicSelector(`set${cc}`)]),
);
export const CMOVCC_SELECTORS: ReadonlyMap<string, Selector> = new Map(
  CONDITION_CODES.map((cc) => [cc, mnemonicSelector(`cmov${cc}`)]),
);

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

/** `operandKey([a, b])` without the list. */
export function pairKey(a: Operand, b: Operand): number {
  if (!FAST_PATH.enabled) return -1;
  const first = operandCode(a), second = operandCode(b);
  return first >= 0 && second >= 0 ? first + second * RADIX[1] : -1;
}

/** Shared register operands carry a slot below this (`slot` of `GprOperand`, `XmmOperand`). */
export const REGISTER_SLOTS = 80;

/** Register pairs, then single registers (`registerSingleIndex`). */
const PAIR_INDICES = REGISTER_SLOTS * (REGISTER_SLOTS + 1);

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
const IMMEDIATE_SLOTS = 1024;

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
