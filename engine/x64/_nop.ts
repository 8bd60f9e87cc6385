/**
 * The SDM's recommended multi-byte NOPs (Intel SDM Vol. 2, NOP: "Recommended Multi-Byte
 * Sequence of NOP Instruction"), built from the table's NOP rows: what `Assembler.align` pads
 * with.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import { encodeInstruction } from "./encode.ts";
import { ROWS_BY_FORM } from "./insts.ts";
import type { MemOperand } from "./operands.ts";

/** SDM Vol. 2 NOP: the recommended multi-byte NOP forms, built from the NOP rows. */
const NOP_FORMS: readonly (readonly [string, number, 0 | 8 | 32, boolean])[] = [
  ["NOP r/m32", 3, 0, false],
  ["NOP r/m32", 4, 8, false],
  ["NOP r/m32", 5, 8, true],
  ["NOP r/m16", 6, 8, true],
  ["NOP r/m32", 7, 32, false],
  ["NOP r/m32", 8, 32, true],
  ["NOP r/m16", 9, 32, true],
];

const NOP_CACHE = new Map<number, Uint8Array>();

/** The SDM's recommended NOP of `size` bytes (1..9). */
export function nopBytes(size: number): Uint8Array {
  const cached = NOP_CACHE.get(size);
  if (cached !== undefined) return cached;
  let bytes: Uint8Array;
  if (size === 1 || size === 2) {
    const row = ROWS_BY_FORM.get(size === 1 ? "NOP" : "XCHG AX, AX")?.[0];
    if (row === undefined) throw new InternalError("NOP rows are missing from the table");
    bytes = encodeInstruction(
      row,
      size === 1 ? [] : [
        { kind: "gpr", reg: 0, width: 16 },
        { kind: "gpr", reg: 0, width: 16 },
      ],
    ).bytes;
  } else {
    const form = NOP_FORMS.find(([, length]) => length === size);
    const row = form === undefined ? undefined : ROWS_BY_FORM.get(form[0])?.[0];
    if (form === undefined || row === undefined) throw new InternalError(`No ${size}-byte NOP`);
    const address: MemOperand = {
      kind: "mem",
      base: 0,
      index: form[3] ? 0 : undefined,
      scale: 1,
      disp: 0,
      width: undefined,
      rip: false,
      symbol: undefined,
      label: undefined,
      dispSize: form[2] === 0 ? undefined : form[2],
    };
    bytes = encodeInstruction(row, [address]).bytes;
  }
  NOP_CACHE.set(size, bytes);
  return bytes;
}
