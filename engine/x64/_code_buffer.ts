/**
 * The code buffer under the `Assembler`: bytes, labels, label fixups and relocations, and the
 * raw-data, alignment and patching helpers. The assembler (`assembler.ts`) chooses and encodes
 * instructions into it.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { Label, MemOperand } from "./operands.ts";
import type { AssembledCode, Relocation } from "./_assembler_types.ts";
import { nopBytes } from "./_nop.ts";
import { PACKED_STRIDE, type PackedEncodings } from "./_packed.ts";

/** Numbers per fixup: field offset, size (1 or 4), `from`, label id, addend. */
const FIXUP_STRIDE = 5;

/**
 * An assembler's code and the label and symbol references in it.
 *
 * A fixup is a field to patch once labels are bound: `label + addend - from`, where `from` is
 * a code offset (the end of the instruction), or `-1 - id` for "the offset of label `id`" (a
 * jump table's start). Fixups are kept as numbers, five per fixup, not as objects.
 */
export class CodeBuffer {
  protected code = new Uint8Array(256);
  /** A view of `code` for the word stores of `putKept` (replaced with `code`). */
  #view = new DataView(this.code.buffer);
  protected length = 0;
  protected labelOffsets: number[] = [];
  protected relocs: Relocation[] = [];
  #fixups = new Float64Array(FIXUP_STRIDE * 64);
  #fixupCount = 0;

  /** The current offset: where the next instruction goes. */
  get offset(): number {
    return this.length;
  }

  /** Makes a new, unbound label. */
  newLabel(): Label {
    this.labelOffsets.push(-1);
    return { id: this.labelOffsets.length - 1 };
  }

  /** Binds `label` to the current offset. @throws {InternalError} if it is bound already. */
  bind(label: Label): void {
    if (this.labelOffsets[label.id] !== -1) {
      throw new InternalError(`Cannot bind label ${label.id}: it is bound already or unknown`);
    }
    this.labelOffsets[label.id] = this.length;
  }

  /** The offset of a bound label, or undefined. */
  labelOffset(label: Label): number | undefined {
    const offset = this.labelOffsets[label.id] ?? -1;
    return offset < 0 ? undefined : offset;
  }

  /**
   * Emits a jump table for `br_table`: aligns to 4, binds `table` (a new label unless given, so
   * code before the table can refer to it), then one 32-bit entry per label holding
   * `label - table`. Dispatch with `lea t, [rip+table]; movsxd r, [t+i*4]; add r, t; jmp r`.
   * Returns `table`.
   */
  labelAddressTable(labels: readonly Label[], table: Label = this.newLabel()): Label {
    this.align(4);
    this.bind(table);
    const start = this.length, end = start + labels.length * 4;
    this.reserve(end - start);
    this.code.fill(0, start, end);
    for (let i = 0; i < labels.length; i++) {
      this.addFixup(start + 4 * i, 4, -1 - table.id, labels[i]!.id, 0);
    }
    this.length = end;
    return table;
  }

