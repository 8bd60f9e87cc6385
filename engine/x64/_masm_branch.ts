/**
 * Branchy sequences of the x86-64 macro-assembler (Intel SDM Vol. 2): the explicit memory
 * bounds check, `select`, and `br_table`'s jump table.
 *
 * @module
 */

import type { Address, Label, Reg, Size } from "../compile/masm.ts";
import type { X64MacroAssembler } from "./masm.ts";
import { ADD, CMP, CMP_LOAD64, INT32_MAX, LEA_ADDRESS, MOV, MOVAPS, TEST } from "./_masm_forms.ts";
import { gpr, gprOf, immOf, memOf, RAX, SCRATCH, xmmOf } from "./_masm_operands.ts";

/** `addr + end <= memory size` or a jump to `trap` (`lea`/`cmp`/`ja`, through r11). */
export function emitBoundsCheck(
  masm: X64MacroAssembler,
  addr: Reg,
  end: number,
  memSize: Address,
  trap: Label,
): void {
  const asm = masm.asm;
  if (end <= INT32_MAX) {
    // (All four fields, in this order: the one address shape the hot paths use.)
    const address = { base: addr, index: undefined, scale: undefined, disp: end };
    asm.emitAddress(LEA_ADDRESS, gpr(SCRATCH, 64), address);
  } else {
    masm.moveImm(64, SCRATCH, BigInt(end));
    asm.emitOp(ADD, gpr(SCRATCH, 64), gpr(addr, 64));
  }
  asm.emitAddress(CMP_LOAD64, gpr(SCRATCH, 64), memSize);
  asm.jcc("a", trap);
}

/** `dst = cond != 0 ? dst : other`: `cmove` for gprs, a branch around `movaps` for xmm. */
export function emitSelect(
  masm: X64MacroAssembler,
  size: Size,
  dst: Reg,
  other: Reg,
  cond: Reg,
): void {
  masm.asm.emitOp(TEST, gpr(cond, 32), gpr(cond, 32));
  if (dst < 16) {
    masm.asm.cmovcc("e", gprOf(dst, size), gprOf(other, size));
    return;
  }
  const keep = masm.newLabel();
  masm.asm.jcc("ne", keep);
  masm.asm.emitOp(MOVAPS, xmmOf(dst), xmmOf(other));
  masm.bind(keep);
}

/** A bounds-checked jump through a table of `label - table` entries (`labelAddressTable`). */
export function emitJumpTable(
  masm: X64MacroAssembler,
  index: Reg,
  targets: readonly Label[],
  fallback: Label,
): void {
  const asm = masm.asm;
  if (targets.length === 0) {
    asm.jmp(fallback);
    return;
  }
  asm.emitOp(CMP, gpr(index, 32), immOf(targets.length));
  asm.jcc("ae", fallback);
  asm.emitOp(MOV, gpr(SCRATCH, 32), gpr(index, 32));
  const table = asm.newLabel();
  asm.leaRip(gpr(RAX, 64), table);
  asm.emit(
    "movsxd",
    gpr(SCRATCH, 64),
    memOf({ base: RAX, index: SCRATCH, scale: 4, disp: 0 }, 32),
  );
  asm.emitOp(ADD, gpr(SCRATCH, 64), gpr(RAX, 64));
  asm.emit("jmp", gpr(SCRATCH, 64));
  asm.labelAddressTable(targets, table);
}
