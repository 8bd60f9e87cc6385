/**
 * x86-64 machine code: the declarative instruction table, its generic encoder and decoder, and
 * the assembler the compiler emits through.
 *
 * Implements the Intel® 64 and IA-32 Architectures Software Developer's Manual, Volume 2
 * (Instruction Set Reference): chapter 2, "Instruction Format" (legacy prefixes, REX §2.2.1,
 * VEX §2.3, ModRM/SIB tables 2-2 and 2-3, RIP-relative addressing §2.2.1.6), and the opcode
 * tables of chapters 3-5, which `insts.ts` transcribes one row per line in the SDM's notation.
 *
 * Usage, as the compiler sees it:
 *
 * ```ts
 * const asm = new Assembler({ cpuFeatures });
 * asm.emit("add", r32("eax"), imm(5));               // shortest row: 83 /0 ib
 * asm.emit("mov", r64("rax"), mem({ base: "rdi", index: "rcx", scale: 8, disp: 16, width: 64 }));
 * const done = asm.newLabel();
 * asm.jcc("e", done);                                 // forward: rel32 (or `{ short: true }`)
 * asm.callSymbol("ingot_trap");                       // R_X86_64_PLT32, addend -4
 * asm.bind(done);
 * const { code, relocs, labels } = asm.finish();
 * disassemble(code);                                  // objdump-style Intel text
 * ```
 *
 * Beyond the first API sketch:
 * - `emitForm(sdmForm, ...)` forces one row by its SDM instruction column (`"SUB r/m64, imm32"`,
 *   `"JE rel32"`), e.g. for an imm32 patched later with `patchU32(offset, value)`;
 * - `labelAddressTable(labels, table?)` aligns to 4, binds `table` and emits 32-bit
 *   `label - table` entries (for `br_table`); `leaRip(dst, label | { symbol, addend })`;
 * - `callSymbol` / `jmpSymbol` (R_X86_64_PLT32), `callLabel`, `setcc`, `cmovcc`, `labelOffset`;
 * - `mem({ symbol })` / `mem({ label })` / `mem({ base: "rip" })` are RIP-relative, and symbol
 *   references get R_X86_64_PC32 relocations with the addend corrected for trailing immediates;
 * - a memory operand's `width` may be left out; the first shortest matching row then wins;
 * - forward branches are rel32 unless `{ short: true }` (checked in `finish`); backward branches
 *   to a label in range are rel8;
 * - every misuse (no matching row, disabled CPU feature, unbound label, rel8 out of range) throws
 *   `InternalError`.
 *
 * Rows print in SDM notation with `sdmText(row)`; `disassemble` prints what GNU objdump
 * `-M intel` prints, except that a negative RIP displacement reads `rip-0x10` and SSE compares
 * keep their imm8 (`cmpps xmm0,xmm1,0x1`).
 *
 * @module
 */

export {
  type AssembledCode,
  Assembler,
  type AssemblerOptions,
  type BranchOptions,
  type Relocation,
} from "./assembler.ts";
export {
  type DecodedInst,
  decodeInstruction,
  disassemble,
  type DisassembledLine,
  type DisassembleOptions,
} from "./decode.ts";
export { INST_ROWS } from "./insts.ts";
export { disassemblyListing, type ListingOptions, type ListingRelocation } from "./listing.ts";
export {
  gprAt,
  imm,
  type ImmOperand,
  type Label,
  label,
  type LabelOperand,
  mem,
  type MemOperand,
  type MemOptions,
  type Operand,
  r16,
  r32,
  r64,
  r8,
  type RelOperand,
  type SymbolRef,
  xmm,
  ymm,
  type YmmOperand,
} from "./operands.ts";
export {
  CONDITION_CODES,
  type ConditionCode,
  type Gpr,
  GPR64,
  type GprOperand,
  invertCondition,
  type Width,
  type XmmOperand,
} from "./regs.ts";
export {
  type Feature,
  type InstRow,
  type MemWidth,
  type OpEn,
  type OperandSpec,
  type RowText,
  sdmText,
  type VexFields,
} from "./row.ts";
