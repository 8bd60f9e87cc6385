/**
 * The core of the x86-64 macro-assembler (`masm.ts` describes its register roles and frame):
 * its registers, labels, frame, register and constant moves, loads and stores, and the
 * constant pool. `masm.ts` adds the integer, float, SIMD, branch and call families.
 *
 * @module
 */

import type {
  AccessKind,
  Address,
  FrameHandle,
  Label,
  MasmOutput,
  Reg,
  Size,
} from "../compile/masm.ts";
import type { CpuFeatures } from "../settings.ts";
import { Assembler } from "./assembler.ts";
import {
  gpr,
  gprOf,
  immOf,
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
  RDI,
  RSI,
  RSP,
  SCRATCH,
  split64,
  wideImm,
  xmmOf,
} from "./_masm_operands.ts";
import { moveFloatBits } from "./_masm_float.ts";
import type { MemOperand } from "./operands.ts";
import { ConstantPool } from "./_masm_constants.ts";
import {
  ADD,
  assembled,
  CMP_LOAD64,
  emitEpilogue,
  emitLoad,
  emitPrologue,
  emitStore,
  INT32_MAX,
  LEA_ADDRESS,
  LOAD,
  MOV,
  MOV_SX_IMM32,
  MOVAPS,
  SAVED,
  STORE,
  XORPS,
} from "./_masm_forms.ts";

/** Options of `X64MacroAssembler`. */
export interface X64MasmOptions {
  readonly cpuFeatures: CpuFeatures;
}

/** The registers, frame, moves and memory accesses of `X64MacroAssembler`. */
export class X64MasmCore {
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
    // The value's `size` bits as halves: `mov r32` zero-extends the low one, `mov r/m64,
    // imm32` sign-extends it, else the whole 64 bits go in `mov r64, imm64`.
    const halves = split64(value);
    const low = halves[0]!, high = size === 32 ? 0 : halves[1]!;
    if (high === 0) this.asm.emitOp(MOV, gpr(dst, 32), immOf(low >>> 0));
    else if (high === -1 && low < 0) this.asm.emitOp(MOV_SX_IMM32, gpr(dst, 64), immOf(low));
    else this.asm.emitOp(MOV, gpr(dst, 64), wideImm(BigInt.asUintN(64, value)));
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
    // The store sign-extends an imm32: the low half when the value's `size` bits are its
    // sign extension.
    const halves = split64(value);
    const low = halves[0]!, high = halves[1]!;
    if (size === 32 || high === low >> 31) {
      this.asm.emitAddressImm(STORE[size], address, immOf(low));
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

  addImm64(dst: Reg, value: number): void {
    if (value <= INT32_MAX) this.asm.emitOp(ADD, gpr(dst, 64), immOf(value));
    else {
      this.moveImm(64, SCRATCH, BigInt(value));
      this.asm.emitOp(ADD, gpr(dst, 64), gpr(SCRATCH, 64));
    }
  }

  finish(): MasmOutput {
    this.#constants.place(this.asm);
    const { code, relocs } = this.asm.finish();
    return { code, relocs };
  }
}
