/**
 * The encoding half of the `Assembler`: its CPU features and reused operand lists, the
 * generic path every instruction can take (the memoised row choice of `_select.ts`, else the
 * exhaustive search of `_exhaustive.ts`, which defines what every fast path must produce),
 * and the address fast paths of the hot loads and stores (`emitAddress`, `emitAddressImm`).
 * `assembler.ts` adds the mnemonic entry points, the register caches and the branches.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import { type CpuFeatures, DEFAULT_CPU_FEATURES } from "../settings.ts";
import type { EncodedInst } from "./encode.ts";
import { CodeBuffer } from "./_code_buffer.ts";
import type { ImmOperand, Label, Operand } from "./operands.ts";
import { exhaustiveChoice, featureOn } from "./_exhaustive.ts";
import { encodeTail, writeAddress, writeImmediateOperand } from "./_fast_encode.ts";
import {
  type AddressForm,
  type AssemblerOptions,
  type BaseAddress,
  memoryOperand,
  recentAddressKey,
  recentAddressSlot,
} from "./_assembler_types.ts";
import type { Candidate, Selector } from "./_select.ts";
import {
  ADDRESS_CODES,
  addressCode,
  FAST_PATH,
  operandCode,
  operandKey,
  registerAddressKey,
} from "./_operand_key.ts";

const PLACEHOLDER: Operand = Object.freeze({ kind: "label", label: { id: -1 } });

/** What every `Assembler` encodes through (see the module). */
export class AssemblerBase extends CodeBuffer {
  protected readonly features: CpuFeatures;
  /** Operand lists reused by `emitOp` and branches (never kept past one instruction). */
  protected readonly operands0: Operand[] = [];
  protected readonly operands1: Operand[] = [PLACEHOLDER];
  protected readonly operands2: Operand[] = [PLACEHOLDER, PLACEHOLDER];
  protected readonly operands3: Operand[] = [PLACEHOLDER, PLACEHOLDER, PLACEHOLDER];
  protected readonly operands4: Operand[] = [PLACEHOLDER, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER];
  /** The label operand branches reuse (fixups keep its label, never the operand). */
  protected readonly target: { kind: "label"; label: Label } = { kind: "label", label: { id: -1 } };

  constructor(options: AssemblerOptions = {}) {
    super();
    this.features = options.cpuFeatures ?? DEFAULT_CPU_FEATURES;
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
    this.emitWith(form.selector, form.selector.name, operands, false);
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
      const candidate = candidates === undefined ? undefined : this.firstEnabled(candidates);
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
    this.emitWith(form.selector, form.selector.name, [memory, value], false);
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
    const candidate = candidates === undefined ? undefined : this.firstEnabled(candidates);
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

  /** The first candidate whose CPU feature is on (candidates without a label operand). */
  protected firstEnabled(candidates: readonly Candidate[]): Candidate | undefined {
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      if (candidate.relSize === 1) return undefined;
      if (candidate.baseline || featureOn(this.features, candidate.row)) return candidate;
    }
    return undefined;
  }

  /** The reused one-operand list holding a branch to `label`. */
  protected labelOperands(label: Label): Operand[] {
    const target = this.target;
    target.label = label;
    const operands = this.operands1;
    operands[0] = target;
    return operands;
  }

  /** Emits the shortest fitting row: memoised by operand key, else by exhaustive search. */
  protected emitWith(
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
        if (!candidate.baseline && !featureOn(this.features, candidate.row)) continue;
        if (candidate.relSize === 1 && !this.#reaches(candidate, operands, allowShortForward)) {
          continue;
        }
        return this.placeFast(candidate, operands);
      }
    }
    const context = {
      features: this.features,
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
  protected placeFast(candidate: Candidate, operands: readonly Operand[]): void {
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
