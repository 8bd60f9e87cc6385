/**
 * The types of the `Assembler`'s interface: options, results, relocations and address forms.
 *
 * @module
 */

import type { CpuFeatures } from "../settings.ts";
import type { MemOperand } from "./operands.ts";
import type { MemWidth } from "./row.ts";
import { PackedEncodings } from "./_packed.ts";
import { type Candidate, mnemonicSelector, type Selector } from "./_select.ts";
import { ADDRESS_CODES, REGISTER_SLOTS } from "./_operand_key.ts";

/** An ELF x86-64 relocation against a symbol, at `offset` in the code. */
export interface Relocation {
  readonly offset: number;
  readonly symbol: string;
  readonly type: "R_X86_64_PLT32" | "R_X86_64_PC32";
  readonly addend: number;
}

/** What `Assembler.finish` returns. `labels[id]` is the offset of label `id`, or -1. */
export interface AssembledCode {
  /** A view of the assembler's buffer (later patches to it show through). */
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
  /**
   * The assembler's kept choices, by register slot and addressing form (`ADDRESS_CODES` per
   * slot): only those every CPU makes, so one form serves every assembler.
   */
  readonly choices: (Candidate | undefined)[];
  /**
   * Whole encodings of recent `[base + disp]` forms through a kept choice, direct-mapped by
   * `recentAddressSlot` of their key (register slot, base, index, disp): most loads and stores
   * repeat a local's or a spill slot's address, and then emitting is a copy.
   */
  readonly recent: PackedEncodings;
}

/** Entries of `AddressForm.recent` minus one. */
export const RECENT_ADDRESS_MASK = 1023;

/**
 * The key of a shared register (by `slot`) and `[base + index + disp]` in `AddressForm.recent`,
 * or -1 when the address has no key (a scale, a disp outside ±2^14): `slot | base << 7 |
 * (index + 1 or 0) << 11 | (disp + 2^14) << 16`.
 */
export function recentAddressKey(
  slot: number,
  base: number,
  index: number | undefined,
  scale: number,
  disp: number,
): number {
  if (scale !== 1 || (base & 15) !== base || !(disp >= -0x4000 && disp < 0x4000)) return -1;
  if ((disp | 0) !== disp) return -1;
  const indexField = index === undefined ? 0 : (index & 15) === index ? index + 1 : -1;
  if (indexField < 0) return -1;
  return slot | (base << 7) | (indexField << 11) | ((disp + 0x4000) << 16);
}

/** The entry of `recentAddressKey` `key` in `AddressForm.recent`. */
export function recentAddressSlot(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 22;
}

/** The `AddressForm` of `mnemonic` (`addressForm("mov", 64, false)`: `mov r64, [m64]`). */
export function addressForm(
  mnemonic: string,
  width: MemWidth | undefined,
  addressFirst: boolean,
): AddressForm {
  const choices = new Array<Candidate | undefined>(REGISTER_SLOTS * ADDRESS_CODES).fill(undefined);
  const recent = new PackedEncodings(RECENT_ADDRESS_MASK + 1);
  return Object.freeze({
    selector: mnemonicSelector(mnemonic),
    width,
    addressFirst,
    choices,
    recent,
  });
}

/** The memory operand `[base + index*scale + disp]` of `form`'s width. */
export function memoryOperand(form: AddressForm, address: BaseAddress): MemOperand {
  return {
    kind: "mem",
    base: address.base,
    index: address.index,
    scale: address.scale ?? 1,
    disp: address.disp,
    width: form.width,
    rip: false,
    symbol: undefined,
    label: undefined,
    dispSize: undefined,
  };
}
