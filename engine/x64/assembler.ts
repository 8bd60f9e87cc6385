/**
 * The assembler the compiler emits through: picks the shortest table row for a mnemonic and
 * operands, tracks labels and branch fixups, and records relocations for symbol references.
 *
 * The row choice is memoised per operand key (`_select.ts`) and encoded straight into the code
 * buffer (`_code_buffer.ts`, through `_fast_encode.ts`); unusual operands and errors go through
 * the exhaustive search of `_exhaustive.ts`, which defines what the fast path must produce.
 * Choices every CPU makes are also kept by the masm's shared register operands (`slot`): whole
 * encodings of register pairs in the selector, address choices in the `AddressForm`.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import { type CpuFeatures, DEFAULT_CPU_FEATURES } from "../settings.ts";
import type { EncodedInst } from "./encode.ts";
import { CodeBuffer } from "./_code_buffer.ts";
import { PackedEncodings } from "./_packed.ts";
import type { GprOperand, ImmOperand, Label, MemOperand, Operand, SymbolRef } from "./operands.ts";
import type { ConditionCode } from "./regs.ts";
import { exhaustiveChoice, featureOn } from "./_exhaustive.ts";
import { encodeTail, writeAddress, writeImmediateOperand } from "./_fast_encode.ts";
import {
  type AddressForm,
  type AssemblerOptions,
  type BaseAddress,
  type BranchOptions,
  memoryOperand,
  recentAddressKey,
  recentAddressSlot,
} from "./_assembler_types.ts";
import {
  ADDRESS_CODES,
  addressCode,
  branchSelector,
  type Candidate,
  CMOVCC_MNEMONICS,
  CMOVCC_SELECTORS,
  FAST_PATH,
  formSelector,
  immediateSlot,
  JCC_MNEMONICS,
  JCC_SELECTORS,
  LABEL_ROWS,
  mnemonicSelector,
  operandCode,
  operandKey,
  pairKey,
  registerAddressKey,
  registerImmediateKey,
  registerPairIndex,
  registerSingleIndex,
  type Selector,
  SETCC_MNEMONICS,
  SETCC_SELECTORS,
} from "./_select.ts";

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

const PLACEHOLDER: Operand = Object.freeze({ kind: "label", label: { id: -1 } });

/** Assembles one function's (or one object's) code. Deterministic: same calls, same bytes. */
export class Assembler extends CodeBuffer {
  readonly #features: CpuFeatures;
  /** Operand lists reused by `emitOp` and branches (never kept past one instruction). */
  readonly #operands0: Operand[] = [];
  readonly #operands1: Operand[] = [PLACEHOLDER];
  readonly #operands2: Operand[] = [PLACEHOLDER, PLACEHOLDER];
  readonly #operands3: Operand[] = [PLACEHOLDER, PLACEHOLDER, PLACEHOLDER];
  readonly #operands4: Operand[] = [PLACEHOLDER, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER];
  /** The label operand branches reuse (fixups keep its label, never the operand). */
  readonly #target: { kind: "label"; label: Label } = { kind: "label", label: { id: -1 } };

  constructor(options: AssemblerOptions = {}) {
    super();
    this.#features = options.cpuFeatures ?? DEFAULT_CPU_FEATURES;
  }

