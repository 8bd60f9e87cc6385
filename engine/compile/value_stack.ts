/**
 * The baseline compiler's value stack and register allocator (V8 Liftoff's `CacheState`,
 * Winch's `CodeGenContext`): each Wasm operand is a constant (kept as an immediate), a
 * register, or a spill slot. Operand `i` always spills to slot `i` of the frame, so a merge
 * point only needs "every value in its own slot".
 *
 * Invariants:
 * - a register holds at most one entry, and a register in use is never in the free pools;
 * - at every label (block end, loop head, else), the merged values sit in their slots and
 *   every entry below them is a constant or in its slot (the control lowering spills all
 *   registers when it opens a block).
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { ValType } from "../wasm/syntax.ts";
import { type Address, isFloatReg, type MacroAssembler, type Reg, type Src } from "./masm.ts";
import {
  bytesOf,
  constBits,
  copyValue,
  type Entry,
  isConst32,
  isFloatType,
  kindOf,
  type Location,
  sizeOf,
  storeConst,
} from "./_values.ts";
import type { AddressCache } from "./_address_cache.ts";

/** An `Entry` as the stack itself rewrites it when it reuses the object. */
type MutableEntry = { -readonly [K in keyof Entry]: Entry[K] };

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/** Shared `Src` values (they are read-only): registers 0..31 and immediates -128..1023. */
const REGISTER_SRCS: readonly Src[] = Array.from(
  { length: 32 },
  (_, reg) => Object.freeze({ reg }),
);
const SMALL_IMMEDIATE_BIAS = 128;
const SMALL_IMMEDIATES: readonly Src[] = Array.from(
  { length: 1152 },
  (_, i) => Object.freeze({ imm: i - SMALL_IMMEDIATE_BIAS }),
);

/** The value stack of one function being compiled. */
export class ValueStack {
  /** The deepest the stack got: the bytes of spill slots the frame needs. */
  maxBytes = 0;
  /** Bytes the stack pointer is currently lowered by (outgoing call arguments). */
  spOffset = 0;
  readonly #masm: MacroAssembler;
  readonly #addresses: AddressCache;
  /**
   * Entry `i` of the stack, for `i < #height`; the entries above are kept for later pushes to
   * rewrite, so a push allocates nothing once the stack has been that deep.
   */
  readonly #entries: MutableEntry[] = [];
  #height = 0;
  /** Byte offset of the first free spill byte (the slot a push takes). */
  #end = 0;
  readonly #freeGprs: Reg[];
  readonly #freeFloats: Reg[];

  constructor(masm: MacroAssembler, addresses: AddressCache) {
    this.#masm = masm;
    this.#addresses = addresses;
    this.#freeGprs = [...masm.gprPool].reverse();
    this.#freeFloats = [...masm.floatPool].reverse();
  }

  get height(): number {
    return this.#height;
  }

