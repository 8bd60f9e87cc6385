/**
 * The x86-64 implementation of the baseline compiler's macro-assembler
 * (`engine/compile/masm.ts`) on top of the table-driven `Assembler` (Intel SDM Vol. 2; System
 * V AMD64 psABI §3.2 for the frame and calls).
 *
 * Register roles:
 * - allocatable gprs: rbx, rsi, rdi, r8, r9, r12, r13, r15; floats: xmm0..xmm12;
 * - r14 holds the vmctx for the whole body (moved from rdi by the prologue);
 * - rax, rcx, rdx serve division, shifts and results; r11, xmm13, xmm14 and xmm15 are
 *   scratch;
 * - r10 carries a `struct ingot_func` record's address on calls through records.
 *
 * v128 values live in xmm registers; vector constants sit in a pool of 16-byte-aligned
 * entries after all the code, addressed RIP-relative (`constant`).
 *
 * Frame: `push rbp; mov rbp, rsp`, then rbx, r12, r13, r14, r15 are saved, then a frame of
 * locals and spill slots whose size is patched once the body is compiled.
 *
 * @module
 */

import { FUNC, offsetOf } from "../abi/mod.ts";
import type {
  Address,
  ConvertTraps,
  DivOp,
  FloatBinop,
  FloatCond,
  FloatUnop,
  IntBinop,
  IntCond,
  IntUnop,
  Label,
  MacroAssembler,
  Reg,
  ShiftOp,
  SimdOp,
  Size,
  Src,
  TruncKind,
} from "../compile/masm.ts";
import { gpr, gprOf, immOf, memOf, R14, RCX, RDI, RSI, RSP, xmmOf } from "./_masm_operands.ts";
import { emitDivRem, emitIntUnop, INT_CONDITIONS } from "./_masm_int.ts";
import { emitFloatBinop, emitFloatCompare, emitFloatUnop } from "./_masm_float.ts";
import { emitFloatToInt, emitIntToFloat } from "./_masm_convert.ts";
import { simdBinop, simdBitselect, simdCanonicalizeNan, simdUnop } from "./_masm_simd.ts";
import { intShift as simdIntShift, reduce } from "./_masm_simd_int.ts";
import {
  extractLane,
  loadLane,
  replaceLane,
  shuffle,
  simdLoad,
  splat,
  storeLane,
} from "./_masm_simd_lane.ts";
import { emitBoundsCheck, emitJumpTable, emitSelect } from "./_masm_branch.ts";
import {
  ADD,
  BINOPS,
  CMP,
  INT_ARGS,
  MOV,
  MOVDQU,
  MOVSXD,
  MOVZX,
  SHIFTS,
  TEST,
  UCOMI_SCALAR,
  XORPS,
} from "./_masm_forms.ts";
import { X64MasmCore } from "./_masm_core.ts";

export type { X64MasmOptions } from "./_masm_core.ts";

/** The x86-64 macro-assembler. One instance assembles a whole object's code. */
export class X64MacroAssembler extends X64MasmCore implements MacroAssembler {
  boundsCheck(addr: Reg, end: number, memSize: Address, trap: Label): void {
    emitBoundsCheck(this, addr, end, memSize, trap);
  }

  intBinop(op: IntBinop, size: Size, dst: Reg, src: Src): void {
    const target = gprOf(dst, size);
    if (src.reg !== undefined) this.asm.emitOp(BINOPS[op], target, gprOf(src.reg, size));
    else if (op === "mul") this.asm.emitOp(BINOPS.mul, target, target, immOf(src.imm));
    else this.asm.emitOp(BINOPS[op], target, immOf(src.imm));
  }

