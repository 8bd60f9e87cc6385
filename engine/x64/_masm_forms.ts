/**
 * The x86-64 macro-assembler's fixed choices, made once: the selectors and address forms of
 * the mnemonics its hot paths emit (Intel SDM Vol. 2), the callee-saved registers and integer
 * argument registers (System V AMD64 psABI §3.2), and the frame's prologue and epilogue
 * bytes.
 *
 * @module
 */

import type { AccessKind, Address, IntBinop, Reg, ShiftOp } from "../compile/masm.ts";
import type { CpuFeatures } from "../settings.ts";
import { addressForm, Assembler } from "./assembler.ts";
import {
  gpr,
  immOf,
  memOf,
  R12,
  R13,
  R14,
  R15,
  R8,
  R9,
  RBP,
  RBX,
  RCX,
  RDI,
  RDX,
  RSI,
  RSP,
  xmmOf,
} from "./_masm_operands.ts";
import { formSelector, mnemonicSelector, type Selector } from "./_select.ts";

export const SAVED = [RBX, R12, R13, R14, R15] as const;
const SAVED_REVERSED = [...SAVED].reverse();
export const INT_ARGS = [RDI, RSI, RDX, RCX, R8, R9] as const;
export const SHIFTS: Readonly<Record<ShiftOp, Selector>> = {
  shl: mnemonicSelector("shl"),
  shr_s: mnemonicSelector("sar"),
  shr_u: mnemonicSelector("shr"),
  rotl: mnemonicSelector("rol"),
  rotr: mnemonicSelector("ror"),
};
export const BINOPS: Readonly<Record<IntBinop, Selector>> = {
  add: mnemonicSelector("add"),
  sub: mnemonicSelector("sub"),
  mul: mnemonicSelector("imul"),
  and: mnemonicSelector("and"),
  or: mnemonicSelector("or"),
  xor: mnemonicSelector("xor"),
};
export const INT32_MAX = 2 ** 31 - 1;
/** `movss`/`movsd` and `ucomiss`/`ucomisd` by size, spelled once (no string building per call). */
export const UCOMI_SCALAR = { 32: "ucomiss", 64: "ucomisd" } as const;
// Loads and stores between a register and memory, by width (`emitAddress`).
export const LOAD = {
  32: addressForm("mov", 32, false),
  64: addressForm("mov", 64, false),
} as const;
export const STORE = {
  8: addressForm("mov", 8, true),
  16: addressForm("mov", 16, true),
  32: addressForm("mov", 32, true),
  64: addressForm("mov", 64, true),
} as const;
const LOAD_SX32 = addressForm("movsxd", 32, false);
const LOAD_SX = {
  8: addressForm("movsx", 8, false),
  16: addressForm("movsx", 16, false),
} as const;
const LOAD_ZX = {
  8: addressForm("movzx", 8, false),
  16: addressForm("movzx", 16, false),
} as const;
const LOAD_SCALAR = {
  32: addressForm("movss", 32, false),
  64: addressForm("movsd", 64, false),
} as const;
const STORE_SCALAR = {
  32: addressForm("movss", 32, true),
  64: addressForm("movsd", 64, true),
} as const;
const LOAD_V128 = addressForm("movdqu", 128, false);
const STORE_V128 = addressForm("movdqu", 128, true);
export const LEA_ADDRESS = addressForm("lea", undefined, false);
export const CMP_LOAD64 = addressForm("cmp", 64, false);
// The selectors of the mnemonics the hot paths emit, looked up once.
export const MOV = mnemonicSelector("mov");
/** `mov r/m64, imm32` (sign-extended), for 64-bit values that fit it. */
export const MOV_SX_IMM32 = formSelector("MOV r/m64, imm32");
const LEA = mnemonicSelector("lea");
export const CMP = mnemonicSelector("cmp");
export const ADD = mnemonicSelector("add");
export const MOVZX = mnemonicSelector("movzx");
export const MOVSXD = mnemonicSelector("movsxd");
export const TEST = mnemonicSelector("test");
export const MOVAPS = mnemonicSelector("movaps");
export const MOVDQU = mnemonicSelector("movdqu");
export const XORPS = mnemonicSelector("xorps");
const PUSH = mnemonicSelector("push");
const POP = mnemonicSelector("pop");

/** The bytes `emit` puts in an empty assembler (no labels, no relocations). */
export function assembled(cpuFeatures: CpuFeatures, emit: (asm: Assembler) => void): Uint8Array {
  const asm = new Assembler({ cpuFeatures });
  emit(asm);
  return asm.finish().code;
}

/** `push rbp; mov rbp, rsp`, the callee-saved pushes, `mov r14, rdi; sub rsp, imm32` (0). */
export function emitPrologue(asm: Assembler): void {
  asm.emitOp(PUSH, gpr(RBP, 64));
  asm.emitOp(MOV, gpr(RBP, 64), gpr(RSP, 64));
  for (const reg of SAVED) asm.emitOp(PUSH, gpr(reg, 64));
  asm.emitOp(MOV, gpr(R14, 64), gpr(RDI, 64));
  asm.emitForm("SUB r/m64, imm32", gpr(RSP, 64), immOf(0));
}

/** `lea rsp, [rbp - saved]`, the callee-saved pops, `pop rbp; ret`. */
export function emitEpilogue(asm: Assembler): void {
  asm.emitOp(LEA, gpr(RSP, 64), memOf({ base: RBP, disp: -SAVED.length * 8 }));
  for (const reg of SAVED_REVERSED) asm.emitOp(POP, gpr(reg, 64));
  asm.emitOp(POP, gpr(RBP, 64));
  asm.emit("ret");
}

/** `mov`/`movsx`/`movzx`/`movss`/`movsd`/`movdqu` of an access of `kind` into `dst`; its offset. */
export function emitLoad(asm: Assembler, kind: AccessKind, dst: Reg, address: Address): number {
  const at = asm.offset;
  if (kind.bytes === 16) asm.emitAddress(LOAD_V128, xmmOf(dst), address);
  else if (kind.float) asm.emitAddress(LOAD_SCALAR[kind.size], xmmOf(dst), address);
  else if (kind.bytes === 8) asm.emitAddress(LOAD[64], gpr(dst, 64), address);
  else if (kind.bytes === 4) {
    if (kind.signed && kind.size === 64) asm.emitAddress(LOAD_SX32, gpr(dst, 64), address);
    else asm.emitAddress(LOAD[32], gpr(dst, 32), address);
  } else {
    const width = kind.bytes * 8 as 8 | 16;
    if (kind.signed) asm.emitAddress(LOAD_SX[width], gpr(dst, kind.size), address);
    else asm.emitAddress(LOAD_ZX[width], gpr(dst, 32), address);
  }
  return at;
}

/** The store of `src` as an access of `kind`; its offset. */
export function emitStore(asm: Assembler, kind: AccessKind, address: Address, src: Reg): number {
  const at = asm.offset;
  if (kind.bytes === 16) asm.emitAddress(STORE_V128, xmmOf(src), address);
  else if (kind.float) asm.emitAddress(STORE_SCALAR[kind.size], xmmOf(src), address);
  else {
    const width = kind.bytes * 8 as 8 | 16 | 32 | 64;
    asm.emitAddress(STORE[width], gpr(src, width), address);
  }
  return at;
}
