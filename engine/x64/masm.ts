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
  AccessKind,
  Address,
  ConvertTraps,
  DivOp,
  FloatBinop,
  FloatCond,
  FloatUnop,
  FrameHandle,
  IntBinop,
  IntCond,
  IntUnop,
  Label,
  MacroAssembler,
  MasmOutput,
  Reg,
  ShiftOp,
  SimdOp,
  Size,
  Src,
  TruncKind,
} from "../compile/masm.ts";
import type { CpuFeatures } from "../settings.ts";
import { Assembler } from "./assembler.ts";
import {
  gpr,
  gprOf,
  immOf,
  memOf,
  R10,
  R12,
  R13,
  R14,
  R15,
  R8,
  R9,
  RAX,
  RBP,
  RBX,
  RCX,
  RDI,
  RSI,
  RSP,
  SCRATCH,
  xmmOf,
} from "./_masm_operands.ts";
import { emitDivRem, emitIntUnop, INT_CONDITIONS } from "./_masm_int.ts";
import { emitFloatBinop, emitFloatCompare, emitFloatUnop, moveFloatBits } from "./_masm_float.ts";
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
import type { MemOperand } from "./operands.ts";
import { ConstantPool } from "./_masm_constants.ts";
import { emitBoundsCheck, emitJumpTable, emitSelect } from "./_masm_branch.ts";
import {
  ADD,
  assembled,
  BINOPS,
  CMP,
  CMP_LOAD64,
  emitEpilogue,
  emitLoad,
  emitPrologue,
  emitStore,
  INT32_MAX,
  INT32_MIN_BIG,
  INT_ARGS,
  LEA_ADDRESS,
  LOAD,
  MOV,
  MOV_SX_IMM32,
  MOVAPS,
  MOVDQU,
  MOVSXD,
  MOVZX,
  SAVED,
  SHIFTS,
  STORE,
  TEST,
  TWO_31,
  TWO_32,
  UCOMI_SCALAR,
  XORPS,
} from "./_masm_forms.ts";

/** Options of `X64MacroAssembler`. */
export interface X64MasmOptions {
  readonly cpuFeatures: CpuFeatures;
}

/** The x86-64 macro-assembler. One instance assembles a whole object's code. */
export class X64MacroAssembler implements MacroAssembler {
  readonly asm: Assembler;
  readonly features: CpuFeatures;
  readonly gprPool: readonly Reg[] = [RBX, RSI, RDI, R8, R9, R12, R13, R15];
  readonly floatPool: readonly Reg[] = Array.from({ length: 13 }, (_, n) => 16 + n);
  readonly fp = RBP;
  readonly sp = RSP;
  readonly vmctx = R14;
  readonly savedBytes = SAVED.length * 8;
  readonly intResult = RAX;
  readonly floatResult = 16;
  readonly funcRecordReg = R10;

  readonly #constants = new ConstantPool();
  #prologue: Uint8Array | undefined;
  #epilogue: Uint8Array | undefined;

  constructor(options: X64MasmOptions) {
    this.features = options.cpuFeatures;
    this.asm = new Assembler({ cpuFeatures: options.cpuFeatures });
  }

  /** A RIP-relative operand for 16 constant bytes in the pool after the code. */
  constant(bytes: Uint8Array): MemOperand {
    return this.#constants.operand(this.asm, bytes);
  }

  offset(): number {
    return this.asm.offset;
  }

  newLabel(): Label {
    return this.asm.newLabel();
  }

  bind(label: Label): void {
    this.asm.bind(label);
  }

  labelOffset(label: Label): number {
    return this.asm.labelOffset(label) ?? -1;
  }