  intShift(op: ShiftOp, size: Size, dst: Reg, count: Src): void {
    if (count.reg === undefined) {
      const masked = count.imm & (size - 1);
      if (masked !== 0) this.asm.emitOp(SHIFTS[op], gprOf(dst, size), immOf(masked));
      return;
    }
    this.asm.emitOp(MOV, gpr(RCX, 32), gpr(count.reg, 32));
    this.asm.emitOp(SHIFTS[op], gprOf(dst, size), gpr(RCX, 8));
  }

  intDivRem(
    op: DivOp,
    size: Size,
    dst: Reg,
    divisor: Reg,
    traps: { divByZero: Label; overflow: Label },
  ): void {
    emitDivRem(this.asm, { op, size, dst, divisor, ...traps });
  }

  intUnop(op: IntUnop, size: Size, dst: Reg): void {
    emitIntUnop(this.asm, this.features, op, size, dst);
  }

  intCompare(cond: IntCond, size: Size, dst: Reg, lhs: Reg, rhs: Src): void {
    const right = rhs.reg === undefined ? immOf(rhs.imm) : gprOf(rhs.reg, size);
    this.asm.emitOp(CMP, gprOf(lhs, size), right);
    this.asm.setcc(INT_CONDITIONS[cond], gpr(dst, 8));
    this.asm.emitOp(MOVZX, gpr(dst, 32), gpr(dst, 8));
  }

  intEqz(size: Size, dst: Reg, src: Reg): void {
    this.asm.emitOp(TEST, gprOf(src, size), gprOf(src, size));
    this.asm.setcc("e", gpr(dst, 8));
    this.asm.emitOp(MOVZX, gpr(dst, 32), gpr(dst, 8));
  }

  extendI32(signed: boolean, dst: Reg): void {
    if (signed) this.asm.emitOp(MOVSXD, gpr(dst, 64), gpr(dst, 32));
    else this.zeroExtend32(dst);
  }

  wrapI64(dst: Reg): void {
    this.zeroExtend32(dst);
  }

  zeroExtend32(dst: Reg): void {
    this.asm.emitOp(MOV, gpr(dst, 32), gpr(dst, 32));
  }

  floatBinop(op: FloatBinop, size: Size, dst: Reg, src: Reg): void {
    emitFloatBinop(this, op, size, dst, src);
  }

  floatUnop(op: FloatUnop, size: Size, dst: Reg): void {
    emitFloatUnop(this, op, size, dst);
  }

  floatCompare(cond: FloatCond, size: Size, dst: Reg, lhs: Reg, rhs: Reg): void {
    emitFloatCompare(this.asm, cond, size, dst, lhs, rhs);
  }

  canonicalizeNan(size: Size, dst: Reg): void {
    const ordered = this.newLabel();
    this.asm.emit(UCOMI_SCALAR[size], xmmOf(dst), xmmOf(dst));
    this.asm.jcc("np", ordered);
    this.moveFloatImm(size, dst, size === 32 ? 0x7fc0_0000n : 0x7ff8_0000_0000_0000n);
    this.bind(ordered);
  }

  floatConvert(to: Size, dst: Reg, src: Reg): void {
    this.asm.emit(to === 64 ? "cvtss2sd" : "cvtsd2ss", xmmOf(dst), xmmOf(src));
  }

  intToFloat(from: Size, to: Size, signed: boolean, dst: Reg, src: Reg): void {
    emitIntToFloat(this, { from, to, signed }, dst, src);
  }

  floatToInt(kind: TruncKind, dst: Reg, src: Reg, traps: ConvertTraps): void {
    emitFloatToInt(this, kind, dst, src, traps);
  }

  moveV128Imm(dst: Reg, bits: bigint): void {
    if (bits === 0n) {
      this.asm.emitOp(XORPS, xmmOf(dst), xmmOf(dst));
      return;
    }
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Number((bits >> BigInt(8 * i)) & 0xffn);
    this.asm.emitOp(MOVDQU, xmmOf(dst), this.constant(bytes));
  }

  simdBinop(op: SimdOp, dst: Reg, src: Reg): void {
    simdBinop(this, op, dst, src);
  }

