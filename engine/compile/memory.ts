/**
 * Lowering of the memory instructions (spec 4.4.7 "Memory Instructions"): loads and stores of
 * every width, memory.size/grow/fill/copy/init and data.drop.
 *
 * An effective address is `memory_base + zero_extend(addr) + offset`. With explicit bounds
 * checks, `addr + offset + bytes <= memory_size` is checked first in 64-bit arithmetic (it
 * cannot overflow); with guard pages the access itself may fault, and its code offset is
 * recorded as a trap site. An offset that does not fit a signed 32-bit displacement is added
 * to the address with a 64-bit add.
 *
 * @module
 */

import type { Instruction, ValType } from "../wasm/syntax.ts";
import { emitLibcall } from "./call.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import type { AccessKind, Address, Reg } from "./masm.ts";

/** One access row: mnemonic, bytes, value type, sign-extending. */
type AccessRow = readonly [string, 1 | 2 | 4 | 8 | 16, ValType, boolean];

// deno-fmt-ignore
const LOADS: readonly AccessRow[] = [
  ["i32.load", 4, "i32", false], ["i64.load", 8, "i64", false],
  ["f32.load", 4, "f32", false], ["f64.load", 8, "f64", false],
  ["v128.load", 16, "v128", false],
  ["i32.load8_s", 1, "i32", true], ["i32.load8_u", 1, "i32", false],
  ["i32.load16_s", 2, "i32", true], ["i32.load16_u", 2, "i32", false],
  ["i64.load8_s", 1, "i64", true], ["i64.load8_u", 1, "i64", false],
  ["i64.load16_s", 2, "i64", true], ["i64.load16_u", 2, "i64", false],
  ["i64.load32_s", 4, "i64", true], ["i64.load32_u", 4, "i64", false],
];

// deno-fmt-ignore
const STORES: readonly AccessRow[] = [
  ["i32.store", 4, "i32", false], ["i64.store", 8, "i64", false],
  ["f32.store", 4, "f32", false], ["f64.store", 8, "f64", false],
  ["v128.store", 16, "v128", false],
  ["i32.store8", 1, "i32", false], ["i32.store16", 2, "i32", false],
  ["i64.store8", 1, "i64", false], ["i64.store16", 2, "i64", false],
  ["i64.store32", 4, "i64", false],
];

function accessKind(row: AccessRow): AccessKind {
  const [, bytes, type, signed] = row;
  const float = type === "f32" || type === "f64" || type === "v128";
  return { bytes, float, size: type === "i32" || type === "f32" ? 32 : 64, signed };
}

const MAX_DISP = 2 ** 31 - 1;

/**
 * The address of an access of `bytes` at `addr + offset` (checked when bounds checks are
 * explicit). `base` receives `memory_base`.
 */
export function heapAddress(
  fc: FuncCompiler,
  addr: Reg,
  base: Reg,
  offset: number,
  bytes: number,
): Address {
  const { masm } = fc;
  masm.zeroExtend32(addr);
  if (fc.ctx.settings.boundsChecks === "explicit") {
    masm.boundsCheck(addr, offset + bytes, fc.memorySize(), fc.memoryOobTrap());
  }
  masm.loadPtr(base, fc.memoryBase());
  if (offset <= MAX_DISP) return fc.ctx.addresses.indexed(base, addr, offset);
  masm.addImm64(addr, offset);
  return fc.ctx.addresses.indexed(base, addr, 0);
}

/** Records the access at `offset` as a trap site when guard pages keep accesses in bounds. */
export function recordSite(fc: FuncCompiler, offset: number): void {
  if (fc.ctx.settings.boundsChecks === "guard-pages") fc.trapSite(offset, "MEMORY_OOB");
}

function loadLowering(row: AccessRow): Lowering {
  const kind = accessKind(row);
  const type = row[2];
  return (fc, instr) => {
    const { stack } = fc;
    const addr = stack.popReg();
    const base = stack.alloc(false);
    const address = heapAddress(fc, addr, base, instr.memOffset, kind.bytes);
    const dst = kind.float ? stack.alloc(true) : addr;
    recordSite(fc, fc.masm.load(kind, dst, address));
    stack.free(base);
    if (dst !== addr) stack.free(addr);
    stack.pushReg(type, dst);
  };
}

function storeLowering(row: AccessRow): Lowering {
  const kind = accessKind(row);
  return (fc, instr) => {
    const { stack } = fc;
    const value = stack.popReg();
    const addr = stack.popReg();
    const base = stack.alloc(false);
    const address = heapAddress(fc, addr, base, instr.memOffset, kind.bytes);
    recordSite(fc, fc.masm.store(kind, address, value));
    stack.free(base);
    stack.free(addr);
    stack.free(value);
  };
}

const U64 = { bytes: 8, float: false, size: 64, signed: false } as const;
const PAGE_SHIFT = 16;

function lowerMemorySize(fc: FuncCompiler): void {
  const dst = fc.stack.alloc(false);
  fc.masm.load(U64, dst, fc.memorySize());
  fc.masm.intShift("shr_u", 64, dst, { imm: PAGE_SHIFT });
  fc.stack.pushReg("i32", dst);
}

const libcall = (symbol: string, operands: number, result?: ValType): Lowering => (fc) =>
  emitLibcall(
    fc,
    symbol,
    result === undefined ? { immediates: [], operands } : {
      immediates: [],
      operands,
      result,
    },
  );

function lowerMemoryInit(fc: FuncCompiler, instr: Instruction): void {
  emitLibcall(fc, "ingot_memory_init", { immediates: [instr.index], operands: 3 });
}

function lowerDataDrop(fc: FuncCompiler, instr: Instruction): void {
  emitLibcall(fc, "ingot_data_drop", { immediates: [instr.index], operands: 0 });
}

/** The memory lowerings, by mnemonic. */
export const MEMORY_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ...LOADS.map((row): [string, Lowering] => [row[0], loadLowering(row)]),
  ...STORES.map((row): [string, Lowering] => [row[0], storeLowering(row)]),
  ["memory.size", lowerMemorySize],
  ["memory.grow", libcall("ingot_memory_grow", 1, "i32")],
  ["memory.fill", libcall("ingot_memory_fill", 3)],
  ["memory.copy", libcall("ingot_memory_copy", 3)],
  ["memory.init", lowerMemoryInit],
  ["data.drop", lowerDataDrop],
]);
