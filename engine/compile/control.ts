/**
 * Lowering of the control instructions (spec 4.4.8 "Control Instructions"): block, loop, if,
 * else, end, br, br_if, br_table, return, unreachable, nop.
 *
 * Merge rule: the values a label receives sit in the spill slots just above the label's
 * frame height, and every entry below is a constant or in its slot (`open` spills all
 * registers). Branches store their values there; the label's continuation starts from that
 * state.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { BlockType, FuncType, Instruction, ValType } from "../wasm/syntax.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import type { Label } from "./masm.ts";
import { slotOffsets } from "./_values.ts";

/** One entry of the control stack. */
export interface Control {
  readonly kind: "block" | "loop" | "if" | "func";
  /** Stack height below the frame's parameters. */
  readonly height: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Branch target: the end (block, if, func) or the head (loop). */
  readonly label: Label;
  /** The else branch of an `if`, until `else` binds it. */
  elseLabel: Label | undefined;
  /** Whether some branch targets `label` (block, if, func). */
  branched: boolean;
}

const NONE: readonly ValType[] = [];

/** `[] -> []`, and `[] -> [t]` for each valtype `t`: shared (a type is a read-only value). */
const VOID: FuncType = { params: NONE, results: NONE };
const SINGLE_RESULT: Readonly<Record<ValType, FuncType>> = {
  i32: { params: NONE, results: ["i32"] },
  i64: { params: NONE, results: ["i64"] },
  f32: { params: NONE, results: ["f32"] },
  f64: { params: NONE, results: ["f64"] },
  v128: { params: NONE, results: ["v128"] },
  funcref: { params: NONE, results: ["funcref"] },
  externref: { params: NONE, results: ["externref"] },
};

/** The function type a block type stands for. */
export function blockSignature(fc: FuncCompiler, blockType: BlockType): FuncType {
  if (blockType === undefined) return VOID;
  if (typeof blockType === "number") {
    const type = fc.ctx.module.types[blockType];
    if (type === undefined) throw new InternalError(`No type ${blockType}`);
    return type;
  }
  return SINGLE_RESULT[blockType];
}

/** Pushes the function's own frame. */
export function openFunction(fc: FuncCompiler): void {
  fc.control.push({
    kind: "func",
    height: 0,
    params: NONE,
    results: fc.funcType.results,
    label: fc.masm.newLabel(),
    elseLabel: undefined,
    branched: false,
  });
}

/** The frame `depth` labels out. */
export function frameAt(fc: FuncCompiler, depth: number): Control {
  const frame = fc.control[fc.control.length - 1 - depth];
  if (frame === undefined) throw new InternalError(`No label ${depth}`);
  return frame;
}

/** The values a branch to `frame` carries. */
function arity(frame: Control): readonly ValType[] {
  return frame.kind === "loop" ? frame.params : frame.results;
}

/** Opens a block-like frame: spills everything, parameters to their own slots. */
function open(fc: FuncCompiler, kind: Control["kind"], instr: Instruction): Control {
  const { params, results } = blockSignature(fc, instr.blockType);
  const stack = fc.stack;
  stack.spillAll();
  const height = stack.height - params.length;
  for (let i = height; i < stack.height; i++) stack.spillAt(i, true);
  const frame: Control = {
    kind,
    height,
    params,
    results,
    label: fc.masm.newLabel(),
    elseLabel: undefined,
    branched: false,
  };
  fc.control.push(frame);
  return frame;
}

/** Sends the top values to `frame`'s label (they stay on the compile-time stack). */
function branchTo(fc: FuncCompiler, frame: Control): void {
  const values = arity(frame);
  fc.stack.storeTopToSlots(values.length, frame.height);
  if (frame.kind !== "loop") frame.branched = true;
  fc.masm.jump(frame.label);
}

/** Marks the rest of the current block unreachable. */
function dead(fc: FuncCompiler): void {
  fc.reachable = false;
}

function lowerBlock(fc: FuncCompiler, instr: Instruction): void {
  open(fc, "block", instr);
}

function lowerLoop(fc: FuncCompiler, instr: Instruction): void {
  const frame = open(fc, "loop", instr);
  fc.masm.bind(frame.label);
}

function lowerIf(fc: FuncCompiler, instr: Instruction): void {
  const cond = fc.stack.popReg();
  const frame = open(fc, "if", instr);
  frame.elseLabel = fc.masm.newLabel();
  fc.masm.branchIfZero(true, cond, frame.elseLabel);
  fc.stack.free(cond);
}

/** `else`, reachable or not. */
export function lowerElse(fc: FuncCompiler): void {
  const frame = frameAt(fc, 0);
  if (fc.reachable) branchTo(fc, frame);
  if (frame.elseLabel === undefined) throw new InternalError("else without if");
  fc.masm.bind(frame.elseLabel);
  frame.elseLabel = undefined;
  fc.stack.resetTo(frame.height, frame.params);
  fc.reachable = true;
}

