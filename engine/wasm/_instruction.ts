/**
 * The instruction record the operator reader fills, and independent copies of it: the reader
 * reuses one mutable `Slot` per body, so an instruction to keep is copied (`copyInstruction`).
 *
 * @module
 */

import { type ImmediateKind, type OpcodeRow, OPCODES } from "./opcodes.ts";
import type { BlockType, Instruction, ValType } from "./syntax.ts";

const NO_LABELS: readonly number[] = Object.freeze([]);
const NO_TYPES: readonly ValType[] = Object.freeze([]);

/** The mutable instruction the reader fills. */
export class Slot implements Instruction {
  op: OpcodeRow = OPCODES[0]!;
  offset = 0;
  index = 0;
  index2 = 0;
  value = 0;
  value64 = 0n;
  align = 0;
  memOffset = 0;
  blockType: BlockType = undefined;
  labels: readonly number[] = NO_LABELS;
  valTypes: readonly ValType[] = NO_TYPES;
  bytes: Uint8Array | undefined = undefined;
}

/** The `Instruction` fields each immediate kind fills (besides `op` and `offset`). */
const FIELDS_BY_IMMEDIATE: Readonly<Record<ImmediateKind, readonly (keyof Slot)[]>> = {
  "none": [],
  "blocktype": ["blockType"],
  "labelidx": ["index"],
  "br_table": ["labels", "index"],
  "funcidx": ["index"],
  "call_indirect": ["index", "index2"],
  "localidx": ["index"],
  "globalidx": ["index"],
  "tableidx": ["index"],
  "elemidx": ["index"],
  "dataidx": ["index"],
  "select_t": ["valTypes"],
  "reftype": ["valTypes"],
  "memarg": ["align", "memOffset"],
  "memarg_lane": ["align", "memOffset", "index"],
  "memidx": ["index"],
  "memory.copy": [],
  "memory.init": ["index"],
  "table.init": ["index", "index2"],
  "table.copy": ["index", "index2"],
  "i32": ["value"],
  "i64": ["value64"],
  "f32": ["value"],
  "f64": ["value64"],
  "v128": ["bytes"],
  "shuffle": ["bytes"],
  "lane": ["index"],
};

/**
 * A fresh, independent copy of `instr` (the reader reuses its own), with the fields its
 * immediate kind does not use set to their defaults, so equal instructions compare equal.
 */
export function copyInstruction(instr: Instruction): Instruction {
  const copy = new Slot();
  copy.op = instr.op;
  copy.offset = instr.offset;
  const target = copy as unknown as Record<string, unknown>;
  for (const field of FIELDS_BY_IMMEDIATE[instr.op.immediate]) target[field] = instr[field];
  return { ...copy };
}

/** A fresh instruction of `op` with the given immediates (others at their defaults). */
export function makeInstruction(
  op: OpcodeRow,
  offset: number,
  immediates: Partial<Instruction> = {},
): Instruction {
  const slot = Object.assign(new Slot(), immediates);
  slot.op = op;
  slot.offset = offset;
  return copyInstruction(slot);
}
