/**
 * Integer sequences of the x86-64 macro-assembler that need more than one instruction:
 * division and remainder with the spec's traps (SDM Vol. 2 DIV, IDIV), and clz/ctz/popcnt
 * with LZCNT/TZCNT/POPCNT or their BSR/BSF/bit-twiddling fallbacks.
 *
 * @module
 */

import type { DivOp, IntCond, IntUnop, Label, Reg, Size } from "../compile/masm.ts";
import type { CpuFeatures } from "../settings.ts";
import type { Assembler } from "./assembler.ts";
import { gpr, gprOf, immOf, RAX, RDX, SCRATCH } from "./_masm_operands.ts";
import type { ConditionCode } from "./regs.ts";

/** The SDM condition code of each integer comparison. */
export const INT_CONDITIONS: Readonly<Record<IntCond, ConditionCode>> = {
  eq: "e",
  ne: "ne",
  lt_s: "l",
  lt_u: "b",
  gt_s: "g",
  gt_u: "a",
  le_s: "le",
  le_u: "be",
  ge_s: "ge",
  ge_u: "ae",
};

/** One division: `dst = dst op divisor`. */
export interface DivRem {
  readonly op: DivOp;
  readonly size: Size;
  readonly dst: Reg;
  readonly divisor: Reg;
  readonly divByZero: Label;
  readonly overflow: Label;
}

/**
 * Emits a division. div_s traps on INT_MIN / -1 (the quotient overflows); rem_s of
 * INT_MIN % -1 is 0 (x86 would fault, so -1 takes a path of its own).
 */
export function emitDivRem(asm: Assembler, division: DivRem): void {
  const { op, size, dst, divisor } = division;
  const signed = op === "div_s" || op === "rem_s";
  asm.emit("test", gprOf(divisor, size), gprOf(divisor, size));
  asm.jcc("e", division.divByZero);
  const done = asm.newLabel();
  const normal = asm.newLabel();
  if (signed) {
    asm.emit("cmp", gprOf(divisor, size), immOf(-1));
    asm.jcc("ne", normal);
    if (op === "rem_s") {
      asm.emit("xor", gpr(dst, 32), gpr(dst, 32));
      asm.jmp(done);
    } else {
      if (size === 32) asm.emit("cmp", gpr(dst, 32), immOf(-(2 ** 31)));
      else {
        asm.emit("mov", gpr(SCRATCH, 64), immOf(-(2n ** 63n)));
        asm.emit("cmp", gpr(dst, 64), gpr(SCRATCH, 64));
      }
      asm.jcc("e", division.overflow);
    }
  }
  asm.bind(normal);
  asm.emit("mov", gprOf(RAX, size), gprOf(dst, size));
  if (signed) asm.emit(size === 32 ? "cdq" : "cqo");
  else asm.emit("xor", gpr(RDX, 32), gpr(RDX, 32));
  asm.emit(signed ? "idiv" : "div", gprOf(divisor, size));
  const result = op === "div_s" || op === "div_u" ? RAX : RDX;
  asm.emit("mov", gprOf(dst, size), gprOf(result, size));
  asm.bind(done);
}

/** Emits `dst = op(dst)`. */
export function emitIntUnop(
  asm: Assembler,
  features: CpuFeatures,
  op: IntUnop,
  size: Size,
  dst: Reg,
): void {
  const target = gprOf(dst, size);
  switch (op) {
    case "clz":
      if (features.lzcnt) return asm.emit("lzcnt", target, target);
      // bsr gives the highest set bit (ZF when the input is 0, taken as -1): clz = size-1 - bsr.
      asm.emit("bsr", gprOf(SCRATCH, size), target);
      asm.emit("mov", target, immOf(-1));
      asm.cmovcc("ne", target, gprOf(SCRATCH, size));
      asm.emit("neg", target);
      return asm.emit("add", target, immOf(size - 1));
    case "ctz":
      if (features.bmi1) return asm.emit("tzcnt", target, target);
      asm.emit("bsf", gprOf(SCRATCH, size), target);
      asm.emit("mov", target, immOf(size));
      return asm.cmovcc("ne", target, gprOf(SCRATCH, size));
    case "popcnt":
      if (features.popcnt) return asm.emit("popcnt", target, target);
      return emitPopcntFallback(asm, size, dst);
    case "extend8_s":
      return asm.emit("movsx", target, gpr(dst, 8));
    case "extend16_s":
      return asm.emit("movsx", target, gpr(dst, 16));
    case "extend32_s":
      return asm.emit("movsxd", gpr(dst, 64), gpr(dst, 32));
  }
}

/** Hacker's Delight popcount (figure 5-2), with rax and the scratch register as temporaries. */
function emitPopcntFallback(asm: Assembler, size: Size, dst: Reg): void {
  const x = gprOf(dst, size);
  const t = gprOf(SCRATCH, size);
  const m = gprOf(RAX, size);
  const mask = (byte: bigint) => {
    let value = 0n;
    for (let i = 0; i < size / 8; i++) value = (value << 8n) | byte;
    asm.emit("mov", m, immOf(size === 32 ? value : BigInt.asIntN(64, value)));
  };
  asm.emit("mov", t, x);
  asm.emit("shr", t, immOf(1));
  mask(0x55n);
  asm.emit("and", t, m);
  asm.emit("sub", x, t);
  mask(0x33n);
  asm.emit("mov", t, x);
  asm.emit("and", t, m);
  asm.emit("shr", x, immOf(2));
  asm.emit("and", x, m);
  asm.emit("add", x, t);
  asm.emit("mov", t, x);
  asm.emit("shr", t, immOf(4));
  asm.emit("add", x, t);
  mask(0x0fn);
  asm.emit("and", x, m);
  mask(0x01n);
  asm.emit("imul", x, m);
  asm.emit("shr", x, immOf(size - 8));
}
