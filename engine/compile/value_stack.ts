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
import {
  type AccessKind,
  type Address,
  isFloatReg,
  type MacroAssembler,
  type Reg,
} from "./masm.ts";

/** Where an entry's value lives. */
export type Location = "const" | "reg" | "slot";

/** One operand of the Wasm value stack. */
export interface Entry {
  readonly type: ValType;
  loc: Location;
  /** The register, when `loc` is "reg". */
  reg: Reg;
  /** The bits of a constant: i32 and f32 as unsigned 32-bit, i64 and f64 as unsigned 64. */
  bits: bigint;
}

/** Bytes of one spill slot. */
export const SLOT_BYTES = 8;

/** Whether values of `type` live in float registers. */
export function isFloatType(type: ValType): boolean {
  return type === "f32" || type === "f64";
}

/** Operand size of `type` in bits (references are pointers). */
export function sizeOf(type: ValType): 32 | 64 {
  return type === "i32" || type === "f32" ? 32 : 64;
}

const KINDS: Readonly<Record<string, AccessKind>> = {
  i32: { bytes: 4, float: false, size: 32, signed: false },
  i64: { bytes: 8, float: false, size: 64, signed: false },
  f32: { bytes: 4, float: true, size: 32, signed: false },
  f64: { bytes: 8, float: true, size: 64, signed: false },
  funcref: { bytes: 8, float: false, size: 64, signed: false },
  externref: { bytes: 8, float: false, size: 64, signed: false },
};

/** The access kind that moves a whole value of `type`. */
export function kindOf(type: ValType): AccessKind {
  const kind = KINDS[type];
  if (kind === undefined) throw new InternalError(`No access kind for ${type}`);
  return kind;
}

/** The value stack of one function being compiled. */
export class ValueStack {
  readonly entries: Entry[] = [];
  /** The deepest the stack got: the number of spill slots the frame needs. */
  maxHeight = 0;
  /** Bytes the stack pointer is currently lowered by (outgoing call arguments). */
  spOffset = 0;
  readonly #masm: MacroAssembler;
  readonly #freeGprs: Reg[];
  readonly #freeFloats: Reg[];

  constructor(masm: MacroAssembler) {
    this.#masm = masm;
    this.#freeGprs = [...masm.gprPool].reverse();
    this.#freeFloats = [...masm.floatPool].reverse();
  }

  get height(): number {
    return this.entries.length;
  }

  /** Address of spill slot `index`. */
  slot(index: number): Address {
    return { base: this.#masm.sp, disp: this.spOffset + index * SLOT_BYTES };
  }

  top(depth = 0): Entry {
    const entry = this.entries[this.entries.length - 1 - depth];
    if (entry === undefined) throw new InternalError("Value stack underflow");
    return entry;
  }

  #push(entry: Entry): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxHeight) this.maxHeight = this.entries.length;
  }

  pushConst(type: ValType, bits: bigint): void {
    this.#push({ type, loc: "const", reg: -1, bits });
  }

  pushReg(type: ValType, reg: Reg): void {
    this.#push({ type, loc: "reg", reg, bits: 0n });
  }

  pushSlot(type: ValType): void {
    this.#push({ type, loc: "slot", reg: -1, bits: 0n });
  }

  /** Pops an entry; its register (if any) now belongs to the caller. */
  pop(): Entry {
    const entry = this.entries.pop();
    if (entry === undefined) throw new InternalError("Value stack underflow");
    return entry;
  }

  /** Drops `count` entries, freeing their registers. */
  drop(count: number): void {
    for (let i = 0; i < count; i++) {
      const entry = this.pop();
      if (entry.loc === "reg") this.free(entry.reg);
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
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
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
    const entry = this.entries[index]!;
    if (entry.loc === "reg") {
      this.#masm.store(kindOf(entry.type), this.slot(index), entry.reg);
      this.free(entry.reg);
    } else if (entry.loc === "const" && constants) {
      this.#masm.storeImm(sizeOf(entry.type), this.slot(index), entry.bits);
    } else return;
    entry.loc = "slot";
    entry.reg = -1;
  }

  /** Spills every register entry (before calls and at block entry). */
  spillAll(): void {
    for (let i = 0; i < this.entries.length; i++) this.spillAt(i);
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
    } else if (isFloatType(entry.type)) {
      masm.moveFloatImm(sizeOf(entry.type), reg, entry.bits);
    } else {
      masm.moveImm(sizeOf(entry.type), reg, entry.bits);
    }
  }

  /** Pops the top entry into a register the caller owns. */
  popReg(): Reg {
    const index = this.entries.length - 1;
    const entry = this.top();
    const reg = this.materialize(entry, index);
    this.entries.pop();
    return reg;
  }

  /**
   * Pops the top entry as a register, or as an immediate when it is an integer constant whose
   * value, sign-extended from 32 bits, equals itself at `size`.
   */
  popSrc(): { reg: Reg; imm?: undefined } | { imm: number; reg?: undefined } {
    const entry = this.top();
    if (entry.loc === "const" && !isFloatType(entry.type)) {
      const signed = entry.type === "i32"
        ? BigInt.asIntN(32, entry.bits)
        : BigInt.asIntN(64, entry.bits);
      if (signed >= -(2n ** 31n) && signed < 2n ** 31n) {
        this.entries.pop();
        return { imm: Number(signed) };
      }
    }
    return { reg: this.popReg() };
  }

  /**
   * Puts the top `count` values in the slots starting at `base` (a branch to a label whose
   * values live there), without changing the compile-time state.
   */
  storeTopToSlots(count: number, base: number): void {
    const first = this.entries.length - count;
    for (let i = 0; i < count; i++) {
      const index = first + i;
      const entry = this.entries[index]!;
      const target = base + i;
      if (entry.loc === "reg") this.#masm.store(kindOf(entry.type), this.slot(target), entry.reg);
      else if (entry.loc === "const") {
        this.#masm.storeImm(sizeOf(entry.type), this.slot(target), entry.bits);
      } else if (index !== target) this.#masm.copySlot(this.slot(target), this.slot(index));
    }
  }

  /** Whether the top `count` entries already sit in the slots from `base` (no code needed). */
  topInSlots(count: number, base: number): boolean {
    const first = this.entries.length - count;
    for (let i = 0; i < count; i++) {
      if (this.entries[first + i]!.loc !== "slot" || first + i !== base + i) return false;
    }
    return true;
  }

  /** Resets the stack to `height` entries, then pushes `types` as slot entries. */
  resetTo(height: number, types: readonly ValType[]): void {
    this.drop(this.entries.length - height);
    for (const type of types) this.pushSlot(type);
  }
}
