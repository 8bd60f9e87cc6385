/**
 * Shared addresses, made once per module: the frame's cells (`[fp + disp]`: locals, the
 * results-area pointer), its spill and outgoing-argument slots (`[sp + disp]`), vmctx fields
 * and region entries (`[vmctx + disp]`), and heap accesses (`[base + index + disp]`). Every
 * function lays its cells and slots out from the same bases, and an address is a read-only
 * value, so the lowerings need not build one per access (a local.get, a spill, a reload, a load
 * or store).
 *
 * @module
 */

import { offsetOf, VMCTX } from "../abi/mod.ts";
import type { ValType } from "../wasm/syntax.ts";
import type { AccessKind, Address, MacroAssembler, Reg } from "./masm.ts";
import { kindOf, SLOT_BYTES } from "./_values.ts";

/** A local: its type and its cell. */
export interface LocalInfo {
  readonly type: ValType;
  readonly address: Address;
  /** `kindOf(type)`: how the whole value moves between its cell and a register. */
  readonly kind: AccessKind;
}

/** Frame cells and stack slots cached (by 8-byte index): those farther out are made per use. */
const MAX_CACHED_SLOTS = 4096;
/** vmctx entries cached (the head, globals, function references...), by 8-byte index. */
const MAX_CACHED_VMCTX = 1 << 16;
/** Heap displacements cached per register pair: larger offsets are made on each use. */
const MAX_CACHED_HEAP_DISP = 256;
/** Registers are below this (`Reg`), so `base * REGS + index` names a pair. */
const REGS = 32;

/** `disp / SLOT_BYTES` when it is a whole number below `limit`, else -1 (not cached). */
function slotIndex(disp: number, limit: number): number {
  const index = disp / SLOT_BYTES;
  return index >= 0 && index < limit && index % 1 === 0 ? index : -1;
}

/** `{ base, disp }` with all four fields, in this order: one object shape for the masm. */
function baseDisp(base: Reg, disp: number): Address {
  return { base, index: undefined, scale: undefined, disp };
}

/** The addresses the lowerings use with one masm. */
export class AddressCache {
  readonly #masm: MacroAssembler;
  /** `[fp - 8 * i]`, by `i`. */
  readonly #cells: Address[] = [];
  /** `[sp + 8 * i]`, by `i`. */
  readonly #slots: Address[] = [];
  /** `[vmctx + 8 * i]`, by `i`. */
  readonly #vmctx: Address[] = [];
  /** The vmctx head's fields, by name. */
  readonly #vmctxFields = new Map<string, Address>();
  /** `[base + index + disp]`, by `base * REGS + index`, then by `disp`. */
  readonly #heap: Address[][] = [];
  /** The last local made whose cell is `[fp - 8 * i]` (of whichever type), by `i`. */
  readonly #locals: LocalInfo[] = [];

  constructor(masm: MacroAssembler) {
    this.#masm = masm;
  }

  /** `[fp + disp]`: a cell below the saved registers (cached), or an incoming stack argument. */
  cell(disp: number): Address {
    const i = slotIndex(-disp, MAX_CACHED_SLOTS);
    if (i < 0) return baseDisp(this.#masm.fp, disp);
    return this.#cells[i] ??= baseDisp(this.#masm.fp, disp);
  }

  /** `[sp + disp]` (a spill slot or an outgoing argument). */
  slot(disp: number): Address {
    const i = slotIndex(disp, MAX_CACHED_SLOTS);
    if (i < 0) return baseDisp(this.#masm.sp, disp);
    return this.#slots[i] ??= baseDisp(this.#masm.sp, disp);
  }

  /** `[vmctx + disp]`: a field of the vmctx or an entry of one of its regions. */
  vmctx(disp: number): Address {
    const i = slotIndex(disp, MAX_CACHED_VMCTX);
    if (i < 0) return baseDisp(this.#masm.vmctx, disp);
    return this.#vmctx[i] ??= baseDisp(this.#masm.vmctx, disp);
  }

  /** `[vmctx + offsetOf(VMCTX, field)]`. */
  vmctxField(field: string): Address {
    let address = this.#vmctxFields.get(field);
    if (address === undefined) {
      address = this.vmctx(offsetOf(VMCTX, field));
      this.#vmctxFields.set(field, address);
    }
    return address;
  }

  /** `[base + index + disp]` (index unscaled): a heap access. */
  indexed(base: Reg, index: Reg, disp: number): Address {
    if (!(disp >= 0 && disp < MAX_CACHED_HEAP_DISP && disp % 1 === 0)) {
      return { base, index, scale: undefined, disp };
    }
    const addresses = this.#heap[base * REGS + index] ??= [];
    return addresses[disp] ??= { base, index, scale: undefined, disp };
  }

  /** The local of `type` whose cell is `[fp + disp]`. */
  local(type: ValType, disp: number): LocalInfo {
    const i = slotIndex(-disp, MAX_CACHED_SLOTS);
    if (i < 0) return this.#makeLocal(type, disp);
    const cached = this.#locals[i];
    if (cached !== undefined && cached.type === type) return cached;
    return this.#locals[i] = this.#makeLocal(type, disp);
  }

  #makeLocal(type: ValType, disp: number): LocalInfo {
    return { type, address: this.cell(disp), kind: kindOf(type) };
  }
}
