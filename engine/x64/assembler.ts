/**
 * The assembler the compiler emits through: picks the shortest table row for a mnemonic and
 * operands, tracks labels and branch fixups, and records relocations for symbol references.
 *
 * The row choice is memoised per operand key (`_select.ts`) and encoded straight into the code
 * buffer (`_code_buffer.ts`, through `_fast_encode.ts`); unusual operands and errors go through
 * the exhaustive search of `_exhaustive.ts`, which defines what the fast path must produce
 * (the generic path and the address fast paths are in `_assembler_base.ts`). Choices every
 * CPU makes are also kept by the masm's shared register operands (`slot`): whole encodings of
 * register pairs in the selector, address choices in the `AddressForm`.
 *
 * @module
 */

import { PackedEncodings } from "./_packed.ts";
import type { GprOperand, Label, MemOperand, Operand, SymbolRef } from "./operands.ts";
import type { ConditionCode } from "./regs.ts";
import { featureOn } from "./_exhaustive.ts";
import { AssemblerBase } from "./_assembler_base.ts";
import type { BranchOptions } from "./_assembler_types.ts";
import {
  branchSelector,
  CMOVCC_MNEMONICS,
  CMOVCC_SELECTORS,
  formSelector,
  JCC_MNEMONICS,
  JCC_SELECTORS,
  LABEL_ROWS,
  mnemonicSelector,
  type Selector,
  SETCC_MNEMONICS,
  SETCC_SELECTORS,
} from "./_select.ts";
import {
  FAST_PATH,
  immediateSlot,
  operandCode,
  operandKey,
  pairKey,
  registerImmediateKey,
  registerPairIndex,
  registerSingleIndex,
} from "./_operand_key.ts";

export { nopBytes } from "./_nop.ts";
export {
  type AddressForm,
  addressForm,
  type AssembledCode,
  type AssemblerOptions,
  type BaseAddress,
  type BranchOptions,
  type Relocation,
} from "./_assembler_types.ts";