  /** Entry `index` (0 is the bottom); valid until it is popped. */
  entry(index: number): Entry {
    if (index < 0 || index >= this.#height) throw new InternalError(`No stack entry ${index}`);
    return this.#entries[index]!;
  }

  /** Byte offset of spill slot `index` (`height` names the first free byte). */
  slotOffset(index: number): number {
    if (index >= 0 && index < this.#height) return this.#entries[index]!.offset;
    if (index !== this.#height) throw new InternalError(`No spill slot ${index}`);
    return this.#end;
  }

  /** Address of spill slot `index`. */
  slot(index: number): Address {
    return this.slotAt(this.slotOffset(index));
  }

  /** Address of the spill area byte `offset`. */
  slotAt(offset: number): Address {
    return this.#addresses.slot(this.spOffset + offset);
  }

  top(depth = 0): Entry {
    const index = this.#height - 1 - depth;
    if (index < 0 || depth < 0) throw new InternalError("Value stack underflow");
    return this.#entries[index]!;
  }

  #push(type: ValType, loc: Location, reg: Reg, bits: bigint, value: number): void {
    const offset = this.#end;
    const end = offset + bytesOf(type);
    const height = this.#height;
    if (height < this.#entries.length) {
      const entry = this.#entries[height]!;
      entry.type = type;
      entry.loc = loc;
      entry.reg = reg;
      entry.bits = bits;
      entry.value = value;
      entry.offset = offset;
    } else {
      this.#entries.push({ type, loc, reg, bits, value, offset });
    }
    this.#height = height + 1;
    this.#end = end;
    if (end > this.maxBytes) this.maxBytes = end;
  }

  /** Pops the top entry (its object is rewritten by the next push). */
  #discardTop(): void {
    const height = this.#height - 1;
    if (height < 0) throw new InternalError("Value stack underflow");
    this.#height = height;
    this.#end = this.#entries[height]!.offset;
  }

  /** Pushes a constant of `bits` (as `Entry.bits` describes them for every type). */
  pushConst(type: ValType, bits: bigint): void {
    if (isConst32(type)) this.#push(type, "const", -1, 0n, Number(bits));
    else this.#push(type, "const", -1, bits, 0);
  }

  /** Pushes an i32 or f32 constant of `value` (its bits, unsigned 32-bit). */
  pushConst32(type: "i32" | "f32", value: number): void {
    this.#push(type, "const", -1, 0n, value);
  }

  pushReg(type: ValType, reg: Reg): void {
    this.#push(type, "reg", reg, 0n, 0);
  }

  pushSlot(type: ValType): void {
    this.#push(type, "slot", -1, 0n, 0);
  }

  /** Drops `count` entries, freeing their registers. */
  drop(count: number): void {
    for (let i = 0; i < count; i++) {
      const entry = this.top();
      if (entry.loc === "reg") this.free(entry.reg);
      this.#discardTop();
    }
  }

  /** Returns a register to its pool. */
  free(reg: Reg): void {
    (isFloatReg(reg) ? this.#freeFloats : this.#freeGprs).push(reg);
  }

  /** A free register of the class, spilling the deepest register entry if none is free. */
  alloc(float: boolean): Reg {
    const pool = float ? this.#freeFloats : this.#freeGprs;
    const reg = pool.pop();
    if (reg !== undefined) return reg;
    for (let i = 0; i < this.#height; i++) {
      const entry = this.#entries[i]!;
      if (entry.loc === "reg" && isFloatReg(entry.reg) === float) {
        this.spillAt(i);
        return pool.pop()!;
      }
    }
    throw new InternalError("Register pool exhausted");
  }

  /** A free register for a value of `type`. */
  allocFor(type: ValType): Reg {
    return this.alloc(isFloatType(type));
  }

  /** Moves entry `index` to its slot (constants stay constants unless `constants`). */
  spillAt(index: number, constants = false): void {
    const entry = this.#entries[index]!;
    if (entry.loc === "reg") {
      this.#masm.store(kindOf(entry.type), this.slot(index), entry.reg);
      this.free(entry.reg);
    } else if (entry.loc === "const" && constants) {
      storeConst(this.#masm, entry, this.slot(index));
    } else return;
    entry.loc = "slot";
    entry.reg = -1;
  }

  /** Spills every register entry (before calls and at block entry). */
  spillAll(): void {
    for (let i = 0; i < this.#height; i++) this.spillAt(i);
  }

  /** Loads `entry` (popped, or on the stack) into a register it then owns. */
  materialize(entry: Entry, index: number): Reg {
    if (entry.loc === "reg") return entry.reg;
    const reg = this.allocFor(entry.type);
    this.loadInto(entry, index, reg);
    return reg;
  }

  /** Loads `entry`, at stack position `index`, into `reg` without changing the entry. */
  loadInto(entry: Entry, index: number, reg: Reg): void {
    const masm = this.#masm;
    if (entry.loc === "reg") {
      if (entry.reg !== reg) masm.move(sizeOf(entry.type), reg, entry.reg);
    } else if (entry.loc === "slot") {
      masm.load(kindOf(entry.type), reg, this.slot(index));
    } else if (entry.type === "v128") {
      masm.moveV128Imm(reg, entry.bits);
    } else if (isFloatType(entry.type)) {
      masm.moveFloatImm(sizeOf(entry.type), reg, constBits(entry));
    } else {
      masm.moveImm(sizeOf(entry.type), reg, constBits(entry));
    }
  }

  /** Pops the top entry into a register the caller owns. */
  popReg(): Reg {
    const index = this.#height - 1;
    const entry = this.top();
    const reg = this.materialize(entry, index);
    this.#discardTop();
    return reg;
  }

  /**
   * Pops the top entry as a register, or as an immediate when it is an integer constant whose
   * value, sign-extended from 32 bits, equals itself at `size`.
   */
  popSrc(): Src {
    const entry = this.top();
    if (entry.loc === "const" && entry.type === "i32") {
      // Every i32 is its own sign-extended 32-bit immediate.
      this.#discardTop();
      const imm = entry.value | 0;
      return SMALL_IMMEDIATES[imm + SMALL_IMMEDIATE_BIAS] ?? { imm };
    }
    if (entry.loc === "const" && !isFloatType(entry.type)) {
      if (entry.bits >= 0n && entry.bits < 1024n) {
        // Its own signed value at either size (no bigint arithmetic for the common case).
        this.#discardTop();
        return SMALL_IMMEDIATES[Number(entry.bits) + SMALL_IMMEDIATE_BIAS]!;
      }
      const signed = BigInt.asIntN(64, entry.bits);
      if (signed >= INT32_MIN && signed <= INT32_MAX) {
        this.#discardTop();
        const imm = Number(signed);
        return SMALL_IMMEDIATES[imm + SMALL_IMMEDIATE_BIAS] ?? { imm };
      }
    }
    const reg = this.popReg();
    return REGISTER_SRCS[reg] ?? { reg };
  }

  /**
   * Puts the top `count` values in the slots starting at `base` (a branch to a label whose
   * values live there), without changing the compile-time state.
   */
  storeTopToSlots(count: number, base: number): void {
    const first = this.#height - count;
    let target = this.slotOffset(base);
    for (let index = first; index < this.#height; index++) {
      const entry = this.#entries[index]!;
      if (entry.loc !== "slot" || entry.offset !== target) {
        this.storeEntry(index, this.slotAt(target));
      }
      target += bytesOf(entry.type);
    }
  }

  /** Stores entry `index` (left as it is) to `address`. */
  storeEntry(index: number, address: Address): void {
    const entry = this.#entries[index]!;
    const masm = this.#masm;
    if (entry.loc === "reg") masm.store(kindOf(entry.type), address, entry.reg);
    else if (entry.loc === "const") storeConst(masm, entry, address);
    else copyValue(masm, entry.type, address, this.slot(index));
  }

  /** Whether the top `count` entries already sit in the slots from `base` (no code needed). */
  topInSlots(count: number, base: number): boolean {
    const first = this.#height - count;
    for (let i = 0; i < count; i++) {
      if (this.#entries[first + i]!.loc !== "slot" || first + i !== base + i) return false;
    }
    return true;
  }

  /** Resets the stack to `height` entries, then pushes `types` as slot entries. */
  resetTo(height: number, types: readonly ValType[]): void {
    this.drop(this.#height - height);
    for (const type of types) this.pushSlot(type);
  }
}