  /** Appends raw bytes (constants, tables). */
  data(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.code.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Overwrites a little-endian 32-bit value at `at` (e.g. a frame size known at the end). */
  patchU32(at: number, value: number): void {
    if (at < 0 || at + 4 > this.length) throw new InternalError(`Cannot patch at ${at}`);
    writeI32(this.code, at, value);
  }

  /** Pads with the SDM's multi-byte NOPs to a multiple of `alignment` (a power of two). */
  align(alignment: number): void {
    let padding = (alignment - (this.length % alignment)) % alignment;
    while (padding > 0) {
      const size = Math.min(padding, 9);
      this.data(nopBytes(size));
      padding -= size;
    }
  }

  /**
   * Resolves label fixups and returns the code.
   *
   * @throws {InternalError} when a referenced label is unbound or a short branch is out of range.
   */
  finish(): AssembledCode {
    const fixups = this.#fixups, code = this.code;
    for (let i = 0; i < this.#fixupCount * FIXUP_STRIDE; i += FIXUP_STRIDE) {
      const at = fixups[i]!, size = fixups[i + 1]!, labelId = fixups[i + 3]!;
      const target = this.#bound(labelId);
      const from = fixups[i + 2]!;
      const value = target + fixups[i + 4]! - (from >= 0 ? from : this.#bound(-1 - from));
      if (size === 1) {
        if (value < -128 || value > 127) {
          throw new InternalError(`Cannot reach label ${labelId} with rel8 (${value})`);
        }
        code[at] = value & 0xff;
      } else writeI32(code, at, value);
    }
    return {
      code: this.code.slice(0, this.length),
      relocs: [...this.relocs],
      labels: [...this.labelOffsets],
    };
  }

  #bound(id: number): number {
    const offset = this.labelOffsets[id] ?? -1;
    if (offset < 0) throw new InternalError(`Cannot resolve label ${id}: never bound`);
    return offset;
  }

  /** Records a fixup (see the class): the field of `size` bytes at `at`. */
  protected addFixup(at: number, size: 1 | 4, from: number, labelId: number, addend: number) {
    let fixups = this.#fixups;
    const i = this.#fixupCount * FIXUP_STRIDE;
    if (i + FIXUP_STRIDE > fixups.length) {
      const grown = new Float64Array(fixups.length * 2);
      grown.set(fixups);
      this.#fixups = fixups = grown;
    }
    fixups[i] = at;
    fixups[i + 1] = size;
    fixups[i + 2] = from;
    fixups[i + 3] = labelId;
    fixups[i + 4] = addend;
    this.#fixupCount++;
  }

  /** Appends a whole instruction's bytes (at most 16). */
  protected copy(bytes: Uint8Array): void {
    this.reserve(16);
    const code = this.code, start = this.length;
    for (let i = 0; i < bytes.length; i++) code[start + i] = bytes[i]!;
    this.length = start + bytes.length;
  }

  /**
   * Appends entry `index` of `kept` (see `PackedEncodings`) and returns true when it holds
   * `key`, else returns false. Its words are stored whole: the bytes past its length are
   * overwritten by the next instruction, and `finish` keeps only `length` bytes.
   */
  protected putKept(kept: PackedEncodings, index: number, key: number): boolean {
    const words = kept.words, at = index * PACKED_STRIDE;
    if (words[at] !== key) return false;
    this.reserve(16);
    const view = this.#view, start = this.length, last = words[at + 3]!;
    view.setInt32(start, words[at + 1]!, true);
    view.setInt32(start + 4, words[at + 2]!, true);
    view.setInt32(start + 8, last, true);
    this.length = start + (last >>> 24);
    return true;
  }

  /** Records the fixup or relocation of a RIP-relative disp32 at `at`. */
  protected reference(reference: MemOperand, at: number, end: number): void {
    if (reference.label !== undefined) {
      this.addFixup(at, 4, end, reference.label.id, reference.disp);
    } else if (reference.symbol !== undefined) {
      // PC32 is relative to the disp field; the CPU adds the offset of the next instruction.
      const addend = reference.symbol.addend + reference.disp - (end - at);
      this.relocs.push({
        offset: at,
        symbol: reference.symbol.symbol,
        type: "R_X86_64_PC32",
        addend,
      });
    }
  }

  protected reserve(extra: number): void {
    if (this.length + extra <= this.code.length) return;
    const grown = new Uint8Array(Math.max(this.code.length * 2, this.length + extra));
    grown.set(this.code.subarray(0, this.length));
    this.code = grown;
    this.#view = new DataView(grown.buffer);
  }
}

/** Writes a little-endian 32-bit value (two's complement of `value`). */
function writeI32(code: Uint8Array, at: number, value: number): void {
  code[at] = value & 0xff;
  code[at + 1] = (value >> 8) & 0xff;
  code[at + 2] = (value >> 16) & 0xff;
  code[at + 3] = (value >>> 24) & 0xff;
}
