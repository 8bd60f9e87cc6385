/**
 * Typing of parametric, variable and reference instructions (spec 3.3.2 "Reference
 * Instructions", 3.3.4 "Parametric Instructions", 3.3.5 "Variable Instructions").
 *
 * @module
 */

import {
  FUNCREF,
  type FuncState,
  I32,
  isNumOrVec,
  isRef,
  TYPE_CODE,
  typeName,
  UNKNOWN,
} from "./_func_state.ts";
import type { Instruction } from "./syntax.ts";

export function validateDrop(state: FuncState): void {
  state.pop();
}

export function validateSelect(state: FuncState): void {
  state.popExpect(I32);
  const first = state.pop();
  const second = state.pop();
  if (!isNumOrVec(first) || !isNumOrVec(second)) {
    state.fail("type mismatch", "select without types needs numeric or vector operands");
  }
  if (first !== second && first !== UNKNOWN && second !== UNKNOWN) {
    state.fail(
      "type mismatch",
      `select operands ${typeName(second)} and ${typeName(first)} differ`,
    );
  }
  state.push(first === UNKNOWN ? second : first);
}

export function validateSelectTyped(state: FuncState, instr: Instruction): void {
  const valType = instr.valTypes[0];
  if (valType === undefined || instr.valTypes.length !== 1) state.fail("invalid result arity");
  const type = TYPE_CODE[valType];
  state.popExpect(I32);
  state.popExpect(type);
  state.popExpect(type);
  state.push(type);
}

function localType(state: FuncState, instr: Instruction) {
  const type = state.localType(instr.index);
  if (type === undefined) state.fail("unknown local", `${instr.index}`);
  return type;
}

export function validateLocalGet(state: FuncState, instr: Instruction): void {
  state.push(localType(state, instr));
}

export function validateLocalSet(state: FuncState, instr: Instruction): void {
  state.popExpect(localType(state, instr));
}

export function validateLocalTee(state: FuncState, instr: Instruction): void {
  const type = localType(state, instr);
  state.popExpect(type);
  state.push(type);
}

function globalType(state: FuncState, instr: Instruction) {
  const type = state.context.module.globalTypes[instr.index];
  if (type === undefined) state.fail("unknown global", `${instr.index}`);
  return type;
}

export function validateGlobalGet(state: FuncState, instr: Instruction): void {
  state.push(TYPE_CODE[globalType(state, instr).valType]);
}

export function validateGlobalSet(state: FuncState, instr: Instruction): void {
  const type = globalType(state, instr);
  if (!type.mutable) state.fail("global is immutable", `${instr.index}`);
  state.popExpect(TYPE_CODE[type.valType]);
}

export function validateRefNull(state: FuncState, instr: Instruction): void {
  state.push(TYPE_CODE[instr.valTypes[0]!]);
}

export function validateRefIsNull(state: FuncState): void {
  const type = state.pop();
  if (!isRef(type)) {
    state.fail("type mismatch", `ref.is_null needs a reference, found ${typeName(type)}`);
  }
  state.push(I32);
}

export function validateRefFunc(state: FuncState, instr: Instruction): void {
  if (state.context.module.funcTypeIdxs[instr.index] === undefined) {
    state.fail("unknown function", `${instr.index}`);
  }
  if (!state.context.refs.has(instr.index)) {
    state.fail("undeclared function reference", `${instr.index}`);
  }
  state.push(FUNCREF);
}
