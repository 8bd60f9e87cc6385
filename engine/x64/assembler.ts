/**
 * The assembler the compiler emits through: picks the shortest table row for a mnemonic and
 * operands, tracks labels and branch fixups, and records relocations for symbol references.
 *
 * The row choice is memoised per operand key (`_select.ts`) and encoded straight into the code
 * buffer (`_fast_encode.ts`); unusual operands and errors go through the exhaustive search of
 * `_exhaustive.ts`, which defines what the fast path must produce.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import { type CpuFeatures, DEFAULT_CPU_FEATURES } from "../settings.ts";
import { type EncodedInst, encodeInstruction } from "./encode.ts";
import { ROWS_BY_FORM } from "./insts.ts";
import type { GprOperand, Label, MemOperand, Operand, SymbolRef } from "./operands.ts";
import type { ConditionCode } from "./regs.ts";
import { exhaustiveChoice, featureOn } from "./_exhaustive.ts";
import { encodeTail, writeAddress } from "./_fast_encode.ts";
import type { MemWidth } from "./row.ts";
import {
  addressCode,
  branchSelector,
  type Candidate,
  CMOVCC_MNEMONICS,
  CMOVCC_SELECTORS,
  FAST_PATH,
  formSelector,
  JCC_MNEMONICS,
  JCC_SELECTORS,
  mnemonicSelector,
  operandCode,
  operandKey,
  registerAddressKey,
  type Selector,
  SETCC_MNEMONICS,
  SETCC_SELECTORS,
} from "./_select.ts";

/** An ELF x86-64 relocation against a symbol, at `offset` in the code. */
export interface Relocation {
  readonly offset: number;
  readonly symbol: string;
  readonly type: "R_X86_64_PLT32" | "R_X86_64_PC32";
  readonly addend: number;
}

/** What `Assembler.finish` returns. `labels[id]` is the offset of label `id`, or -1. */
export interface AssembledCode {
  readonly code: Uint8Array;
  readonly relocs: readonly Relocation[];
  readonly labels: readonly number[];
}

/** Options of `new Assembler`. CPU features default to `DEFAULT_CPU_FEATURES`. */
export interface AssemblerOptions {
  readonly cpuFeatures?: CpuFeatures;
}

/** Options of a branch: `short` forces rel8 even for a forward label (checked in `finish`). */
export interface BranchOptions {
  readonly short?: boolean;
}

/** A memory operand `[base + index*scale + disp]` given by its fields (`emitAddress`). */
export interface BaseAddress {
  readonly base: number;
  readonly index?: number | undefined;
  readonly scale?: 1 | 2 | 4 | 8 | undefined;
  readonly disp: number;
}

/** A mnemonic with a register and a memory operand of `width`, memory first or second. */
export interface AddressForm {
  readonly selector: Selector;
  readonly width: MemWidth | undefined;
  readonly addressFirst: boolean;
}

/** The `AddressForm` of `mnemonic` (`addressForm("mov", 64, false)`: `mov r64, [m64]`). */
export function addressForm(
  mnemonic: string,
  width: MemWidth | undefined,
  addressFirst: boolean,
): AddressForm {
  return Object.freeze({ selector: mnemonicSelector(mnemonic), width, addressFirst });
}

/** A field to patch once labels are bound. */
interface Fixup {
  readonly at: number;
  readonly size: 1 | 4;
  /** Offset the stored value is relative to (end of instruction, or a table start). */
  readonly from: number | Label;
  readonly label: Label;
  readonly addend: number;
}

/** SDM Vol. 2 NOP: the recommended multi-byte NOP forms, built from the NOP rows. */
const NOP_FORMS: readonly (readonly [string, number, 0 | 8 | 32, boolean])[] = [
  ["NOP r/m32", 3, 0, false],
  ["NOP r/m32", 4, 8, false],
  ["NOP r/m32", 5, 8, true],
  ["NOP r/m16", 6, 8, true],
  ["NOP r/m32", 7, 32, false],
  ["NOP r/m32", 8, 32, true],
  ["NOP r/m16", 9, 32, true],
];

/** Assembles one function's (or one object's) code. Deterministic: same calls, same bytes. */
export class Assembler {
  readonly #features: CpuFeatures;
  #code = new Uint8Array(256);
  #length = 0;
  #labelOffsets: number[] = [];
  #fixups: Fixup[] = [];
  #relocs: Relocation[] = [];

