/**
 * The side conditions of memory, table and SIMD lane instructions (spec 3.3.3 "Vector
 * Instructions", 3.3.6 "Table Instructions", 3.3.7 "Memory Instructions"): index spaces,
 * alignment and lane bounds. Table ops whose operand types depend on the table are typed here;
 * the others then take their fixed signature from the opcode table.
 *
 * @module
 */

import { DecodeError } from "../errors.ts";
import { type FuncState, I32, TYPE_CODE } from "./_func_state.ts";
import { type OpcodeRow, OPCODES } from "./opcodes.ts";
import type { Instruction, TableType } from "./syntax.ts";

/** Number of lanes a lane immediate indexes, by opcode id (0 for ops without one). */
const LANE_COUNTS: readonly number[] = OPCODES.map(laneCount);

function laneCount(row: OpcodeRow): number {
  if (row.immediate === "memarg_lane") return 16 >> row.naturalAlign!;
  if (row.immediate === "shuffle") return 32;
  if (row.immediate !== "lane") return 0;
  const lanes = /^[if]\d+x(\d+)\./.exec(row.mnemonic)?.[1];
  return Number(lanes);
}

export function checkMemory(state: FuncState): void {
  if (state.context.module.memTypes.length === 0) state.fail("unknown memory", "0");
}

export function checkMemArg(state: FuncState, instr: Instruction): void {
  checkMemory(state);
  if (instr.align > instr.op.naturalAlign!) {
    state.fail("alignment must not be larger than natural", `2**${instr.align}`);
  }
}

export function checkLane(state: FuncState, instr: Instruction): void {
  if (instr.index >= LANE_COUNTS[instr.op.id]!) state.fail("invalid lane index", `${instr.index}`);
}

export function checkMemArgLane(state: FuncState, instr: Instruction): void {
  checkMemArg(state, instr);
  checkLane(state, instr);
}

export function checkShuffle(state: FuncState, instr: Instruction): void {
  for (const lane of instr.bytes!) if (lane >= 32) state.fail("invalid lane index", `${lane}`);
}

export function checkDataIndex(state: FuncState, instr: Instruction): void {
  if (instr.op.immediate === "memory.init") checkMemory(state);
  const module = state.context.module;
  if (instr.index >= module.datas.length) state.fail("unknown data segment", `${instr.index}`);
  if (module.dataCount === undefined) {
    throw new DecodeError("data count section required", { offset: instr.offset });
  }
}

function table(state: FuncState, tableIdx: number): TableType {
  const type = state.context.module.tableTypes[tableIdx];
  if (type === undefined) state.fail("unknown table", `${tableIdx}`);
  return type;
}

function checkElemIndex(state: FuncState, elemIdx: number) {
  const elem = state.context.module.elems[elemIdx];
  if (elem === undefined) state.fail("unknown elem segment", `${elemIdx}`);
  return elem;
}

export function validateTableGet(state: FuncState, instr: Instruction): void {
  const type = table(state, instr.index);
  state.popExpect(I32);
  state.push(TYPE_CODE[type.elemType]);
}

export function validateTableSet(state: FuncState, instr: Instruction): void {
  const type = table(state, instr.index);
  state.popExpect(TYPE_CODE[type.elemType]);
  state.popExpect(I32);
}

export function validateTableGrow(state: FuncState, instr: Instruction): void {
  const type = table(state, instr.index);
  state.popExpect(I32);
  state.popExpect(TYPE_CODE[type.elemType]);
  state.push(I32);
}

export function validateTableFill(state: FuncState, instr: Instruction): void {
  const type = table(state, instr.index);
  state.popExpect(I32);
  state.popExpect(TYPE_CODE[type.elemType]);
  state.popExpect(I32);
}

/** table.size: the table must exist; the opcode table types it. */
export function checkTable(state: FuncState, instr: Instruction): void {
  table(state, instr.index);
}

/** table.copy: both tables exist and hold the same reference type. */
export function checkTableCopy(state: FuncState, instr: Instruction): void {
  const destination = table(state, instr.index);
  const source = table(state, instr.index2);
  if (destination.elemType !== source.elemType) {
    state.fail("type mismatch", `table.copy from ${source.elemType} to ${destination.elemType}`);
  }
}

/** table.init: the table and the segment exist and hold the same reference type. */
export function checkTableInit(state: FuncState, instr: Instruction): void {
  const type = table(state, instr.index2);
  const elem = checkElemIndex(state, instr.index);
  if (elem.type !== type.elemType) {
    state.fail("type mismatch", `table.init of ${elem.type} into ${type.elemType}`);
  }
}

export function checkElemDrop(state: FuncState, instr: Instruction): void {
  checkElemIndex(state, instr.index);
}
