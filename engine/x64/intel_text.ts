/**
 * Prints a decoded instruction in Intel syntax as GNU objdump `-M intel` does: lower-case
 * mnemonic, one space, comma-separated operands without spaces, `SIZE PTR [base+index*scale+disp]`
 * memory operands, hex immediates, and branch targets as absolute addresses.
 *
 * @module
 */

import type { MemOperand, Operand } from "./operands.ts";
import { GPR64, gprName } from "./regs.ts";
import type { InstRow, OperandSpec } from "./row.ts";

/** objdump's spelling of rows whose SDM name it does not print: a mnemonic or the whole text. */
const OBJDUMP_TEXT: Readonly<Record<string, string>> = {
  "MOV r64, imm64": "movabs",
  "REP MOVSB": "rep movs BYTE PTR es:[rdi],BYTE PTR ds:[rsi]",
  "REP STOSB": "rep stos BYTE PTR es:[rdi],al",
  "REP MOVSQ": "rep movs QWORD PTR es:[rdi],QWORD PTR ds:[rsi]",
  "REP STOSQ": "rep stos QWORD PTR es:[rdi],rax",
};

const SIZE_NAMES: Readonly<Record<number, string>> = {
  8: "BYTE PTR ",
  16: "WORD PTR ",
  32: "DWORD PTR ",
  64: "QWORD PTR ",
  128: "XMMWORD PTR ",
  256: "YMMWORD PTR ",
};

/** The Intel text of an instruction; `next` is the address after it (for branch targets). */
export function intelText(
  inst: { readonly row: InstRow; readonly operands: readonly Operand[] },
  next: number,
): string {
  const special = OBJDUMP_TEXT[inst.row.instructionText];
  if (special?.includes(" ")) return special;
  const mnemonic = special ?? inst.row.mnemonic;
  const texts = inst.operands.map((operand, i) => operandText(operand, inst.row.operands[i], next));
  const text = texts.length === 0 ? mnemonic : `${mnemonic} ${texts.join(",")}`;
  const reference = inst.operands.find((operand) => operand.kind === "mem" && operand.rip);
  if (reference?.kind !== "mem") return text;
  return `${text}        # ${hex(BigInt.asUintN(64, BigInt(next + reference.disp)))}`;
}

function operandText(operand: Operand, spec: OperandSpec | undefined, next: number): string {
  switch (operand.kind) {
    case "gpr":
      return gprName(operand);
    case "xmm":
      return `xmm${operand.reg}`;
    case "ymm":
      return `ymm${operand.reg}`;
    case "imm":
      return spec?.slot === "fixed" ? "1" : hex(operand.value);
    case "rel":
      return hex(BigInt.asUintN(64, BigInt(next + operand.disp)));
    case "label":
      return `L${operand.label.id}`;
    case "mem":
      return (SIZE_NAMES[spec?.memWidth ?? 0] ?? "") + addressText(operand);
  }
}

/**
 * `[rdi+rcx*8+0x10]`, `[rip-0x10]` (the target address follows the instruction as a comment),
 * or `ds:0x10` for an absolute address.
 */
function addressText(operand: MemOperand): string {
  if (operand.rip) return `[rip${signedHex(operand.disp)}]`;
  if (operand.base === undefined && operand.index === undefined) {
    return `ds:${hex(BigInt.asUintN(64, BigInt(operand.disp)))}`;
  }
  let text = operand.base === undefined ? "" : GPR64[operand.base] ?? "?";
  if (operand.index !== undefined) {
    text += `${text === "" ? "" : "+"}${GPR64[operand.index]}*${operand.scale}`;
  }
  const baseNeedsDisp = operand.base !== undefined && (operand.base & 7) === 5;
  const hasDisp = operand.disp !== 0 || operand.base === undefined ||
    operand.dispSize !== undefined || baseNeedsDisp;
  return `[${text}${hasDisp ? signedHex(operand.disp) : ""}]`;
}

function signedHex(value: number): string {
  return value < 0 ? `-0x${(-value).toString(16)}` : `+0x${value.toString(16)}`;
}

function hex(value: bigint): string {
  return `0x${value.toString(16)}`;
}
