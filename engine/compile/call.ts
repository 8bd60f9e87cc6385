/**
 * Lowering of calls (spec 4.4.8 `call`, `call_indirect`) and the runtime calls other
 * families share (libcalls).
 *
 * Every call spills all registers first: the allocatable pools include caller-saved
 * registers, and a merge-free "everything in its slot" state makes argument set-up a plain
 * sequence of loads. A multi-value callee writes its results straight into the spill slots
 * its results take on the value stack (the results area is `&slot[first]`).
 *
 * - `call` of a defined function: a direct call to its symbol, with our vmctx.
 * - `call` of an import and `call_indirect`: through a `struct ingot_func` record, whose
 *   address travels in the masm's `funcRecordReg` (see `callFuncRecord`).
 *
 * @module
 */

import { FUNC, offsetOf, POINTER_SIZE, TABLE } from "../abi/mod.ts";
import { InternalError } from "../errors.ts";
import type { FuncType, Instruction, ValType } from "../wasm/syntax.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import { constBits, sizeOf } from "./_values.ts";
import { callLayoutOf } from "./_call_layout.ts";

const U32 = { bytes: 4, float: false, size: 32, signed: false } as const;

/** How a Wasm-convention call reaches its callee. */
type Callee = { readonly symbol: string } | { readonly record: true };

/** Calls `type` with its arguments on top of the stack, pushing its results. */
export function emitWasmCall(fc: FuncCompiler, type: FuncType, callee: Callee): void {
  const { masm, stack } = fc;
  const layout = callLayoutOf(type);
  stack.spillAll();
  const base = stack.height - type.params.length;
  if (layout.stackBytes > 0) {
    masm.adjustStack(layout.stackBytes);
    stack.spOffset = layout.stackBytes;
  }
  layout.params.forEach((location, i) => {
    const entry = stack.entry(base + i);
    if (location.kind === "gpr") stack.loadInto(entry, base + i, fc.intArgReg(location.reg));
    else if (location.kind === "xmm") stack.loadInto(entry, base + i, masm.floatArg(location.reg));
    else {
      const address = fc.ctx.addresses.slot(location.offset);
      if (entry.loc === "const" && entry.type !== "v128") {
        masm.storeImm(64, address, constBits(entry));
      } else stack.storeEntry(base + i, address);
    }
  });
  if (layout.resultsArea) masm.loadAddress(masm.intArg(1), stack.slot(base));
  if ("symbol" in callee) {
    masm.move(64, masm.intArg(0), masm.vmctx);
    masm.callSymbol(callee.symbol);
  } else masm.callFuncRecord();
  if (layout.stackBytes > 0) {
    masm.adjustStack(-layout.stackBytes);
    stack.spOffset = 0;
  }
  stack.drop(type.params.length);
  pushResults(fc, type.results, layout.resultsArea);
}

function pushResults(fc: FuncCompiler, results: readonly ValType[], area: boolean): void {
  if (area) {
    for (const type of results) fc.stack.pushSlot(type);
    return;
  }
  const type = results[0];
  if (type === undefined) return;
  const reg = fc.stack.allocFor(type);
  const from = fc.isFloat(type) ? fc.masm.floatResult : fc.masm.intResult;
  fc.masm.move(sizeOf(type), reg, from);
  fc.stack.pushReg(type, reg);
}

/**
 * Calls runtime function `symbol(vmctx, immediates..., operands...)`, taking `operands`
 * values off the stack, and pushes its result when `result` is given.
 */
export function emitLibcall(
  fc: FuncCompiler,
  symbol: string,
  call: { immediates: readonly number[]; operands: number; result?: ValType },
): void {
  const { masm, stack } = fc;
  stack.spillAll();
  masm.move(64, masm.intArg(0), masm.vmctx);
  call.immediates.forEach((value, i) => masm.moveImm(32, masm.intArg(1 + i), BigInt(value)));
  const base = stack.height - call.operands;
  for (let i = 0; i < call.operands; i++) {
    const reg = masm.intArg(1 + call.immediates.length + i);
    stack.loadInto(stack.entry(base + i), base + i, reg);
  }
  stack.drop(call.operands);
  masm.callSymbol(symbol);
  if (call.result !== undefined) pushResults(fc, [call.result], false);
}

/** Calls a one-operand float runtime function (rounding without SSE4.1). */
export function emitFloatLibcall(fc: FuncCompiler, symbol: string, type: ValType): void {
  const { masm, stack } = fc;
  stack.spillAll();
  stack.loadInto(stack.top(), stack.height - 1, masm.floatArg(0));
  stack.drop(1);
  masm.callSymbol(symbol);
  pushResults(fc, [type], false);
}

function funcType(fc: FuncCompiler, typeIdx: number | undefined): FuncType {
  const type = typeIdx === undefined ? undefined : fc.ctx.module.types[typeIdx];
  if (type === undefined) throw new InternalError(`No type ${typeIdx}`);
  return type;
}

function lowerCall(fc: FuncCompiler, instr: Instruction): void {
  const { module, layout } = fc.ctx;
  const type = funcType(fc, module.funcTypeIdxs[instr.index]);
  if (instr.index >= module.importedFuncs) {
    emitWasmCall(fc, type, { symbol: fc.ctx.funcSymbol(instr.index) });
    return;
  }
  fc.stack.spillAll();
  const record = fc.masm.funcRecordReg;
  fc.masm.loadPtr(record, fc.vmctxRegion(layout.funcRefs, instr.index, POINTER_SIZE));
  emitWasmCall(fc, type, { record: true });
}

function lowerCallIndirect(fc: FuncCompiler, instr: Instruction): void {
  const { masm, stack } = fc;
  const layout = fc.ctx.layout;
  const type = funcType(fc, instr.index);
  const index = stack.popReg();
  stack.spillAll();
  const scratch = stack.alloc(false);
  const record = masm.funcRecordReg;
  masm.zeroExtend32(index);
  masm.loadPtr(record, fc.vmctxRegion(layout.tables, instr.index2, POINTER_SIZE));
  masm.load(U32, scratch, { base: record, disp: offsetOf(TABLE, "size") });
  masm.branchIf("ge_u", 32, index, { reg: scratch }, fc.trap("UNDEFINED_ELEMENT"));
  masm.loadPtr(record, { base: record, disp: offsetOf(TABLE, "elements") });
  masm.loadPtr(record, { base: record, index, scale: 8, disp: 0 });
  masm.branchIf("eq", 64, record, { imm: 0 }, fc.trap("UNINITIALIZED_ELEMENT"));
  masm.load(U32, scratch, { base: record, disp: offsetOf(FUNC, "type_id") });
  masm.load(U32, index, fc.vmctxRegion(layout.typeIds, instr.index, 4));
  masm.branchIf("ne", 32, scratch, { reg: index }, fc.trap("INDIRECT_TYPE_MISMATCH"));
  stack.free(scratch);
  stack.free(index);
  emitWasmCall(fc, type, { record: true });
}

/** The call lowerings, by mnemonic. */
export const CALL_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ["call", lowerCall],
  ["call_indirect", lowerCallIndirect],
]);
