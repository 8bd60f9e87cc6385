/**
 * The operand and control stacks of the spec's validation algorithm (spec appendix
 * "Validation Algorithm"), plus the context a function body is checked in.
 *
 * Operand types are small numbers (`TypeCode`) on an array of small integers with an explicit
 * height: the validator's inner loop pushes and pops them for every instruction, and that is
 * the cheapest thing V8 can move. `typeName` turns a code back into the spec's name for messages.
 *
 * @module
 */

import { ValidationError } from "../errors.ts";
import { OPCODES } from "./opcodes.ts";
import type { FuncType, Instruction, Module, ValType } from "./syntax.ts";

/** A valtype, or `UNKNOWN` (the bottom type in unreachable code), as a small number. */
export type TypeCode = number;

export const UNKNOWN: TypeCode = 0;
export const I32: TypeCode = 1;
export const FUNCREF: TypeCode = 6;

/** The code of each valtype. */
export const TYPE_CODE: Readonly<Record<ValType, TypeCode>> = {
  i32: 1,
  i64: 2,
  f32: 3,
  f64: 4,
  v128: 5,
  funcref: 6,
  externref: 7,
};

const TYPE_NAMES = ["unknown", "i32", "i64", "f32", "f64", "v128", "funcref", "externref"];

export function typeName(code: TypeCode): string {
  return TYPE_NAMES[code] ?? "?";
}

export function codesOf(types: readonly ValType[]): Uint8Array {
  return Uint8Array.from(types, (type) => TYPE_CODE[type]);
}

/** Per opcode id: the codes of its fixed params and results (empty for hand-typed ops). */
export const PARAM_CODES: readonly Uint8Array[] = OPCODES.map((row) => codesOf(row.params ?? []));
export const RESULT_CODES: readonly Uint8Array[] = OPCODES.map((row) => codesOf(row.results ?? []));

/** Bits of one type code in a packed signature. */
const CODE_BITS = 3;
const CODE_MASK = (1 << CODE_BITS) - 1;
/** A packed signature: the result code, the param count, then the param codes (first lowest). */
const COUNT_SHIFT = CODE_BITS;
const PARAMS_SHIFT = COUNT_SHIFT + 2;
const MAX_PACKED_PARAMS = 3;

/** `params -> results` in one number (see `SIGNATURES`), or -1 when it does not fit. */
function packSignature(params: Uint8Array, results: Uint8Array): number {
  if (params.length > MAX_PACKED_PARAMS || results.length > 1) return -1;
  let packed = (results[0] ?? 0) | (params.length << COUNT_SHIFT);
  params.forEach((code, i) => packed |= code << (PARAMS_SHIFT + CODE_BITS * i));
  return packed;
}

/**
 * Per opcode id: its fixed signature packed in one small integer (result code, param count, up
 * to three param codes), or -1 when it takes more. Typing a fixed-signature op, the validator's
 * commonest step, then reads no arrays (`FuncState.applySignature`).
 */
export const SIGNATURES: Int32Array = Int32Array.from(
  OPCODES,
  (_, id) => packSignature(PARAM_CODES[id]!, RESULT_CODES[id]!),
);

/** The codes of a block or function type, computed once per type. */
export interface TypeCodes {
  readonly params: Uint8Array;
  readonly results: Uint8Array;
}

const typeCodesCache = new WeakMap<FuncType, TypeCodes>();

export function typeCodes(type: FuncType): TypeCodes {
  let codes = typeCodesCache.get(type);
  if (codes === undefined) {
    codes = { params: codesOf(type.params), results: codesOf(type.results) };
    typeCodesCache.set(type, codes);
  }
  return codes;
}

export function isNumOrVec(code: TypeCode): boolean {
  return code <= 5;
}

export function isRef(code: TypeCode): boolean {
  return code === UNKNOWN || code >= 6;
}

/** Which instruction opened a control frame. */
export type FrameKind = "func" | "block" | "loop" | "if" | "else";

/** One control frame. */
export interface Frame {
  kind: FrameKind;
  type: TypeCodes;
  /** Operand stack height when the frame was entered (after popping its params). */
  height: number;
  unreachable: boolean;
}

/** The validation context of one function body (spec 3.1.1 "Contexts"). */
export interface FuncContext {
  readonly module: Module;
  readonly funcIdx: number;
  /** The type of each local (params first); empty when there are very many. */
  readonly localCodes: readonly TypeCode[];
  /** The type of local `index` when `localCodes` does not have it, or undefined. */
  readonly localTypeBeyond: (index: number) => TypeCode | undefined;
  readonly results: Uint8Array;
  /** funcidx values that may appear in `ref.func` (spec 3.4.10 "C.refs"). */
  readonly refs: ReadonlySet<number>;
}

/** The operand and control stacks, with the appendix's push/pop primitives. */
export class FuncState {
  readonly #vals: TypeCode[] = [];
  /** Operand stack height. */
  sp = 0;
  /**
   * The control stack: `ctrls[0, depth)`. A popped frame's object is rewritten by the next
   * push at its depth (as the compiler's value stack does), so a block costs no allocation
   * once the body has nested that deep.
   */
  readonly ctrls: Frame[] = [];
  #depth = 0;
  readonly context: FuncContext;
  /** The instruction being checked, for error locations. */
  instr: Instruction | undefined = undefined;
  /** The innermost frame (cached: every pop reads it). */
  #top: Frame | undefined = undefined;