  constructor(options: AssemblerOptions = {}) {
    this.#features = options.cpuFeatures ?? DEFAULT_CPU_FEATURES;
  }

  /** The current offset: where the next instruction goes. */
  get offset(): number {
    return this.#length;
  }

  /** Makes a new, unbound label. */
  newLabel(): Label {
    this.#labelOffsets.push(-1);
    return { id: this.#labelOffsets.length - 1 };
  }

  /** Binds `label` to the current offset. @throws {InternalError} if it is bound already. */
  bind(label: Label): void {
    if (this.#labelOffsets[label.id] !== -1) {
      throw new InternalError(`Cannot bind label ${label.id}: it is bound already or unknown`);
    }
    this.#labelOffsets[label.id] = this.#length;
  }

  /** The offset of a bound label, or undefined. */
  labelOffset(label: Label): number | undefined {
    const offset = this.#labelOffsets[label.id] ?? -1;
    return offset < 0 ? undefined : offset;
  }

  /**
   * Emits `mnemonic` (`"add"`, `"sete"`, `"jne"`, ...) with operands in Intel order, using the
   * shortest matching row whose CPU feature is on.
   *
   * @throws {InternalError} when no row matches or the matching rows need a disabled feature.
   */
  emit(mnemonic: string, ...operands: Operand[]): void {
    this.#emitWith(mnemonicSelector(mnemonic), mnemonic, operands, false);
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
  emitOp(selector: Selector, ...operands: Operand[]): void {
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
    const registerCode = FAST_PATH.enabled ? operandCode(register) : -1;
    const memoryCode = addressCode(form.width, base, index, scale, disp);
    if (registerCode >= 0 && memoryCode >= 0) {
      const key = registerAddressKey(registerCode, memoryCode, form.addressFirst);
      const candidates = form.selector.known(key);
      const candidate = candidates === undefined ? undefined : this.#firstEnabled(candidates);
      const plan = candidate?.plan;
      if (
        plan !== undefined && plan.immAt.length === 0 && plan.relAt < 0 &&
        plan.row.modrm !== undefined
      ) {
        this.#reserve(16);
        const code = this.#code, head = candidate!.head, start = this.#length;
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
        if (end - start !== candidate!.length) {
          throw new InternalError(`Fast encoding of ${plan.row.instructionText} went wrong`);
        }
        this.#length = end;
        return;
      }
    }
    const memory: MemOperand = {
      kind: "mem",
      base,
      index,
      scale,
      disp,
      width: form.width,
      rip: false,
      symbol: undefined,
      label: undefined,
      dispSize: undefined,
    };
    const operands = form.addressFirst ? [memory, register] : [register, memory];
    this.#emitWith(form.selector, form.selector.name, operands, false);
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
  jcc(cc: ConditionCode, label: Label, options: BranchOptions = {}): void {
    const selector = options.short === true ? undefined : JCC_SELECTORS.get(cc);
    if (selector === undefined) this.#branch(JCC_MNEMONICS.get(cc) ?? `j${cc}`, label, options);
    else this.#emitWith(selector, selector.name, [{ kind: "label", label }], false);
  }

  /** Unconditional jump to `label`: rel8 when bound and in range (or `short`), else rel32. */
  jmp(label: Label, options: BranchOptions = {}): void {
    this.#branch("jmp", label, options);
  }

  /** `setcc r/m8`. */
  setcc(cc: ConditionCode, destination: Operand): void {
    const selector = SETCC_SELECTORS.get(cc);
    if (selector === undefined) this.emit(SETCC_MNEMONICS.get(cc) ?? `set${cc}`, destination);
    else this.#emitWith(selector, selector.name, [destination], false);
  }

  /** `cmovcc r, r/m`. */
  cmovcc(cc: ConditionCode, destination: GprOperand, source: Operand): void {
    const selector = CMOVCC_SELECTORS.get(cc);
    if (selector === undefined) {
      this.emit(CMOVCC_MNEMONICS.get(cc) ?? `cmov${cc}`, destination, source);
    } else this.#emitWith(selector, selector.name, [destination, source], false);
  }

  /** `call rel32` to a symbol, with an R_X86_64_PLT32 relocation (addend -4). */
  callSymbol(symbol: string): void {
    this.emitForm("CALL rel32", { kind: "rel", disp: 0 });
    this.#relocs.push({ offset: this.#length - 4, symbol, type: "R_X86_64_PLT32", addend: -4 });
  }

  /** `jmp rel32` to a symbol (a tail call), with an R_X86_64_PLT32 relocation (addend -4). */
  jmpSymbol(symbol: string): void {
    this.emitForm("JMP rel32", { kind: "rel", disp: 0 });
    this.#relocs.push({ offset: this.#length - 4, symbol, type: "R_X86_64_PLT32", addend: -4 });
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

  /**
   * Emits a jump table for `br_table`: aligns to 4, binds `table` (a new label unless given, so
   * code before the table can refer to it), then one 32-bit entry per label holding
   * `label - table`. Dispatch with `lea t, [rip+table]; movsxd r, [t+i*4]; add r, t; jmp r`.
   * Returns `table`.
   */
  labelAddressTable(labels: readonly Label[], table: Label = this.newLabel()): Label {
    this.align(4);
    this.bind(table);
    this.#reserve(labels.length * 4);
    for (const label of labels) {
      this.#fixups.push({ at: this.#length, size: 4, from: table, label, addend: 0 });
      this.#code.fill(0, this.#length, this.#length + 4);
      this.#length += 4;
    }
    return table;
  }

  /** Appends raw bytes (constants, tables). */
  data(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#code.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Overwrites a little-endian 32-bit value at `at` (e.g. a frame size known at the end). */
  patchU32(at: number, value: number): void {
    if (at < 0 || at + 4 > this.#length) throw new InternalError(`Cannot patch at ${at}`);
    new DataView(this.#code.buffer).setUint32(at, value >>> 0, true);
  }

  /** Pads with the SDM's multi-byte NOPs to a multiple of `alignment` (a power of two). */
  align(alignment: number): void {
    let padding = (alignment - (this.#length % alignment)) % alignment;
    while (padding > 0) {
      const size = Math.min(padding, 9);
      this.data(nopBytes(size));
      padding -= size;
    }
  }

  /**
   * Resolves label fixups and returns the code.
   *
   * @throws {InternalError} when a referenced label is unbound or a short branch is out of range.
   */
  finish(): AssembledCode {
    const view = new DataView(this.#code.buffer);
    for (const fixup of this.#fixups) {
      const target = this.#bound(fixup.label);
      const from = typeof fixup.from === "number" ? fixup.from : this.#bound(fixup.from);
      const value = target + fixup.addend - from;
      if (fixup.size === 1) {
        if (value < -128 || value > 127) {
          throw new InternalError(`Cannot reach label ${fixup.label.id} with rel8 (${value})`);
        }
        view.setInt8(fixup.at, value);
      } else view.setInt32(fixup.at, value, true);
    }
    return {
      code: this.#code.slice(0, this.#length),
      relocs: [...this.#relocs],
      labels: [...this.#labelOffsets],
    };
  }

  #bound(label: Label): number {
    const offset = this.#labelOffsets[label.id] ?? -1;
    if (offset < 0) throw new InternalError(`Cannot resolve label ${label.id}: never bound`);
    return offset;
  }

  #branch(mnemonic: string, label: Label, options: BranchOptions): void {
    const short = options.short === true;
    const selector = branchSelector(mnemonic, short);
    this.#emitWith(selector, mnemonic, [{ kind: "label", label }], short);
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
      offset: this.#length,
      labelOffset: (label: Label) => this.labelOffset(label),
    };
    const encoded = exhaustiveChoice(selector.rows, name, operands, context, allowShortForward);
    this.#place(encoded, operands);
  }

  /** Whether a label branch fits: rel8 only to a bound label in range (or when forced). */
  #reaches(candidate: Candidate, operands: readonly Operand[], allowShortForward: boolean) {
    const target = candidate.labelAt < 0 ? undefined : operands[candidate.labelAt];
    if (target?.kind !== "label") return true;
    const offset = this.#labelOffsets[target.label.id] ?? -1;
    if (offset < 0) return allowShortForward;
    const disp = offset - (this.#length + candidate.length);
    return disp >= -128 && disp <= 127;
  }

  /** Encodes a memoised choice straight into the code buffer. */
  #placeFast(candidate: Candidate, operands: readonly Operand[]): void {
    this.#reserve(16);
    const start = this.#length;
    const bytes = candidate.bytes;
    let end: number;
    if (bytes !== undefined) {
      const code = this.#code;
      for (let i = 0; i < bytes.length; i++) code[start + i] = bytes[i]!;
      end = start + bytes.length;
    } else {
      const code = this.#code, head = candidate.head;
      for (let i = 0; i < head.length; i++) code[start + i] = head[i]!;
      end = encodeTail(code, start + head.length, candidate.plan, operands);
      if (end - start !== candidate.length) {
        throw new InternalError(`Fast encoding of ${candidate.row.instructionText} went wrong`);
      }
    }
    this.#length = end;
    // (Indices are checked first: reading index -1 of an array is slow in V8.)
    const branch = candidate.labelAt < 0 ? undefined : operands[candidate.labelAt];
    if (branch?.kind === "label" && candidate.relAt >= 0) {
      this.#fixups.push({
        at: start + candidate.relAt,
        size: candidate.relSize === 1 ? 1 : 4,
        from: end,
        label: branch.label,
        addend: 0,
      });
    }
    const reference = candidate.ripAt < 0 ? undefined : operands[candidate.ripAt];
    if (reference?.kind === "mem" && candidate.ripDispAt >= 0) {
      this.#reference(reference, start + candidate.ripDispAt, end);
    }
  }

  #place(encoded: EncodedInst, operands: readonly Operand[]): void {
    const start = this.#length;
    const end = start + encoded.bytes.length;
    this.data(encoded.bytes);
    const branch = operands.find((operand) => operand.kind === "label");
    if (branch !== undefined && encoded.relAt !== undefined) {
      const size = encoded.relSize === 1 ? 1 : 4;
      this.#fixups.push({
        at: start + encoded.relAt,
        size,
        from: end,
        label: branch.label,
        addend: 0,
      });
    }
    const reference = operands.find((operand) => operand.kind === "mem" && operand.rip);
    if (reference?.kind !== "mem" || encoded.ripDispAt === undefined) return;
    this.#reference(reference, start + encoded.ripDispAt, end);
  }

  /** Records the fixup or relocation of a RIP-relative disp32 at `at`. */
  #reference(reference: MemOperand, at: number, end: number): void {
    if (reference.label !== undefined) {
      this.#fixups.push({ at, size: 4, from: end, label: reference.label, addend: reference.disp });
    } else if (reference.symbol !== undefined) {
      // PC32 is relative to the disp field; the CPU adds the offset of the next instruction.
      const addend = reference.symbol.addend + reference.disp - (end - at);
      this.#relocs.push({
        offset: at,
        symbol: reference.symbol.symbol,
        type: "R_X86_64_PC32",
        addend,
      });
    }
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#code.length) return;
    const grown = new Uint8Array(Math.max(this.#code.length * 2, this.#length + extra));
    grown.set(this.#code.subarray(0, this.#length));
    this.#code = grown;
  }
}

const NOP_CACHE = new Map<number, Uint8Array>();

/** The SDM's recommended NOP of `size` bytes (1..9). */
export function nopBytes(size: number): Uint8Array {
  const cached = NOP_CACHE.get(size);
  if (cached !== undefined) return cached;
  let bytes: Uint8Array;
  if (size === 1 || size === 2) {
    const row = ROWS_BY_FORM.get(size === 1 ? "NOP" : "XCHG AX, AX")?.[0];
    if (row === undefined) throw new InternalError("NOP rows are missing from the table");
    bytes = encodeInstruction(
      row,
      size === 1 ? [] : [
        { kind: "gpr", reg: 0, width: 16 },
        { kind: "gpr", reg: 0, width: 16 },
      ],
    ).bytes;
  } else {
    const form = NOP_FORMS.find(([, length]) => length === size);
    const row = form === undefined ? undefined : ROWS_BY_FORM.get(form[0])?.[0];
    if (form === undefined || row === undefined) throw new InternalError(`No ${size}-byte NOP`);
    const address: MemOperand = {
      kind: "mem",
      base: 0,
      index: form[3] ? 0 : undefined,
      scale: 1,
      disp: 0,
      width: undefined,
      rip: false,
      symbol: undefined,
      label: undefined,
      dispSize: form[2] === 0 ? undefined : form[2],
    };
    bytes = encodeInstruction(row, [address]).bytes;
  }
  NOP_CACHE.set(size, bytes);
  return bytes;
}
