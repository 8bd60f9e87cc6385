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
import { PACKED_MAX, PackedEncodings } from "./_packed.ts";
import { IMMEDIATE_SLOTS, immediateSlot, PAIR_INDICES } from "./_operand_key.ts";

export { immediateClassBothWays } from "./_immediate_class.ts";

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
  /**
   * A branch's label candidates when they are a rel8 and then a rel32 row that every CPU has,
   * whose bytes `labelRows` keeps as entries 0 and 1 (`keepBranchPair`): a branch is then one
   * range check and a copy. Undefined until known, or when they are not.
   */
  branchPair: readonly Candidate[] | undefined = undefined;

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

  /** Sets `branchPair` when `candidates` (of a lone label) fit its description. */
  keepBranchPair(candidates: readonly Candidate[]): void {
    const [short, near] = candidates;
    if (
      candidates.length !== 2 || short?.relSize !== 1 || near?.relSize !== 4 ||
      !short.baseline || !near.baseline || short.relAt < 0 || near.relAt < 0
    ) return;
    if (short.bytes === undefined || near.bytes === undefined) return;
    if (short.length > PACKED_MAX || near.length > PACKED_MAX) return;
    this.labelRows.keep(0, 0, short.bytes, 0, short.length);
    this.labelRows.keep(1, 1, near.bytes, 0, near.length);
    this.branchPair = candidates;
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
