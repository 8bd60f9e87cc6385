/**
 * Function bodies that are valid by construction (spec 3.3 "Instructions", appendix
 * "Validation Algorithm"): a builder keeps the typed operand stack and the control frames the
 * validator keeps, and only ever emits an instruction whose operands it has just checked or
 * pushed.
 *
 * The builder does not draw random values itself: it reads a list of natural numbers (the
 * "choices", which fast-check generates and shrinks) and takes each decision as `choice % n`.
 * Any list gives a valid body, and a shorter list or smaller numbers give a smaller one, so a
 * failing module shrinks to a small valid module. When the list runs out, every decision is 0
 * and the builder closes its open blocks.
 *
 * Fixed-signature ops come from the one opcode table (`engine/wasm/opcodes.ts`): their typing is
 * the row's `params -> results`, and only their immediates are written in `_ops.ts`, one
 * generator per immediate kind. The ops the table marks as hand-typed get one small emitter
 * each (also `_ops.ts`). Bodies of SIMD modules (`BodyContext.simd`) also carry v128 values.
 *
 * @module
 */

import { InternalError } from "../../engine/errors.ts";
import { makeInstruction, opcode, type OpcodeRow } from "../../engine/wasm/mod.ts";
import type {
  BlockType,
  FuncType,
  GlobalType,
  Instruction,
  RefType,
  TableType,
  ValType,
} from "../../engine/wasm/mod.ts";

/** The value types of modules without SIMD: every WebAssembly 2.0 type except v128. */
export const VALUE_TYPES: readonly ValType[] = Object.freeze([
  "i32",
  "i64",
  "f32",
  "f64",
  "funcref",
  "externref",
]);

/** The value types of modules with SIMD: every WebAssembly 2.0 type. */
export const SIMD_VALUE_TYPES: readonly ValType[] = Object.freeze([...VALUE_TYPES, "v128"]);

/** The numeric types (the operands of an untyped `select`, with v128 in SIMD modules). */
export const NUMERIC_TYPES: readonly ValType[] = Object.freeze(["i32", "i64", "f32", "f64"]);

/** The value types a module may use: with v128 when it uses SIMD. */
export function valueTypes(simd: boolean): readonly ValType[] {
  return simd ? SIMD_VALUE_TYPES : VALUE_TYPES;
}

/** Interesting v128 byte patterns, picked now and then instead of scrambled bytes. */
const EDGE_V128 = [0x00, 0xff, 0x80, 0x7f];

