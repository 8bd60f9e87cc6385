/**
 * Typing of control instructions (spec 3.3.8 "Control Instructions"), on the stacks of the
 * validation algorithm.
 *
 * @module
 */

import {
  codesOf,
  type FuncState,
  I32,
  type TypeCode,
  type TypeCodes,
  typeCodes,
} from "./_func_state.ts";
import type { BlockType, Instruction, ValType } from "./syntax.ts";

const EMPTY: TypeCodes = { params: new Uint8Array(), results: new Uint8Array() };
const SINGLE = new Map<ValType, TypeCodes>();

/** The type a blocktype stands for. */
export function blockFuncType(state: FuncState, blockType: BlockType): TypeCodes {
  if (blockType === undefined) return EMPTY;
  if (typeof blockType === "number") {
    const type = state.context.module.types[blockType];
    if (type === undefined) return state.fail("unknown type", `${blockType}`);
    if (!state.context.module.features.multiValue) {
      if (type.params.length > 0 || type.results.length > 1) state.fail("invalid result arity");
    }
    return typeCodes(type);
  }
  let type = SINGLE.get(blockType);
  if (type === undefined) {
    type = { params: new Uint8Array(), results: codesOf([blockType]) };
    SINGLE.set(blockType, type);
  }
  return type;
}

export function validateBlock(state: FuncState, instr: Instruction): void {
  const type = blockFuncType(state, instr.blockType);
  if (instr.op.code === 0x04) state.popExpect(I32);
  state.popAll(type.params);
  state.pushFrame(instr.op.code === 0x02 ? "block" : instr.op.code === 0x03 ? "loop" : "if", type);
}

export function validateElse(state: FuncState): void {
  const frame = state.popFrame();
  if (frame.kind !== "if") state.fail("type mismatch", "else without if");
  state.pushFrame("else", frame.type);
}

export function validateEnd(state: FuncState): void {
  const frame = state.popFrame();
  if (frame.kind === "if" && !sameTypes(frame.type.params, frame.type.results)) {
    state.fail("type mismatch", "if without else must leave its params");
  }
  state.pushAll(frame.type.results);
}

function sameTypes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((type, i) => type === right[i]);
}

export function validateBr(state: FuncState, instr: Instruction): void {
  state.popAll(state.labelTypes(state.frame(instr.index)));
  state.setUnreachable();
}

export function validateBrIf(state: FuncState, instr: Instruction): void {
  state.popExpect(I32);
  const types = state.labelTypes(state.frame(instr.index));
  state.popAll(types);
  state.pushAll(types);
}

export function validateBrTable(state: FuncState, instr: Instruction): void {
  state.popExpect(I32);
  const defaultTypes = state.labelTypes(state.frame(instr.index));
  const arity = defaultTypes.length;
  for (const label of instr.labels) {
    const types = state.labelTypes(state.frame(label));
    if (types.length !== arity) state.fail("type mismatch", "br_table labels differ in arity");
    if (arity === 0) continue; // (the common case: nothing to check, nor to allocate)
    const popped: TypeCode[] = [];
    for (let i = types.length - 1; i >= 0; i--) popped.push(state.popExpect(types[i]!));
    for (let i = popped.length - 1; i >= 0; i--) state.push(popped[i]!);
  }
  state.popAll(defaultTypes);
  state.setUnreachable();
}

export function validateReturn(state: FuncState): void {
  state.popAll(state.context.results);
  state.setUnreachable();
}

export function validateCall(state: FuncState, instr: Instruction): void {
  const module = state.context.module;
  const typeIdx = module.funcTypeIdxs[instr.index];
  if (typeIdx === undefined) state.fail("unknown function", `${instr.index}`);
  const type = typeCodes(module.types[typeIdx]!);
  state.popAll(type.params);
  state.pushAll(type.results);
}

export function validateCallIndirect(state: FuncState, instr: Instruction): void {
  const module = state.context.module;
  const table = module.tableTypes[instr.index2];
  if (table === undefined) state.fail("unknown table", `${instr.index2}`);
  if (table.elemType !== "funcref") {
    state.fail("type mismatch", "call_indirect needs a funcref table");
  }
  const funcType = module.types[instr.index];
  if (funcType === undefined) state.fail("unknown type", `${instr.index}`);
  const type = typeCodes(funcType);
  state.popExpect(I32);
  state.popAll(type.params);
  state.pushAll(type.results);
}