  simdUnop(op: SimdOp, dst: Reg): void {
    simdUnop(this, op, dst);
  }

  simdCanonicalizeNan(size: Size, dst: Reg): void {
    simdCanonicalizeNan(this, size, dst);
  }

  simdBitselect(dst: Reg, src: Reg, mask: Reg): void {
    simdBitselect(this, dst, src, mask);
  }

  simdShift(op: SimdOp, dst: Reg, count: Src): void {
    simdIntShift(this, op, dst, count);
  }

  simdShuffle(dst: Reg, src: Reg, lanes: Uint8Array): void {
    shuffle(this, dst, src, lanes);
  }

  simdReduce(op: SimdOp, dst: Reg, src: Reg): void {
    reduce(this, op, dst, src);
  }

  simdSplat(op: SimdOp, dst: Reg, src: Reg): void {
    splat(this, op, dst, src);
  }

  simdExtractLane(op: SimdOp, lane: number, dst: Reg, src: Reg): void {
    extractLane(this, op, lane, dst, src);
  }

  simdReplaceLane(op: SimdOp, lane: number, dst: Reg, src: Reg): void {
    replaceLane(this, op, lane, dst, src);
  }

  simdLoad(op: SimdOp, dst: Reg, address: Address): number {
    return simdLoad(this, op, dst, address);
  }

  simdLoadLane(bytes: 1 | 2 | 4 | 8, lane: number, dst: Reg, address: Address): number {
    return loadLane(this, bytes, lane, dst, address);
  }

  simdStoreLane(bytes: 1 | 2 | 4 | 8, lane: number, address: Address, src: Reg): number {
    return storeLane(this, bytes, lane, address, src);
  }

  select(size: Size, dst: Reg, other: Reg, cond: Reg): void {
    emitSelect(this, size, dst, other, cond);
  }

  jump(label: Label): void {
    this.asm.jmp(label);
  }

  branchIfZero(zero: boolean, reg: Reg, label: Label): void {
    this.asm.emitOp(TEST, gpr(reg, 32), gpr(reg, 32));
    this.asm.jcc(zero ? "e" : "ne", label);
  }

  branchIf(cond: IntCond, size: Size, lhs: Reg, rhs: Src, label: Label): void {
    const right = rhs.reg === undefined ? immOf(rhs.imm) : gprOf(rhs.reg, size);
    this.asm.emitOp(CMP, gprOf(lhs, size), right);
    this.asm.jcc(INT_CONDITIONS[cond], label);
  }

  jumpTable(index: Reg, targets: readonly Label[], fallback: Label): void {
    emitJumpTable(this, index, targets, fallback);
  }

  callSymbol(symbol: string): void {
    this.asm.callSymbol(symbol);
  }

  callReg(target: Reg): void {
    this.asm.emit("call", gpr(target, 64));
  }

  callFuncRecord(): void {
    const record = this.funcRecordReg;
    this.asm.emitOp(MOV, gpr(RDI, 64), memOf({ base: record, disp: offsetOf(FUNC, "vmctx") }, 64));
    this.asm.emit("call", memOf({ base: record, disp: offsetOf(FUNC, "wasm_call") }, 64));
  }

  adjustStack(bytes: number): void {
    if (bytes > 0) this.asm.emit("sub", gpr(RSP, 64), immOf(bytes));
    else if (bytes < 0) this.asm.emitOp(ADD, gpr(RSP, 64), immOf(-bytes));
  }

  intArg(n: number): Reg {
    return INT_ARGS[n] ?? -1;
  }

  floatArg(n: number): Reg {
    return 16 + n;
  }

  callTrap(code: number): void {
    this.asm.emitOp(MOV, gpr(RDI, 64), gpr(R14, 64));
    this.asm.emitOp(MOV, gpr(RSI, 32), immOf(code));
    this.asm.callSymbol("ingot_trap");
  }
}