/** `end`, reachable or not. */
export function lowerEnd(fc: FuncCompiler): void {
  const frame = frameAt(fc, 0);
  const stack = fc.stack;
  const fallsThrough = fc.reachable;
  if (frame.kind === "func") {
    lowerReturnSequence(fc, frame, fallsThrough);
    fc.control.pop();
    return;
  }
  if (fallsThrough && frame.kind !== "loop") {
    if (frame.branched || frame.elseLabel !== undefined) {
      stack.storeTopToSlots(frame.results.length, frame.height);
      frame.branched = true;
    }
  }
  if (frame.elseLabel !== undefined) {
    fc.masm.bind(frame.elseLabel);
    frame.branched = true;
  }
  fc.control.pop();
  if (frame.kind !== "loop" && frame.branched) {
    fc.masm.bind(frame.label);
    stack.resetTo(frame.height, frame.results);
    fc.reachable = true;
  } else if (!fallsThrough) {
    stack.resetTo(frame.height, NONE);
    fc.reachable = false;
  }
  // A loop or a block only left by falling through keeps its results where they are.
}

/** The function's end: results to the return registers or the results area, then return. */
function lowerReturnSequence(fc: FuncCompiler, frame: Control, fallsThrough: boolean): void {
  const stack = fc.stack;
  const count = frame.results.length;
  if (frame.branched) {
    if (fallsThrough) stack.storeTopToSlots(count, 0);
    fc.masm.bind(frame.label);
    stack.resetTo(0, frame.results);
  } else if (!fallsThrough) {
    stack.resetTo(0, NONE);
    return;
  }
  emitReturn(fc, count);
}

/** Moves the top `count` values to where the caller expects them and leaves the frame. */
function emitReturn(fc: FuncCompiler, count: number): void {
  const { masm, stack } = fc;
  if (fc.resultsArea !== undefined) {
    const area = masm.intResult;
    stack.spillAll();
    masm.loadPtr(area, fc.resultsArea);
    const first = stack.height - count;
    const types: ValType[] = [];
    for (let i = first; i < stack.height; i++) types.push(stack.entry(i).type);
    const offsets = slotOffsets(types);
    offsets.forEach((disp, i) => stack.storeEntry(first + i, { base: area, disp }));
  } else if (count === 1) {
    const entry = stack.top();
    stack.loadInto(
      entry,
      stack.height - 1,
      fc.isFloat(entry.type) ? masm.floatResult : masm.intResult,
    );
  }
  stack.drop(count);
  masm.leaveFrame();
}

function lowerBr(fc: FuncCompiler, instr: Instruction): void {
  branchTo(fc, frameAt(fc, instr.index));
  dead(fc);
}

function lowerBrIf(fc: FuncCompiler, instr: Instruction): void {
  const frame = frameAt(fc, instr.index);
  const cond = fc.stack.popReg();
  const count = arity(frame).length;
  if (fc.stack.topInSlots(count, frame.height)) {
    if (frame.kind !== "loop") frame.branched = true;
    fc.masm.branchIfZero(false, cond, frame.label);
  } else {
    const skip = fc.masm.newLabel();
    fc.masm.branchIfZero(true, cond, skip);
    branchTo(fc, frame);
    fc.masm.bind(skip);
  }
  fc.stack.free(cond);
}

/**
 * One stub per distinct target depth, in order of first appearance (the labels, then the
 * default): each stores the branch values and jumps to its frame's label.
 */
function lowerBrTable(fc: FuncCompiler, instr: Instruction): void {
  const index = fc.stack.popReg();
  const stubs: Label[] = []; // by depth (sparse)
  const depths: number[] = []; // the distinct depths, in order of first appearance
  const stubOf = (depth: number) => {
    let stub = stubs[depth];
    if (stub === undefined) {
      stubs[depth] = stub = fc.masm.newLabel();
      depths.push(depth);
    }
    return stub;
  };
  const table = instr.labels.map(stubOf);
  fc.masm.jumpTable(index, table, stubOf(instr.index));
  fc.stack.free(index);
  for (const depth of depths) {
    fc.masm.bind(stubs[depth]!);
    branchTo(fc, frameAt(fc, depth));
  }
  dead(fc);
}

function lowerReturn(fc: FuncCompiler): void {
  branchTo(fc, frameAt(fc, fc.control.length - 1));
  dead(fc);
}

function lowerUnreachable(fc: FuncCompiler): void {
  fc.masm.jump(fc.trap("UNREACHABLE"));
  dead(fc);
}

/** The control lowerings, by mnemonic (`else` and `end` are driven by the body loop). */
export const CONTROL_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ["nop", () => {}],
  ["unreachable", lowerUnreachable],
  ["block", lowerBlock],
  ["loop", lowerLoop],
  ["if", lowerIf],
  ["br", lowerBr],
  ["br_if", lowerBrIf],
  ["br_table", lowerBrTable],
  ["return", lowerReturn],
]);
