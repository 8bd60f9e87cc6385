/**
 * Lowering of the table instructions (spec 4.4.6 "Table Instructions"). table.get, table.set
 * and table.size read the runtime's `struct ingot_table` inline; table.grow, table.fill,
 * table.copy, table.init and elem.drop call the runtime.
 *
 * @module
 */

import { offsetOf, POINTER_SIZE, TABLE } from "../abi/mod.ts";
import type { Instruction } from "../wasm/syntax.ts";
import { emitLibcall } from "./call.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import type { Address, Reg } from "./masm.ts";

const U32 = { bytes: 4, float: false, size: 32, signed: false } as const;
const REF = { bytes: 8, float: false, size: 64, signed: false } as const;

/** The element `index` of table `tableIdx`, after checking `index < size`. */
function elementAddress(fc: FuncCompiler, tableIdx: number, index: Reg, table: Reg): Address {
  const { masm, stack } = fc;
  masm.zeroExtend32(index);
  masm.loadPtr(table, fc.vmctxRegion(fc.ctx.layout.tables, tableIdx, POINTER_SIZE));
  const size = stack.alloc(false);
  masm.load(U32, size, { base: table, disp: offsetOf(TABLE, "size") });
  masm.branchIf("ge_u", 32, index, { reg: size }, fc.trap("TABLE_OOB"));
  stack.free(size);
  masm.loadPtr(table, { base: table, disp: offsetOf(TABLE, "elements") });
  return { base: table, index, scale: 8, disp: 0 };
}

function lowerTableGet(fc: FuncCompiler, instr: Instruction): void {
  const { stack } = fc;
  const type = fc.ctx.module.tableTypes[instr.index]!.elemType;
  const index = stack.popReg();
  const table = stack.alloc(false);
  fc.masm.loadPtr(index, elementAddress(fc, instr.index, index, table));
  stack.free(table);
  stack.pushReg(type, index);
}

function lowerTableSet(fc: FuncCompiler, instr: Instruction): void {
  const { stack } = fc;
  const value = stack.popReg();
  const index = stack.popReg();
  const table = stack.alloc(false);
  fc.masm.store(REF, elementAddress(fc, instr.index, index, table), value);
  stack.free(table);
  stack.free(index);
  stack.free(value);
}

function lowerTableSize(fc: FuncCompiler, instr: Instruction): void {
  const dst = fc.stack.alloc(false);
  fc.masm.loadPtr(dst, fc.vmctxRegion(fc.ctx.layout.tables, instr.index, POINTER_SIZE));
  fc.masm.load(U32, dst, { base: dst, disp: offsetOf(TABLE, "size") });
  fc.stack.pushReg("i32", dst);
}

/** The table lowerings, by mnemonic. */
export const TABLE_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ["table.get", lowerTableGet],
  ["table.set", lowerTableSet],
  ["table.size", lowerTableSize],
  [
    "table.grow",
    (fc, instr) =>
      emitLibcall(fc, "ingot_table_grow", {
        immediates: [instr.index],
        operands: 2,
        result: "i32",
      }),
  ],
  [
    "table.fill",
    (fc, instr) => emitLibcall(fc, "ingot_table_fill", { immediates: [instr.index], operands: 3 }),
  ],
  [
    "table.copy",
    (fc, instr) =>
      emitLibcall(fc, "ingot_table_copy", { immediates: [instr.index, instr.index2], operands: 3 }),
  ],
  [
    "table.init",
    (fc, instr) =>
      emitLibcall(fc, "ingot_table_init", { immediates: [instr.index2, instr.index], operands: 3 }),
  ],
  [
    "elem.drop",
    (fc, instr) => emitLibcall(fc, "ingot_elem_drop", { immediates: [instr.index], operands: 0 }),
  ],
]);
