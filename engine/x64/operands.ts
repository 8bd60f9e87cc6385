/**
 * Instruction operands and their constructors: registers, immediates, memory references
 * (SDM Vol. 2 §2.1.5 addressing forms, §2.2.1.6 RIP-relative addressing) and branch targets.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { MemWidth } from "./row.ts";
import { type Gpr, gprNumber, type GprOperand, type Width, type XmmOperand } from "./regs.ts";

export type { GprOperand, XmmOperand } from "./regs.ts";

/** A 256-bit AVX register, ymm0..ymm15. */
export interface YmmOperand {
  readonly kind: "ymm";
  readonly reg: number;
}

/** An immediate. The value is the operand's value; the encoder picks how to store it. */
export interface ImmOperand {
  readonly kind: "imm";
  readonly value: bigint;
  /**
   * `value` as a number when it is a signed 32-bit integer, else undefined: a hint that lets
   * the assembler skip bigint arithmetic (the masm's immediates carry it).
   */
  readonly small?: number | undefined;
}

/** A label of an `Assembler`: an offset in its code, bound once. */
export interface Label {
  readonly id: number;
}

/** A RIP-relative reference to a symbol resolved by the linker (R_X86_64_PC32). */
export interface SymbolRef {
  readonly symbol: string;
  readonly addend: number;
}

/** A memory reference `[base + index*scale + disp]`, or RIP-relative. */
export interface MemOperand {
  readonly kind: "mem";
  /** Base register number, or undefined (none, or RIP when `rip` is set). */
  readonly base: number | undefined;
  readonly index: number | undefined;
  readonly scale: 1 | 2 | 4 | 8;
  readonly disp: number;
  /** Access width in bits; undefined matches any row (the first, shortest row wins). */
  readonly width: MemWidth | undefined;
  /** RIP-relative addressing: `disp` is relative to the next instruction. */
  readonly rip: boolean;
  /** RIP-relative target resolved by a relocation. */
  readonly symbol: SymbolRef | undefined;
  /** RIP-relative target resolved by the assembler. */
  readonly label: Label | undefined;
  /** Forces a disp8 or disp32 field even when a shorter one would do (decoded non-minimal forms). */
  readonly dispSize: 8 | 32 | undefined;
}

/** A branch displacement, relative to the end of the instruction (decoded `cb`/`cd`). */
export interface RelOperand {
  readonly kind: "rel";
  readonly disp: number;
}

/** A branch to a label of the assembler. */
export interface LabelOperand {
  readonly kind: "label";
  readonly label: Label;
}

/** Any operand an instruction row accepts. */
export type Operand =
  | GprOperand
  | XmmOperand
  | YmmOperand
  | ImmOperand
  | MemOperand
  | RelOperand
  | LabelOperand;

function gpr(name: string, width: Width): GprOperand {
  const found = gprNumber(name);
  if (found.reg < 0 || found.width !== width) {
    throw new InternalError(`Cannot use "${name}" as a ${width}-bit register`);
  }
  return found.highByte
    ? { kind: "gpr", reg: found.reg, width, highByte: true }
    : { kind: "gpr", reg: found.reg, width };
}

/** An 8-bit register by name: `al`, `sil`, `r9b`, or a legacy `ah`/`ch`/`dh`/`bh`. */
export function r8(name: string): GprOperand {
  return gpr(name, 8);
}

/** A 16-bit register by name: `ax`, `r9w`. */
export function r16(name: string): GprOperand {
  return gpr(name, 16);
}

/** A 32-bit register by name: `eax`, `r9d`. */
export function r32(name: string): GprOperand {
  return gpr(name, 32);
}

/** A 64-bit register by name: `rax`, `r9`. */
export function r64(name: Gpr): GprOperand {
  return gpr(name, 64);
}

/** A general-purpose register by number (0..15) at a width. */
export function gprAt(reg: number, width: Width): GprOperand {
  if (!Number.isInteger(reg) || reg < 0 || reg > 15) {
    throw new InternalError(`Cannot use register number ${reg}: expected 0..15`);
  }
  return { kind: "gpr", reg, width };
}

/** An XMM register by number, 0..15. */
export function xmm(reg: number): XmmOperand {
  if (!Number.isInteger(reg) || reg < 0 || reg > 15) {
    throw new InternalError(`Cannot use xmm${reg}: expected xmm0..xmm15`);
  }
  return { kind: "xmm", reg };
}

/** A YMM register by number, 0..15. */
export function ymm(reg: number): YmmOperand {
  if (!Number.isInteger(reg) || reg < 0 || reg > 15) {
    throw new InternalError(`Cannot use ymm${reg}: expected ymm0..ymm15`);
  }
  return { kind: "ymm", reg };
}

/** An immediate operand. Numbers must be safe integers. */
export function imm(value: number | bigint): ImmOperand {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new InternalError(`Cannot use ${value} as an immediate: expected a safe integer`);
  }
  return { kind: "imm", value: BigInt(value) };
}

/** A branch target operand for `emit("jmp", label(l))` and friends. */
export function label(target: Label): LabelOperand {
  return { kind: "label", label: target };
}

/** What `mem` accepts. `symbol` or `label` make the reference RIP-relative. */
export interface MemOptions {
  readonly base?: Gpr | "rip";
  readonly index?: Gpr;
  readonly scale?: 1 | 2 | 4 | 8;
  readonly disp?: number;
  readonly width?: MemWidth;
  readonly symbol?: string | SymbolRef;
  readonly label?: Label;
}

/** A memory operand: `mem({ base: "rdi", index: "rcx", scale: 8, disp: 16, width: 64 })`. */
export function mem(options: MemOptions): MemOperand {
  const symbol = typeof options.symbol === "string"
    ? { symbol: options.symbol, addend: 0 }
    : options.symbol;
  const rip = options.base === "rip" || symbol !== undefined || options.label !== undefined;
  const base = options.base === undefined || options.base === "rip"
    ? undefined
    : gprNumber(options.base).reg;
  const index = options.index === undefined ? undefined : gprNumber(options.index).reg;
  const disp = options.disp ?? 0;
  if (rip && (base !== undefined || index !== undefined)) {
    throw new InternalError("Cannot combine RIP-relative addressing with a base or index");
  }
  if (index === 4) throw new InternalError("Cannot use rsp as an index register");
  if (!Number.isInteger(disp) || disp < -(2 ** 31) || disp >= 2 ** 31) {
    throw new InternalError(`Cannot use displacement ${disp}: expected a signed 32-bit integer`);
  }
  return {
    kind: "mem",
    base,
    index,
    scale: options.scale ?? 1,
    disp,
    width: options.width,
    rip,
    symbol,
    label: options.label,
    dispSize: undefined,
  };
}
