/**
 * Lowering of the reference instructions (spec 4.4.2 "Reference Instructions"). A funcref is
 * the address of a `struct ingot_func` record (the vmctx lists one per function), an
 * externref is the host's opaque pointer, and null is 0 for both.
 *
 * @module
 */

import { POINTER_SIZE } from "../abi/mod.ts";
import type { Instruction } from "../wasm/syntax.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";

function lowerRefNull(fc: FuncCompiler, instr: Instruction): void {
  fc.stack.pushConst(instr.valTypes[0] ?? "funcref", 0n);
}

function lowerRefIsNull(fc: FuncCompiler): void {
  const reg = fc.stack.popReg();
  fc.masm.intEqz(64, reg, reg);
  fc.stack.pushReg("i32", reg);
}

function lowerRefFunc(fc: FuncCompiler, instr: Instruction): void {
  const dst = fc.stack.alloc(false);
  fc.masm.loadPtr(dst, fc.vmctxRegion(fc.ctx.layout.funcRefs, instr.index, POINTER_SIZE));
  fc.stack.pushReg("funcref", dst);
}

/** The reference lowerings, by mnemonic. */
export const REFERENCE_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ["ref.null", lowerRefNull],
  ["ref.is_null", lowerRefIsNull],
  ["ref.func", lowerRefFunc],
]);
