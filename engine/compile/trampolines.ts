/**
 * The glue between the array convention and the Wasm convention (engine/abi/callconv.ts):
 *
 * - an **array-call trampoline** `void t(void *vmctx, uint64_t *slots)` per defined function
 *   loads the arguments from the slots, calls the function, and stores its results back
 *   (a multi-value callee writes them straight into the slots, passed as its results area);
 * - a **Wasm-to-array adapter** per imported function is the `wasm_call` the runtime installs
 *   in host-function records. It receives the record's `vmctx` first, and a host record's
 *   `vmctx` is the record itself (harness/runtime/store.c), so the adapter reads `array_call`
 *   from it, spills the arguments to slots, calls `array_call(record, slots)` and loads the
 *   results.
 *
 * @module
 */

import { FUNC, offsetOf } from "../abi/mod.ts";
import { INT_ARG_REGS } from "../abi/mod.ts";
import { InternalError } from "../errors.ts";
import type { FuncType, ValType } from "../wasm/syntax.ts";
import type { Address, MacroAssembler, Reg } from "./masm.ts";
import { callLayoutOf } from "./_call_layout.ts";
import { bytesOf, copyValue, isFloatType, kindOf, SLOT_BYTES, slotOffsets } from "./_values.ts";

function intArgReg(masm: MacroAssembler, name: string): Reg {
  const position = INT_ARG_REGS.indexOf(name);
  if (position < 0) throw new InternalError(`Unknown argument register ${name}`);
  return masm.intArg(position + 1);
}

/** A pool register that is not an argument register: free in glue code. */
function freeReg(masm: MacroAssembler): Reg {
  for (const candidate of masm.gprPool) {
    let argument = false;
    for (let n = 0; n < 6; n++) argument ||= masm.intArg(n) === candidate;
    if (!argument) return candidate;
  }
  throw new InternalError("No non-argument register in the pool");
}

function cell(masm: MacroAssembler): Address {
  return { base: masm.fp, disp: -masm.savedBytes - SLOT_BYTES };
}

/** Emits the array-call trampoline of a function of `type` whose code is `symbol`. */
export function emitTrampoline(masm: MacroAssembler, type: FuncType, symbol: string): void {
  const layout = callLayoutOf(type);
  const offsets = slotOffsets(type.params);
  const frame = masm.enterFrame();
  const slots = freeReg(masm);
  masm.store(kindOf("i64"), cell(masm), masm.intArg(1));
  masm.move(64, slots, masm.intArg(1));
  masm.adjustStack(layout.stackBytes);
  layout.params.forEach((location, i) => {
    const slot = { base: slots, disp: offsets[i]! };
    const kind = kindOf(type.params[i]!);
    if (location.kind === "gpr") masm.load(kind, intArgReg(masm, location.reg), slot);
    else if (location.kind === "xmm") masm.load(kind, masm.floatArg(location.reg), slot);
    else copyValue(masm, type.params[i]!, { base: masm.sp, disp: location.offset }, slot);
  });
  if (layout.resultsArea) masm.move(64, masm.intArg(1), slots);
  masm.move(64, masm.intArg(0), masm.vmctx);
  masm.callSymbol(symbol);
  masm.adjustStack(-layout.stackBytes);
  const result = type.results[0];
  if (!layout.resultsArea && result !== undefined) {
    masm.loadPtr(slots, cell(masm));
    const from = isFloatType(result) ? masm.floatResult : masm.intResult;
    masm.store(kindOf(result), { base: slots, disp: 0 }, from);
  }
  masm.leaveFrame();
  masm.finishFrame(frame, SLOT_BYTES);
}

/** Emits the Wasm-to-array adapter of an imported function of `type`. */
export function emitAdapter(masm: MacroAssembler, type: FuncType): void {
  const layout = callLayoutOf(type);
  const size = (types: readonly ValType[]) => types.reduce((sum, t) => sum + bytesOf(t), 0);
  const bytes = Math.max(size(type.params), size(type.results), SLOT_BYTES);
  const frame = masm.enterFrame();
  const at = (disp: number): Address => ({ base: masm.sp, disp });
  const params = slotOffsets(type.params);
  const results = slotOffsets(type.results);
  const slot = (i: number): Address => at(params[i]!);
  layout.params.forEach((location, i) => {
    const kind = kindOf(type.params[i]!);
    if (location.kind === "gpr") masm.store(kind, slot(i), intArgReg(masm, location.reg));
    else if (location.kind === "xmm") masm.store(kind, slot(i), masm.floatArg(location.reg));
    else copyValue(masm, type.params[i]!, slot(i), { base: masm.fp, disp: 16 + location.offset });
  });
  if (layout.resultsArea) masm.store(kindOf("i64"), cell(masm), masm.intArg(1));
  const target = freeReg(masm);
  masm.loadPtr(target, { base: masm.vmctx, disp: offsetOf(FUNC, "array_call") });
  masm.move(64, masm.intArg(0), masm.vmctx);
  masm.loadAddress(masm.intArg(1), at(0));
  masm.callReg(target);
  const result = type.results[0];
  if (layout.resultsArea) {
    masm.loadPtr(target, cell(masm));
    type.results.forEach((result, i) => {
      copyValue(masm, result, { base: target, disp: results[i]! }, at(results[i]!));
    });
  } else if (result !== undefined) {
    const to = isFloatType(result) ? masm.floatResult : masm.intResult;
    masm.load(kindOf(result), to, at(0));
  }
  masm.leaveFrame();
  masm.finishFrame(frame, bytes + SLOT_BYTES);
}