  /**
   * Emits `mnemonic` (`"add"`, `"sete"`, `"jne"`, ...) with operands in Intel order, using the
   * shortest matching row whose CPU feature is on.
   *
   * @throws {InternalError} when no row matches or the matching rows need a disabled feature.
   */
  emit(mnemonic: string, ...operands: Operand[]): void {
    const selector = mnemonicSelector(mnemonic);
    if (operands.length === 2 && this.#emitPair(selector, operands[0]!, operands[1]!)) return;
    this.#emitWith(selector, mnemonic, operands, false);
  }

  /**
   * Emits the row with SDM instruction column `form` (`"SUB r/m64, imm32"`), for when the
   * caller needs a particular encoding, e.g. an imm32 to patch later.
   *
   * @throws {InternalError} when no such row exists or the operands do not fit it.
   */
  emitForm(form: string, ...operands: Operand[]): void {
    this.#emitWith(formSelector(form), form, operands, false);
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
    if (a === undefined) operands = this.#operands0;
    else if (b === undefined) (operands = this.#operands1)[0] = a;
    else if (c === undefined) {
      operands = this.#operands2;
      operands[0] = a;
      operands[1] = b;
    } else {
      operands = d === undefined ? this.#operands3 : this.#operands4;
      operands[0] = a;
      operands[1] = b;
      operands[2] = c;
      if (d !== undefined) operands[3] = d;
    }
    this.#emitWith(selector, selector.name, operands, false);
  }

  /**
   * Emits `form`'s mnemonic with a register and the memory operand `[base + index*scale + disp]`
   * (in the form's order) without building the memory operand when the choice is known: the
   * same bytes as `emitOp` with `memOf`, for the hot loads and stores.
   *
   * @throws {InternalError} when no row matches or the matching rows need a disabled feature.
   */
  emitAddress(form: AddressForm, register: Operand, address: BaseAddress): void {
    const { base, index, disp } = address;
    const scale = address.scale ?? 1;
    const slot = register.kind === "gpr" || register.kind === "xmm" ? register.slot ?? -1 : -1;
    const key = slot >= 0 && FAST_PATH.enabled
      ? recentAddressKey(slot, base, index, scale, disp)
      : -1;
    const hash = recentAddressSlot(key);
    const recent = form.recent;
    if (key >= 0 && this.putKept(recent, hash, key)) return;
    const memoryCode = FAST_PATH.enabled ? addressCode(form.width, base, index, scale, disp) : -1;
    const candidate = memoryCode < 0 ? undefined : this.#addressChoice(form, register, memoryCode);
    if (candidate !== undefined) {
      const plan = candidate.plan;
      this.reserve(16);
      const code = this.code, head = candidate.head, start = this.length;
      for (let i = 0; i < head.length; i++) code[start + i] = head[i]!;
      const reg = plan.regAt < 0 ? plan.digit : (register as { reg: number }).reg;
      const end = writeAddress(
        code,
        start + head.length,
        reg & 7,
        base,
        index,
        scale,
        disp,
        undefined,
      );
      if (end - start !== candidate.length) {
        throw new InternalError(`Fast encoding of ${plan.row.instructionText} went wrong`);
      }
      this.length = end;
      if (key >= 0 && form.choices[slot * ADDRESS_CODES + (memoryCode >> 3)] === candidate) {
        // (Only a kept choice, which every CPU makes, and so every assembler.)
        recent.keep(hash, key, code, start, end);
      }
      return;
    }
    const memory = memoryOperand(form, address);
    const operands = form.addressFirst ? [memory, register] : [register, memory];
    this.#emitWith(form.selector, form.selector.name, operands, false);
  }

  /**
   * Emits `form`'s mnemonic with the memory operand `[base + index*scale + disp]` first and an
   * immediate (`mov qword [rbp - 48], 0`): the same bytes as `emitOp` with `memOf`.
   *
   * @throws {InternalError} when no row matches or the matching rows need a disabled feature.
   */
  emitAddressImm(form: AddressForm, address: BaseAddress, value: ImmOperand): void {
    const { base, index, disp } = address;
    const scale = address.scale ?? 1;
    const memoryCode = FAST_PATH.enabled ? addressCode(form.width, base, index, scale, disp) : -1;
    const immediateCode = memoryCode < 0 ? -1 : operandCode(value);
    if (immediateCode >= 0 && form.addressFirst) {
      const key = registerAddressKey(immediateCode, memoryCode, true);
      const candidates = form.selector.known(key);
      const candidate = candidates === undefined ? undefined : this.#firstEnabled(candidates);
      const plan = candidate?.plan;
      if (
        plan !== undefined && plan.immAt.length === 1 && !plan.immIs4[0] && plan.relAt < 0 &&
        plan.regAt < 0 && plan.row.modrm !== undefined
      ) {
        this.reserve(24);
        const code = this.code, head = candidate!.head, start = this.length;
        for (let i = 0; i < head.length; i++) code[start + i] = head[i]!;
        let end = writeAddress(
          code,
          start + head.length,
          plan.digit & 7,
          base,
          index,
          scale,
          disp,
          undefined,
        );
        end = writeImmediateOperand(code, end, value, plan.immSize[0]!);
        if (end - start !== candidate!.length) {
          throw new InternalError(`Fast encoding of ${plan.row.instructionText} went wrong`);
        }
        this.length = end;
        return;
      }
    }
    const memory = memoryOperand(form, address);
    this.#emitWith(form.selector, form.selector.name, [memory, value], false);
  }

  /**
   * The known choice for `form` with `register` and an address of code `memoryCode`, when it
   * is one the address fast path can write (no immediate, no rel, a ModRM); else undefined.
   * Choices every CPU makes are kept in the form by register slot and addressing form.
   */
  #addressChoice(form: AddressForm, register: Operand, memoryCode: number): Candidate | undefined {
    const slot = register.kind === "gpr" || register.kind === "xmm" ? register.slot : undefined;
    const choice = slot === undefined ? -1 : slot * ADDRESS_CODES + (memoryCode >> 3);
    const kept = choice < 0 ? undefined : form.choices[choice];
    if (kept !== undefined) return kept;
    const registerCode = operandCode(register);
    if (registerCode < 0) return undefined;
    const key = registerAddressKey(registerCode, memoryCode, form.addressFirst);
    const candidates = form.selector.known(key);
    const candidate = candidates === undefined ? undefined : this.#firstEnabled(candidates);
    const plan = candidate?.plan;
    if (
      plan === undefined || plan.immAt.length !== 0 || plan.relAt >= 0 ||
      plan.row.modrm === undefined
    ) return undefined;
    if (choice >= 0 && candidate === candidates![0] && candidate!.baseline) {
      form.choices[choice] = candidate;
    }
    return candidate;
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
    const candidate = candidates === undefined ? undefined : this.#firstEnabled(candidates);
    if (candidate === undefined || candidate.labelAt >= 0) return false;
    const operands = this.#operands2;
    operands[0] = a;
    operands[1] = b;
    const start = this.length;
    this.#placeFast(candidate, operands);
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
    const candidate = candidates === undefined ? undefined : this.#firstEnabled(candidates);
    if (candidate === undefined || candidate.labelAt >= 0) return false;
    const operands = this.#operands1;
    operands[0] = a;
    const start = this.length;
    this.#placeFast(candidate, operands);
    if (
      single >= 0 && candidate.bytes !== undefined && candidate === candidates![0] &&
      candidate.baseline
    ) selector.keepPair(single, this.code, start, this.length);
    return true;
  }

  /** The first candidate whose CPU feature is on (candidates without a label operand). */
  #firstEnabled(candidates: readonly Candidate[]): Candidate | undefined {
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      if (candidate.relSize === 1) return undefined;
      if (candidate.baseline || featureOn(this.#features, candidate.row)) return candidate;
    }
    return undefined;
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
    const candidates = FAST_PATH.enabled ? selector.known(LABEL_KEY) : undefined;
    if (candidates !== undefined) {
      const offset = this.labelOffsets[label.id] ?? -1;
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!;
        if (!candidate.baseline && !featureOn(this.#features, candidate.row)) continue;
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
    this.#emitWith(selector, selector.name, this.#labelOperands(label), false);
  }

  /** The reused one-operand list holding a branch to `label`. */
  #labelOperands(label: Label): Operand[] {
    const target = this.#target;
    target.label = label;
    const operands = this.#operands1;
    operands[0] = target;
    return operands;
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
    this.#emitWith(selector, mnemonic, this.#labelOperands(label), short);
  }

  /** Emits the shortest fitting row: memoised by operand key, else by exhaustive search. */
  #emitWith(
    selector: Selector,
    name: string,
    operands: readonly Operand[],
    allowShortForward: boolean,
  ): void {
    const key = operandKey(operands);
    const candidates = key < 0 ? undefined : selector.cached(key, operands);
    if (candidates !== undefined) {
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!;
        if (!candidate.baseline && !featureOn(this.#features, candidate.row)) continue;
        if (candidate.relSize === 1 && !this.#reaches(candidate, operands, allowShortForward)) {
          continue;
        }
        return this.#placeFast(candidate, operands);
      }
    }
    const context = {
      features: this.#features,
      offset: this.length,
      labelOffset: (label: Label) => this.labelOffset(label),
    };
    const encoded = exhaustiveChoice(selector.rows, name, operands, context, allowShortForward);
    this.#place(encoded, operands);
  }

  /** Whether a label branch fits: rel8 only to a bound label in range (or when forced). */
  #reaches(candidate: Candidate, operands: readonly Operand[], allowShortForward: boolean) {
    const target = candidate.labelAt < 0 ? undefined : operands[candidate.labelAt];
    if (target?.kind !== "label") return true;
    const offset = this.labelOffsets[target.label.id] ?? -1;
    if (offset < 0) return allowShortForward;
    const disp = offset - (this.length + candidate.length);
    return disp >= -128 && disp <= 127;
  }

  /** Encodes a memoised choice straight into the code buffer. */
  #placeFast(candidate: Candidate, operands: readonly Operand[]): void {
    this.reserve(16);
    const start = this.length;
    const bytes = candidate.bytes;
    let end: number;
    if (bytes !== undefined) {
      const code = this.code;
      for (let i = 0; i < bytes.length; i++) code[start + i] = bytes[i]!;
      end = start + bytes.length;
    } else {
      const code = this.code, head = candidate.head;
      for (let i = 0; i < head.length; i++) code[start + i] = head[i]!;
      end = encodeTail(code, start + head.length, candidate.plan, operands);
      if (end - start !== candidate.length) {
        throw new InternalError(`Fast encoding of ${candidate.row.instructionText} went wrong`);
      }
    }
    this.length = end;
    // (Indices are checked first: reading index -1 of an array is slow in V8.)
    const branch = candidate.labelAt < 0 ? undefined : operands[candidate.labelAt];
    if (branch?.kind === "label" && candidate.relAt >= 0) {
      const size = candidate.relSize === 1 ? 1 : 4;
      this.addFixup(start + candidate.relAt, size, end, branch.label.id, 0);
    }
    const reference = candidate.ripAt < 0 ? undefined : operands[candidate.ripAt];
    if (reference?.kind === "mem" && candidate.ripDispAt >= 0) {
      this.reference(reference, start + candidate.ripDispAt, end);
    }
  }

  #place(encoded: EncodedInst, operands: readonly Operand[]): void {
    const start = this.length;
    const end = start + encoded.bytes.length;
    this.data(encoded.bytes);
    const branch = operands.find((operand) => operand.kind === "label");
    if (branch !== undefined && encoded.relAt !== undefined) {
      const size = encoded.relSize === 1 ? 1 : 4;
      this.addFixup(start + encoded.relAt, size, end, branch.label.id, 0);
    }
    const reference = operands.find((operand) => operand.kind === "mem" && operand.rip);
    if (reference?.kind !== "mem" || encoded.ripDispAt === undefined) return;
    this.reference(reference, start + encoded.ripDispAt, end);
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