/** The 16 bytes of a v128 constant made from one choice (edge patterns a third of the time). */
export function v128Bytes(raw: number): Uint8Array {
  const bytes = new Uint8Array(16);
  if (raw % 3 === 0) return bytes.fill(EDGE_V128[(raw / 3) % EDGE_V128.length]!);
  let state = (raw * 2654435761) >>> 0;
  for (let i = 0; i < 16; i++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** What a body may refer to: the module's index spaces, imports first. */
export interface BodyContext {
  /** The type section; block types append to it. */
  readonly types: FuncType[];
  /** Every function's typeidx. */
  readonly funcTypeIdxs: readonly number[];
  readonly tables: readonly TableType[];
  readonly hasMemory: boolean;
  readonly globals: readonly GlobalType[];
  /** Each element segment's reference type. */
  readonly elemTypes: readonly RefType[];
  /** Data segments `memory.init` and `data.drop` may name (0 without a data count section). */
  readonly dataCount: number;
  /** The functions `ref.func` may name (C.refs). */
  readonly refs: readonly number[];
  /** Whether bodies may use v128 values and SIMD instructions. */
  readonly simd: boolean;
}

/** One control frame. `height` is the operand stack height below the frame's values. */
export interface Frame {
  kind: "func" | "block" | "loop" | "if" | "else";
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly height: number;
}

/** The deepest block nesting a body gets. */
const MAX_DEPTH = 6;

/** Interesting integer constants, picked now and then instead of a plain choice. */
const EDGE_INTEGERS = [0, 1, -1, 0x7fffffff, -0x80000000, 0xff, 0x8000, 31, 32, 63, 64];

/** Values of the two reference types `ref.null` takes. */
export const REF_TYPES: readonly RefType[] = Object.freeze(["funcref", "externref"]);

export function isRefType(type: ValType): type is RefType {
  return type === "funcref" || type === "externref";
}

export function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  return a.length === b.length && a.every((type, i) => type === b[i]);
}

/** Builds one body; see the module doc. */
export class BodyBuilder {
  readonly ctx: BodyContext;
  /** Parameters, then declared locals. */
  readonly locals: readonly ValType[];
  readonly out: Instruction[] = [];
  readonly stack: ValType[] = [];
  readonly frames: Frame[] = [];
  readonly #choices: readonly number[];
  #at = 0;

  constructor(ctx: BodyContext, type: FuncType, locals: readonly ValType[], choices: number[]) {
    this.ctx = ctx;
    this.locals = [...type.params, ...locals];
    this.#choices = choices;
    this.frames.push({ kind: "func", params: [], results: type.results, height: 0 });
  }

  /** Whether every choice has been read. */
  get exhausted(): boolean {
    return this.#at >= this.#choices.length;
  }

  /** The next choice as a number in [0, n); 0 once the choices run out. */
  next(n: number): number {
    const choice = this.#choices[this.#at++] ?? 0;
    return n <= 1 ? 0 : choice % n;
  }

  /** The next choice as a raw natural number (0 once they run out). */
  raw(): number {
    return this.#choices[this.#at++] ?? 0;
  }

  /** One of `items`, by the next choice. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InternalError("Cannot pick from an empty list");
    return items[this.next(items.length)]!;
  }

  /** The value types this body may use. */
  get valueTypes(): readonly ValType[] {
    return valueTypes(this.ctx.simd);
  }

  /** The types an untyped `select` takes: numeric, and v128 in SIMD modules. */
  get selectTypes(): readonly ValType[] {
    return this.ctx.simd ? [...NUMERIC_TYPES, "v128"] : NUMERIC_TYPES;
  }

  get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  /** The operand types above the current frame's base, bottom first. */
  get operands(): readonly ValType[] {
    return this.stack.slice(this.frame.height);
  }

  /**
   * Whether the top of the current frame's operands is exactly `types` (as a suffix), or its
   * first `count` types.
   */
  topIs(types: readonly ValType[], count = types.length): boolean {
    const base = this.stack.length - count;
    if (base < this.frame.height) return false;
    for (let i = 0; i < count; i++) {
      if (this.stack[base + i] !== types[i]) return false;
    }
    return true;
  }

  /**
   * Appends one instruction, popping `params` and pushing `results`; the popped types must be
   * on the stack (a broken invariant of this builder otherwise).
   */
  emit(
    row: OpcodeRow,
    immediates: Partial<Instruction>,
    params: readonly ValType[],
    results: readonly ValType[],
  ): void {
    if (!this.topIs(params)) {
      throw new InternalError(
        `BodyBuilder: ${row.mnemonic} needs [${params}] on [${this.operands}]`,
      );
    }
    this.stack.length -= params.length;
    this.out.push(makeInstruction(row, 0, immediates));
    this.stack.push(...results);
  }

  /**
   * How many of `types`, from the first, the top of the stack already holds: the longest k
   * with the top k operands equal to `types[0..k)`.
   */
  heldPrefix(types: readonly ValType[]): number {
    for (let k = types.length; k > 0; k--) {
      if (this.topIs(types, k)) return k;
    }
    return 0;
  }

  /** Makes `types` the top of the stack: what is already there is kept, the rest pushed. */
  ensureTop(types: readonly ValType[]): void {
    for (const type of types.slice(this.heldPrefix(types))) this.materialize(type);
  }

  /** Pushes one value of `type`: a constant, a null, a local, a global or a function ref. */
  materialize(type: ValType): void {
    const sources: (() => void)[] = [() => this.constant(type)];
    this.locals.forEach((local, index) => {
      if (local === type) sources.push(() => this.emit(opcode("local.get"), { index }, [], [type]));
    });
    this.ctx.globals.forEach((global, index) => {
      if (global.valType === type) {
        sources.push(() => this.emit(opcode("global.get"), { index }, [], [type]));
      }
    });
    if (type === "funcref" && this.ctx.refs.length > 0) {
      sources.push(() =>
        this.emit(opcode("ref.func"), { index: this.pick(this.ctx.refs) }, [], [type])
      );
    }
    this.pick(sources)();
  }

  /** Pushes a constant of `type` (`ref.null` for reference types). */
  constant(type: ValType): void {
    if (isRefType(type)) return this.emit(opcode("ref.null"), { valTypes: [type] }, [], [type]);
    const row = opcode(`${type}.const`);
    this.emit(row, this.constantImmediate(row), [], [type]);
  }

  /** The immediate of a `t.const` row. */
  constantImmediate(row: OpcodeRow): Partial<Instruction> {
    const raw = this.raw();
    if (row.immediate === "v128") return { bytes: v128Bytes(raw) };
    const edge = EDGE_INTEGERS[raw % EDGE_INTEGERS.length]!;
    const useEdge = raw % 3 === 0;
    switch (row.immediate) {
      case "i32":
        return { value: useEdge ? edge | 0 : (raw * 2654435761) | 0 };
      case "i64":
        return {
          value64: BigInt.asIntN(64, useEdge ? BigInt(edge) : BigInt(raw) * 0x9e3779b97f4a7c15n),
        };
      case "f32":
        return { value: useEdge ? [0, 0x80000000, 0x7fc00000, 0x7f800000][raw % 4]! : raw >>> 0 };
      default:
        return { value64: BigInt.asUintN(64, BigInt(raw) * 0x9e3779b97f4a7c15n) };
    }
  }

  /** Makes the current frame's operands exactly `types`, dropping what does not fit. */
  settle(types: readonly ValType[]): void {
    if (sameTypes(this.operands, types)) return;
    while (this.stack.length > this.frame.height) {
      this.emit(opcode("drop"), {}, [this.stack[this.stack.length - 1]!], []);
    }
    for (const type of types) this.materialize(type);
  }

  /** Everything after this point in the frame is unreachable: its operands are forgotten. */
  markUnreachable(): void {
    this.stack.length = this.frame.height;
  }

  /** The types a branch to `depth` carries. */
  labelTypes(depth: number): readonly ValType[] {
    const target = this.frames[this.frames.length - 1 - depth]!;
    return target.kind === "loop" ? target.params : target.results;
  }

  /** Whether another block may open. */
  get canNest(): boolean {
    return this.frames.length < MAX_DEPTH;
  }

  /** Chooses a block type, taking its parameters from the top of the stack. */
  blockType(): { type: BlockType; params: ValType[]; results: ValType[] } {
    const form = this.next(3);
    if (form === 0) return { type: undefined, params: [], results: [] };
    if (form === 1) {
      const result = this.pick(this.valueTypes);
      return { type: result, params: [], results: [result] };
    }
    const operands = this.operands;
    const count = this.next(Math.min(3, operands.length) + 1);
    const params = operands.slice(operands.length - count);
    const results = Array.from({ length: this.next(4) }, () => this.pick(this.valueTypes));
    return { type: this.typeIndex({ params, results }), params, results };
  }

  /** The index of `type` in the type section, appended if it is not there. */
  typeIndex(type: FuncType): number {
    const found = this.ctx.types.findIndex((entry) =>
      sameTypes(entry.params, type.params) && sameTypes(entry.results, type.results)
    );
    if (found >= 0) return found;
    this.ctx.types.push(type);
    return this.ctx.types.length - 1;
  }

  /** Opens a block, loop or if whose parameters are already on top of the stack. */
  open(kind: "block" | "loop" | "if", params: ValType[], results: ValType[]): void {
    this.stack.length -= params.length;
    this.frames.push({ kind, params, results, height: this.stack.length });
    this.stack.push(...params);
  }

  /** Closes the current frame (an `else` branch first, when an `if` needs one). */
  close(): void {
    const frame = this.frame;
    this.settle(frame.results);
    if (frame.kind === "if" && !sameTypes(frame.params, frame.results)) {
      this.out.push(makeInstruction(opcode("else"), 0));
      this.stack.length = frame.height;
      this.stack.push(...frame.params);
      this.settle(frame.results);
    }
    this.out.push(makeInstruction(opcode("end"), 0));
    this.frames.pop();
    this.stack.length = frame.height;
    this.stack.push(...frame.results);
  }

  /** Closes every open frame, the function's own last; returns the body with its final end. */
  finish(): Instruction[] {
    while (this.frames.length > 0) this.close();
    return this.out;
  }
}
