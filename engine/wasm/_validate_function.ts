/**
 * Validation of one function body (spec 3.4.10 "Functions", appendix "Validation
 * Algorithm"): walk the body with the operator reader and type every instruction. Ops with a
 * fixed signature in the opcode table are typed from it after their side conditions; the rest
 * dispatch to one hand-written rule each, grouped by family in `_validate_*.ts`.
 *
 * @module
 */

import {
  type FuncContext,
  FuncState,
  PARAM_CODES,
  RESULT_CODES,
  SIGNATURES,
  TYPE_CODE,
  type TypeCode,
  typeCodes,
} from "./_func_state.ts";
import * as control from "./_validate_control.ts";
import * as memory from "./_validate_memory.ts";
import * as variable from "./_validate_variable.ts";
import { type ImmediateKind, OPCODES } from "./opcodes.ts";
import { type InstructionReader, type OperatorReader, readBodyForValidation } from "./operators.ts";
import type { Func, Instruction, Module } from "./syntax.ts";

type Rule = (state: FuncState, instr: Instruction) => void;

/** Typing rules of the ops the opcode table gives no fixed signature. */
const RULES: Readonly<Record<string, Rule>> = {
  "unreachable": (state) => state.setUnreachable(),
  "block": control.validateBlock,
  "loop": control.validateBlock,
  "if": control.validateBlock,
  "else": control.validateElse,
  "end": control.validateEnd,
  "br": control.validateBr,
  "br_if": control.validateBrIf,
  "br_table": control.validateBrTable,
  "return": control.validateReturn,
  "call": control.validateCall,
  "call_indirect": control.validateCallIndirect,
  "drop": variable.validateDrop,
  "select": variable.validateSelect,
  "select_t": variable.validateSelectTyped,
  "local.get": variable.validateLocalGet,
  "local.set": variable.validateLocalSet,
  "local.tee": variable.validateLocalTee,
  "global.get": variable.validateGlobalGet,
  "global.set": variable.validateGlobalSet,
  "ref.null": variable.validateRefNull,
  "ref.is_null": variable.validateRefIsNull,
  "ref.func": variable.validateRefFunc,
  "table.get": memory.validateTableGet,
  "table.set": memory.validateTableSet,
  "table.grow": memory.validateTableGrow,
  "table.fill": memory.validateTableFill,
};

/** Side conditions of fixed-signature ops, by immediate kind. */
const SIDE_CONDITIONS: Readonly<Partial<Record<ImmediateKind, Rule>>> = {
  "memarg": memory.checkMemArg,
  "memarg_lane": memory.checkMemArgLane,
  "lane": memory.checkLane,
  "shuffle": memory.checkShuffle,
  "memidx": memory.checkMemory,
  "memory.copy": memory.checkMemory,
  "memory.init": memory.checkDataIndex,
  "dataidx": memory.checkDataIndex,
  "tableidx": memory.checkTable,
  "table.copy": memory.checkTableCopy,
  "table.init": memory.checkTableInit,
  "elemidx": memory.checkElemDrop,
};

/** Per opcode id: its hand-written rule, or undefined for fixed-signature ops. */
const RULE_BY_ID: readonly (Rule | undefined)[] = OPCODES.map((row) => RULES[row.mnemonic]);
const SIDE_BY_ID: readonly (Rule | undefined)[] = OPCODES.map((row) =>
  SIDE_CONDITIONS[row.immediate]
);

/** The function frame's (empty) params; shared, since an empty array cannot change. */
const NO_CODES = new Uint8Array(0);

/** Functions with more params and locals than this keep their locals as runs, not a list. */
const MAX_EXPANDED_LOCALS = 65536;

/** The type of each local in order, or none when there are very many (`localsBeyond`). */
function localCodes(params: Uint8Array, func: Func): TypeCode[] {
  const codes: TypeCode[] = [];
  if (params.length + func.numLocals > MAX_EXPANDED_LOCALS) return codes;
  for (let i = 0; i < params.length; i++) codes.push(params[i]!);
  for (const decl of func.locals) {
    const code = TYPE_CODE[decl.type];
    for (let i = 0; i < decl.count; i++) codes.push(code);
  }
  return codes;
}

