/**
 * Lowering of the parametric and variable instructions (spec 4.4.4 "Parametric
 * Instructions", 4.4.5 "Variable Instructions"): drop, select, local.get/set/tee and
 * global.get/set. Locals live in frame cells; defined globals in 16-byte vmctx cells;
 * imported globals behind a pointer in the vmctx.
 *
 * @module
 */

import type { Instruction } from "../wasm/syntax.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import type { Address, Reg } from "./masm.ts";
import { kindOf, sizeOf } from "./_values.ts";
import { GLOBAL_CELL_SIZE, POINTER_SIZE } from "../abi/mod.ts";

function lowerDrop(fc: FuncCompiler): void {
  fc.stack.drop(1);
}

function lowerSelect(fc: FuncCompiler): void {
  const stack = fc.stack;
  const cond = stack.popReg();
  const other = stack.popReg();
  const type = stack.top().type;
  const dst = stack.popReg();
  fc.masm.select(sizeOf(type), dst, other, cond);
  stack.free(other);
  stack.free(cond);
  stack.pushReg(type, dst);
}

function lowerLocalGet(fc: FuncCompiler, instr: Instruction): void {
  const local = fc.local(instr.index);
  const reg = fc.stack.alloc(local.kind.float);
  fc.masm.load(local.kind, reg, local.address);
  fc.stack.pushReg(local.type, reg);
}

/** Stores the top of the stack to `address`, leaving it on the stack. */
function storeTop(fc: FuncCompiler, address: Address): void {
  fc.stack.storeEntry(fc.stack.height - 1, address);
}

function lowerLocalSet(fc: FuncCompiler, instr: Instruction): void {
  storeTop(fc, fc.local(instr.index).address);
  fc.stack.drop(1);
}

function lowerLocalTee(fc: FuncCompiler, instr: Instruction): void {
  storeTop(fc, fc.local(instr.index).address);
}

/** The cell of global `index`; `pointer` is a register to hold an imported global's address. */
function globalCell(fc: FuncCompiler, index: number, pointer: () => Reg): Address {
  const { module } = fc.ctx;
  const layout = fc.ctx.layout;
  if (index >= module.importedGlobals) {
    return fc.vmctxRegion(layout.globals, index - module.importedGlobals, GLOBAL_CELL_SIZE);
  }
  const reg = pointer();
  fc.masm.loadPtr(reg, fc.vmctxRegion(layout.globalPtrs, index, POINTER_SIZE));
  return { base: reg, index: undefined, scale: undefined, disp: 0 };
}

function globalType(fc: FuncCompiler, index: number) {
  return fc.ctx.module.globalTypes[index]!.valType;
}

function lowerGlobalGet(fc: FuncCompiler, instr: Instruction): void {
  const type = globalType(fc, instr.index);
  const dst = fc.stack.allocFor(type);
  let temp: Reg | undefined;
  const cell = globalCell(fc, instr.index, () => {
    temp = fc.isFloat(type) ? fc.stack.alloc(false) : dst;
    return temp;
  });
  fc.masm.load(kindOf(type), dst, cell);
  if (temp !== undefined && temp !== dst) fc.stack.free(temp);
  fc.stack.pushReg(type, dst);
}

function lowerGlobalSet(fc: FuncCompiler, instr: Instruction): void {
  const type = globalType(fc, instr.index);
  const value = fc.stack.popReg();
  let temp: Reg | undefined;
  const cell = globalCell(fc, instr.index, () => (temp = fc.stack.alloc(false)));
  fc.masm.store(kindOf(type), cell, value);
  if (temp !== undefined) fc.stack.free(temp);
  fc.stack.free(value);
}

/** The parametric and variable lowerings, by mnemonic. */
export const VARIABLE_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ["drop", lowerDrop],
  ["select", lowerSelect],
  ["select_t", lowerSelect],
  ["local.get", lowerLocalGet],
  ["local.set", lowerLocalSet],
  ["local.tee", lowerLocalTee],
  ["global.get", lowerGlobalGet],
  ["global.set", lowerGlobalSet],
]);