  enterFrame(): FrameHandle {
    // The same bytes every time: assembled once per masm, then copied.
    this.#prologue ??= assembled(this.features, emitPrologue);
    this.asm.data(this.#prologue);
    return { patchAt: this.asm.offset - 4 };
  }

  finishFrame(frame: FrameHandle, bytes: number): void {
    const total = Math.ceil((this.savedBytes + bytes) / 16) * 16 - this.savedBytes;
    this.asm.patchU32(frame.patchAt, total);
  }

  stackCheck(limit: Address, trap: Label): void {
    this.asm.emitAddress(CMP_LOAD64, gpr(RSP, 64), limit);
    this.asm.jcc("b", trap);
  }

  leaveFrame(): void {
    this.#epilogue ??= assembled(this.features, emitEpilogue);
    this.asm.data(this.#epilogue);
  }

  move(size: Size, dst: Reg, src: Reg): void {
    if (dst === src) return;
    if (dst >= 16 && src >= 16) this.asm.emitOp(MOVAPS, xmmOf(dst), xmmOf(src));
    else if (dst < 16 && src < 16) this.asm.emitOp(MOV, gprOf(dst, size), gprOf(src, size));
    else this.moveBits(size, dst, src);
  }

  moveImm(size: Size, dst: Reg, value: bigint): void {
    // Small non-negative values (most constants) are their own bits at either size.
    if (value >= 0n && value < 1024n) {
      this.asm.emitOp(MOV, gpr(dst, 32), immOf(value));
      return;
    }
    const bits = BigInt.asUintN(size, value);
    const signed = BigInt.asIntN(64, bits);
    if (bits < TWO_32) this.asm.emitOp(MOV, gpr(dst, 32), immOf(bits));
    else if (signed >= INT32_MIN_BIG && signed < TWO_31) {
      this.asm.emitOp(MOV_SX_IMM32, gpr(dst, 64), immOf(signed));
    } else this.asm.emitOp(MOV, gpr(dst, 64), immOf(bits));
  }

  moveFloatImm(size: Size, dst: Reg, bits: bigint): void {
    if (bits === 0n) {
      this.asm.emitOp(XORPS, xmmOf(dst), xmmOf(dst));
      return;
    }
    this.moveImm(size, SCRATCH, bits);
    this.moveBits(size, dst, SCRATCH);
  }

  load(kind: AccessKind, dst: Reg, address: Address): number {
    return emitLoad(this.asm, kind, dst, address);
  }

  store(kind: AccessKind, address: Address, src: Reg): number {
    return emitStore(this.asm, kind, address, src);
  }

  storeImm(size: Size, address: Address, value: bigint): void {
    // (Small non-negative values are their own signed value: no bigint arithmetic.)
    const signed = value >= 0n && value < 1024n ? value : BigInt.asIntN(size, value);
    if (signed >= INT32_MIN_BIG && signed < TWO_31) {
      this.asm.emitAddressImm(STORE[size], address, immOf(signed));
    } else {
      this.moveImm(64, SCRATCH, value);
      this.asm.emitAddress(STORE[64], gpr(SCRATCH, 64), address);
    }
  }

  copySlot(dst: Address, src: Address): void {
    this.asm.emitAddress(LOAD[64], gpr(SCRATCH, 64), src);
    this.asm.emitAddress(STORE[64], gpr(SCRATCH, 64), dst);
  }

  loadPtr(dst: Reg, address: Address): void {
    this.asm.emitAddress(LOAD[64], gpr(dst, 64), address);
  }

  loadAddress(dst: Reg, address: Address): void {
    this.asm.emitAddress(LEA_ADDRESS, gpr(dst, 64), address);
  }

  moveBits(size: Size, dst: Reg, src: Reg): void {
    moveFloatBits(this.asm, size, dst, src);
  }

  boundsCheck(addr: Reg, end: number, memSize: Address, trap: Label): void {
    emitBoundsCheck(this, addr, end, memSize, trap);
  }

  addImm64(dst: Reg, value: number): void {
    if (value <= INT32_MAX) this.asm.emitOp(ADD, gpr(dst, 64), immOf(value));
    else {
      this.moveImm(64, SCRATCH, BigInt(value));
      this.asm.emitOp(ADD, gpr(dst, 64), gpr(SCRATCH, 64));
    }
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

  finish(): MasmOutput {
    this.#constants.place(this.asm);
    const { code, relocs } = this.asm.finish();
    return { code, relocs };
  }
}