/** Assembles one function's (or one object's) code. Deterministic: same calls, same bytes. */
export class Assembler extends AssemblerBase {
  /**
   * Emits `mnemonic` (`"add"`, `"sete"`, `"jne"`, ...) with operands in Intel order, using the
   * shortest matching row whose CPU feature is on.
   *
   * @throws {InternalError} when no row matches or the matching rows need a disabled feature.
   */
  emit(mnemonic: string, ...operands: Operand[]): void {
    const selector = mnemonicSelector(mnemonic);
    if (operands.length === 2 && this.#emitPair(selector, operands[0]!, operands[1]!)) return;
    this.emitWith(selector, mnemonic, operands, false);
  }

  /**
   * Emits the row with SDM instruction column `form` (`"SUB r/m64, imm32"`), for when the
   * caller needs a particular encoding, e.g. an imm32 to patch later.
   *
   * @throws {InternalError} when no such row exists or the operands do not fit it.
   */
  emitForm(form: string, ...operands: Operand[]): void {
    this.emitWith(formSelector(form), form, operands, false);
  }

  /**
   * `emit` with the mnemonic looked up once by the caller (`mnemonicSelector`): the hot
   * macro-assembler paths hold their selectors in constants.
   *
   * @throws {InternalError} when no row matches or the matching rows need a disabled feature.
   */
  emitOp(selector: Selector, a?: Operand, b?: Operand, c?: Operand, d?: Operand): void {
    // Fixed parameters and reused operand lists: no array per instruction.
    if (b !== undefined && c === undefined && this.#emitPair(selector, a!, b)) return;
    if (a !== undefined && b === undefined && this.#emitSingle(selector, a)) return;
    let operands: Operand[];
    if (a === undefined) operands = this.operands0;
    else if (b === undefined) (operands = this.operands1)[0] = a;
    else if (c === undefined) {
      operands = this.operands2;
      operands[0] = a;
      operands[1] = b;
    } else {
      operands = d === undefined ? this.operands3 : this.operands4;
      operands[0] = a;
      operands[1] = b;
      operands[2] = c;
      if (d !== undefined) operands[3] = d;
    }
    this.emitWith(selector, selector.name, operands, false);
  }

  /**
   * Emits two operands without a label through an already known choice (the common case):
   * the choice `#emitWith` makes, without building the operand key from a list. False when
   * the choice is not known yet.
   */
  #emitPair(selector: Selector, a: Operand, b: Operand): boolean {
    const pair = registerPairIndex(a, b);
    const pairs = selector.pairs;
    if (pair >= 0 && pairs !== undefined && this.putKept(pairs, pair, pair)) return true;
    const immediateKey = pair < 0 ? registerImmediateKey(a, b) : -1;
    const immediates = selector.immediates;
    if (immediateKey >= 0 && immediates !== undefined) {
      if (this.putKept(immediates, immediateSlot(immediateKey), immediateKey)) return true;
    }
    const key = pairKey(a, b);
    const candidates = key < 0 ? undefined : selector.known(key);
    const candidate = candidates === undefined ? undefined : this.firstEnabled(candidates);
    if (candidate === undefined || candidate.labelAt >= 0) return false;
    const operands = this.operands2;
    operands[0] = a;
    operands[1] = b;
    const start = this.length;
    this.placeFast(candidate, operands);
    // A choice every CPU makes (the shortest row needs no feature) is the same for every
    // assembler: the selector keeps its bytes by register pair, or by register and immediate.
    if (candidate !== candidates![0] || !candidate.baseline) return true;
    if (pair >= 0 && candidate.bytes !== undefined) {
      selector.keepPair(pair, this.code, start, this.length);
    } else if (immediateKey >= 0 && candidate.smallImmediate && candidate.ripAt < 0) {
      selector.keepImmediate(immediateKey, this.code, start, this.length);
    }
    return true;
  }

  /** `#emitPair` for one operand without a label (`setcc r8`, `call rel32`). */
  #emitSingle(selector: Selector, a: Operand): boolean {
    const single = registerSingleIndex(a);
    const pairs = selector.pairs;
    if (single >= 0 && pairs !== undefined && this.putKept(pairs, single, single)) return true;
    const key = FAST_PATH.enabled ? operandCode(a) : -1;
    const candidates = key < 0 ? undefined : selector.known(key);
    const candidate = candidates === undefined ? undefined : this.firstEnabled(candidates);
    if (candidate === undefined || candidate.labelAt >= 0) return false;
    const operands = this.operands1;
    operands[0] = a;
    const start = this.length;
    this.placeFast(candidate, operands);
    if (
      single >= 0 && candidate.bytes !== undefined && candidate === candidates![0] &&
      candidate.baseline
    ) selector.keepPair(single, this.code, start, this.length);
    return true;
  }

  /** Conditional jump to `label`: rel8 when bound and in range (or `short`), else rel32. */
  jcc(cc: ConditionCode, label: Label, options?: BranchOptions): void {
    const selector = options?.short === true ? undefined : JCC_SELECTORS.get(cc);
    if (selector === undefined) {
      this.#branch(JCC_MNEMONICS.get(cc) ?? `j${cc}`, label, options ?? {});
    } else this.#branchTo(selector, label);
  }

  /**
   * A branch to `label` through the known choice (rel8 to a bound label in range, else the
   * next fitting row), as `#emitWith` chooses it; through `#emitWith` until it is known.
   */
  #branchTo(selector: Selector, label: Label): void {
    const pair = FAST_PATH.enabled ? selector.branchPair : undefined;
    if (pair !== undefined) {
      // rel8 only back to a bound label in range: a bound label is at or before this branch.
      const offset = this.labelOffsets[label.id] ?? -1, start = this.length;
      const near = offset < 0 || offset - (start + pair[0]!.length) < -128 ? 1 : 0;
      const candidate = pair[near]!;
      this.putKept(selector.labelRows, near, near);
      this.addFixup(start + candidate.relAt, near === 0 ? 1 : 4, this.length, label.id, 0);
      return;
    }
    const candidates = FAST_PATH.enabled ? selector.known(LABEL_KEY) : undefined;
    if (candidates !== undefined) {
      selector.keepBranchPair(candidates);
      const offset = this.labelOffsets[label.id] ?? -1;
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!;
        if (!candidate.baseline && !featureOn(this.features, candidate.row)) continue;
        const bytes = candidate.bytes;
        if (bytes === undefined || candidate.relAt < 0) break;
        if (candidate.relSize === 1) {
          const disp = offset - (this.length + candidate.length);
          if (offset < 0 || disp < -128 || disp > 127) continue;
        }
        const start = this.length;
        if (i >= LABEL_ROWS) this.copy(bytes);
        else if (!this.putKept(selector.labelRows, i, i)) {
          this.copy(bytes);
          selector.labelRows.keep(i, i, this.code, start, this.length);
        }
        const size = candidate.relSize === 1 ? 1 : 4;
        this.addFixup(start + candidate.relAt, size, this.length, label.id, 0);
        return;
      }
    }
    this.emitWith(selector, selector.name, this.labelOperands(label), false);
  }

  /** Unconditional jump to `label`: rel8 when bound and in range (or `short`), else rel32. */
  jmp(label: Label, options?: BranchOptions): void {
    if (options?.short === true) this.#branch("jmp", label, options);
    else this.#branchTo(JMP_SELECTOR, label);
  }

  /** `setcc r/m8`. */
  setcc(cc: ConditionCode, destination: Operand): void {
    const selector = SETCC_SELECTORS.get(cc);
    if (selector === undefined) this.emit(SETCC_MNEMONICS.get(cc) ?? `set${cc}`, destination);
    else this.emitOp(selector, destination);
  }

  /** `cmovcc r, r/m`. */
  cmovcc(cc: ConditionCode, destination: GprOperand, source: Operand): void {
    const selector = CMOVCC_SELECTORS.get(cc);
    if (selector === undefined) {
      this.emit(CMOVCC_MNEMONICS.get(cc) ?? `cmov${cc}`, destination, source);
    } else this.emitOp(selector, destination, source);
  }

  /** `call rel32` to a symbol, with an R_X86_64_PLT32 relocation (addend -4). */
  callSymbol(symbol: string): void {
    this.#emitRel32(CALL_REL32, 0);
    this.relocs.push({ offset: this.length - 4, symbol, type: "R_X86_64_PLT32", addend: -4 });
  }

  /** `jmp rel32` to a symbol (a tail call), with an R_X86_64_PLT32 relocation (addend -4). */
  jmpSymbol(symbol: string): void {
    this.#emitRel32(JMP_REL32, 1);
    this.relocs.push({ offset: this.length - 4, symbol, type: "R_X86_64_PLT32", addend: -4 });
  }

  /**
   * `emitOp(selector, REL0)` for `CALL rel32` (entry 0) or `JMP rel32` (entry 1): one row that
   * needs no CPU feature, so its bytes are kept in `REL32_KEPT` once encoded.
   */
  #emitRel32(selector: Selector, entry: number): void {
    if (this.putKept(REL32_KEPT, entry, entry)) return;
    const start = this.length;
    this.emitOp(selector, REL0);
    const rows = selector.rows;
    if (rows?.length === 1 && rows[0]!.feature === "baseline") {
      REL32_KEPT.keep(entry, entry, this.code, start, this.length);
    }
  }

  /** `call rel32` to a label of this assembler. */
  callLabel(label: Label): void {
    this.emitForm("CALL rel32", { kind: "label", label });
  }

  /** `lea dst, [rip + target]` for a symbol (R_X86_64_PC32) or a label of this assembler. */
  leaRip(destination: GprOperand, target: SymbolRef | Label): void {
    const reference: MemOperand = {
      kind: "mem",
      base: undefined,
      index: undefined,
      scale: 1,
      disp: 0,
      width: undefined,
      rip: true,
      symbol: "symbol" in target ? target : undefined,
      label: "id" in target ? target : undefined,
      dispSize: undefined,
    };
    this.emit("lea", destination, reference);
  }

  #branch(mnemonic: string, label: Label, options: BranchOptions): void {
    const short = options.short === true;
    const selector = branchSelector(mnemonic, short);
    this.emitWith(selector, mnemonic, this.labelOperands(label), short);
  }
}

const JMP_SELECTOR = branchSelector("jmp", false);
/** The operand key of a lone label operand (`operandKey`). */
const LABEL_KEY = operandKey([{ kind: "label", label: { id: -1 } }]);
const CALL_REL32 = formSelector("CALL rel32");
const JMP_REL32 = formSelector("JMP rel32");
const REL0: Operand = Object.freeze({ kind: "rel", disp: 0 });
/** The bytes of `call rel32` and `jmp rel32` with a zero rel (`#emitRel32`). */
const REL32_KEPT = new PackedEncodings(2);
