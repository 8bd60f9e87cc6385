/**
 * Lowering of the vector memory instructions (spec 4.4.7 "Memory Instructions", the `v128`
 * loads and stores other than `v128.load`/`v128.store`, which are rows of `memory.ts`):
 * extending, splat and zero-filling loads, and lane loads and stores. Each is bounds-checked
 * for the bytes it touches, and its accessing instruction is a guard-page trap site.
 *
 * @module
 */

import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import { heapAddress, recordSite } from "./memory.ts";
import type { SimdOp } from "./masm.ts";

/** Loads into a fresh v128: mnemonic and bytes read. */
// deno-fmt-ignore
const LOADS: readonly (readonly [SimdOp, 1 | 2 | 4 | 8])[] = [
  ["v128.load8x8_s", 8], ["v128.load8x8_u", 8], ["v128.load16x4_s", 8], ["v128.load16x4_u", 8],
  ["v128.load32x2_s", 8], ["v128.load32x2_u", 8],
  ["v128.load8_splat", 1], ["v128.load16_splat", 2], ["v128.load32_splat", 4],
  ["v128.load64_splat", 8], ["v128.load32_zero", 4], ["v128.load64_zero", 8],
];

/** Lane accesses: mnemonic, bytes, store. */
// deno-fmt-ignore
const LANE_ACCESSES: readonly (readonly [SimdOp, 1 | 2 | 4 | 8, boolean])[] = [
  ["v128.load8_lane", 1, false], ["v128.load16_lane", 2, false],
  ["v128.load32_lane", 4, false], ["v128.load64_lane", 8, false],
  ["v128.store8_lane", 1, true], ["v128.store16_lane", 2, true],
  ["v128.store32_lane", 4, true], ["v128.store64_lane", 8, true],
];

function loadLowering(op: SimdOp, bytes: number): Lowering {
  return (fc, instr) => {
    const { stack } = fc;
    const addr = stack.popReg();
    const base = stack.alloc(false);
    const address = heapAddress(fc, addr, base, instr.memOffset, bytes);
    const dst = stack.alloc(true);
    recordSite(fc, fc.masm.simdLoad(op, dst, address));
    stack.free(base);
    stack.free(addr);
    stack.pushReg("v128", dst);
  };
}

function laneLowering(bytes: 1 | 2 | 4 | 8, store: boolean): Lowering {
  return (fc: FuncCompiler, instr) => {
    const { stack, masm } = fc;
    const vector = stack.popReg();
    const addr = stack.popReg();
    const base = stack.alloc(false);
    const address = heapAddress(fc, addr, base, instr.memOffset, bytes);
    const at = store
      ? masm.simdStoreLane(bytes, instr.index, address, vector)
      : masm.simdLoadLane(bytes, instr.index, vector, address);
    recordSite(fc, at);
    stack.free(base);
    stack.free(addr);
    if (store) stack.free(vector);
    else stack.pushReg("v128", vector);
  };
}

/** The vector memory lowerings, by mnemonic. */
export const SIMD_MEMORY_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ...LOADS.map(([op, bytes]): [string, Lowering] => [op, loadLowering(op, bytes)]),
  ...LANE_ACCESSES.map(([op, bytes, store]): [string, Lowering] => [
    op,
    laneLowering(bytes, store),
  ]),
]);