  constructor(context: FuncContext) {
    this.context = context;
  }

  fail(reason: string, detail?: string): never {
    const instr = this.instr;
    const options: ConstructorParameters<typeof ValidationError>[1] = {
      funcIdx: this.context.funcIdx,
    };
    if (instr !== undefined) {
      Object.assign(options, { offset: instr.offset, instruction: instr.op.mnemonic });
    }
    if (detail !== undefined) Object.assign(options, { detail });
    throw new ValidationError(reason, options);
  }

  push(code: TypeCode): void {
    this.#vals[this.sp++] = code;
  }

  pushAll(codes: Uint8Array): void {
    for (let i = 0; i < codes.length; i++) this.push(codes[i]!);
  }

  /** Pops any operand. */
  pop(): TypeCode {
    const frame = this.#top!;
    if (this.sp === frame.height) {
      if (frame.unreachable) return UNKNOWN;
      this.fail("type mismatch", "operand stack is empty");
    }
    return this.#vals[--this.sp]!;
  }

  /** Pops an operand of type `expected`. */
  popExpect(expected: TypeCode): TypeCode {
    const frame = this.#top!;
    if (this.sp > frame.height) {
      const actual = this.#vals[--this.sp]!;
      if (actual !== expected && actual !== UNKNOWN && expected !== UNKNOWN) {
        this.fail("type mismatch", `expected ${typeName(expected)}, found ${typeName(actual)}`);
      }
      return actual;
    }
    if (frame.unreachable) return UNKNOWN;
    return this.fail("type mismatch", `expected ${typeName(expected)}, found an empty stack`);
  }

  /** Pops `codes` (the last one first). */
  popAll(codes: Uint8Array): void {
    // Fast path: all operands are in the frame and match; else `popExpect` one by one, whose
    // first failure is the error to report.
    const count = codes.length;
    const base = this.sp - count;
    if (base >= this.#top!.height) {
      const vals = this.#vals;
      let i = 0;
      for (; i < count; i++) {
        const actual = vals[base + i]!, expected = codes[i]!;
        if (actual !== expected && actual !== UNKNOWN && expected !== UNKNOWN) break;
      }
      if (i === count) {
        this.sp = base;
        return;
      }
    }
    for (let i = count - 1; i >= 0; i--) this.popExpect(codes[i]!);
  }

  /** Pops and pushes the packed signature `packed` (an entry of `SIGNATURES`, not -1). */
  applySignature(packed: number): void {
    const count = (packed >> COUNT_SHIFT) & 3;
    const base = this.sp - count;
    if (base >= this.#top!.height) {
      // Fast path, as in `popAll`: every operand is in the frame and matches.
      const vals = this.#vals;
      let i = 0;
      for (; i < count; i++) {
        const actual = vals[base + i]!;
        if (actual !== ((packed >> (PARAMS_SHIFT + CODE_BITS * i)) & CODE_MASK)) {
          if (actual !== UNKNOWN) break;
        }
      }
      if (i === count) {
        this.sp = base;
        const result = packed & CODE_MASK;
        if (result !== UNKNOWN) vals[this.sp++] = result;
        return;
      }
    }
    for (let i = count - 1; i >= 0; i--) {
      this.popExpect((packed >> (PARAMS_SHIFT + CODE_BITS * i)) & CODE_MASK);
    }
    const result = packed & CODE_MASK;
    if (result !== UNKNOWN) this.push(result);
  }

  /** The type of local `index`, or undefined when out of range. */
  localType(index: number): TypeCode | undefined {
    const code = this.context.localCodes[index];
    return code !== undefined ? code : this.context.localTypeBeyond(index);
  }

  pushFrame(kind: FrameKind, type: TypeCodes): void {
    const depth = this.#depth;
    let frame = this.ctrls[depth];
    if (frame === undefined) {
      frame = { kind, type, height: this.sp, unreachable: false };
      this.ctrls.push(frame);
    } else {
      frame.kind = kind;
      frame.type = type;
      frame.height = this.sp;
      frame.unreachable = false;
    }
    this.#depth = depth + 1;
    this.#top = frame;
    this.pushAll(type.params);
  }

  /** Pops the innermost frame; its object stays valid until the next `pushFrame`. */
  popFrame(): Frame {
    const frame = this.#top;
    if (frame === undefined) return this.fail("type mismatch", "no enclosing block");
    this.popAll(frame.type.results);
    if (this.sp !== frame.height) this.fail("type mismatch", "values left on the stack");
    const depth = --this.#depth;
    this.#top = depth > 0 ? this.ctrls[depth - 1] : undefined;
    return frame;
  }

  /** The frame `depth` labels out, or "unknown label". */
  frame(depth: number): Frame {
    const frame = depth >= 0 && depth < this.#depth
      ? this.ctrls[this.#depth - 1 - depth]
      : undefined;
    if (frame === undefined) return this.fail("unknown label", `${depth}`);
    return frame;
  }

  labelTypes(frame: Frame): Uint8Array {
    return frame.kind === "loop" ? frame.type.params : frame.type.results;
  }

  setUnreachable(): void {
    const frame = this.#top!;
    this.sp = frame.height;
    frame.unreachable = true;
  }
}