/** The type of local `index` of a function with very many: a search over the runs. */
function localsBeyond(params: Uint8Array, func: Func): (index: number) => TypeCode | undefined {
  return (index) => {
    if (index < params.length) return params[index];
    let first = params.length;
    for (const decl of func.locals) {
      if (index < first + decl.count) return TYPE_CODE[decl.type];
      first += decl.count;
    }
    return undefined;
  };
}

/** `localTypeBeyond` of a function whose locals are all in `localCodes`. */
const NO_MORE_LOCALS = (): TypeCode | undefined => undefined;

/**
 * The validator of one function body, fed one instruction at a time: `validateFunction` feeds
 * it from its own reader, and the compiler from the reader it lowers from, so a body is decoded
 * once (Liftoff validates while it compiles).
 */
export class FunctionValidator {
  readonly #state: FuncState;

  constructor(module: Module, funcIdx: number, refs: ReadonlySet<number>) {
    const func = module.funcs[funcIdx - module.importedFuncs]!;
    const type = module.types[func.typeIdx]!;
    const codes = typeCodes(type);
    const context: FuncContext = {
      module,
      funcIdx,
      localCodes: localCodes(codes.params, func),
      localTypeBeyond: codes.params.length + func.numLocals > MAX_EXPANDED_LOCALS
        ? localsBeyond(codes.params, func)
        : NO_MORE_LOCALS,
      results: codes.results,
      refs,
    };
    this.#state = new FuncState(context);
    this.#state.pushFrame("func", { params: NO_CODES, results: codes.results });
  }

  /**
   * Types the next instruction of the body.
   *
   * @throws {ValidationError} when it is ill-typed.
   */
  step(instr: Instruction): void {
    const state = this.#state;
    state.instr = instr;
    const row = instr.op;
    const rule = RULE_BY_ID[row.id];
    if (rule !== undefined) {
      rule(state, instr);
      return;
    }
    const side = SIDE_BY_ID[row.id];
    if (side !== undefined) side(state, instr);
    const packed = SIGNATURES[row.id]!;
    if (packed >= 0) {
      state.applySignature(packed);
      return;
    }
    state.popAll(PARAM_CODES[row.id]!);
    state.pushAll(RESULT_CODES[row.id]!);
  }
}

/**
 * Reads a body as `readBodyForValidation` does and validates each instruction before
 * returning it, so a reader's user only ever sees a valid prefix of the body.
 */
export class ValidatingReader implements InstructionReader {
  readonly #reader: OperatorReader;
  readonly #validator: FunctionValidator;

  constructor(module: Module, funcIdx: number, refs: ReadonlySet<number>) {
    this.#validator = new FunctionValidator(module, funcIdx, refs);
    this.#reader = readBodyForValidation(module, funcIdx);
  }

  /**
   * The next instruction, validated, or undefined after the final `end`.
   *
   * @throws {DecodeError} when the body is malformed.
   * @throws {ValidationError} when the body is ill-typed.
   */
  read(): Instruction | undefined {
    const instr = this.#reader.read();
    if (instr !== undefined) this.#validator.step(instr);
    return instr;
  }
}

/**
 * Validates the body of defined function `funcIdx`.
 *
 * @throws {ValidationError} when the body is ill-typed.
 * @throws {DecodeError} when the body is malformed.
 */
export function validateFunction(
  module: Module,
  funcIdx: number,
  refs: ReadonlySet<number>,
): void {
  const validator = new FunctionValidator(module, funcIdx, refs);
  const reader = readBodyForValidation(module, funcIdx);
  for (let instr = reader.read(); instr !== undefined; instr = reader.read()) {
    validator.step(instr);
  }
}
