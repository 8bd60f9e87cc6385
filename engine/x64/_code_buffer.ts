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
import { LabelFixups, writeI32 } from "./_fixups.ts";
import { PACKED_STRIDE, type PackedEncodings } from "./_packed.ts";

/**
 * An assembler's code and the label and symbol references in it.
 *
 * A fixup is a field to patch once labels are bound: `label + addend - from`, where `from` is
 * a code offset (the end of the instruction), or `-1 - id` for "the offset of label `id`" (a
 * jump table's start). `LabelFixups` patches each one as soon as its label is bound.
 */
export class CodeBuffer {
  protected code = new Uint8Array(256);
  /** A view of `code` for the word stores of `putKept` (replaced with `code`). */
  #view = new DataView(this.code.buffer);
  protected length = 0;
  protected labelOffsets: number[] = [];
  protected relocs: Relocation[] = [];
  readonly #fixups = new LabelFixups();

  /** The current offset: where the next instruction goes. */
  get offset(): number {
    return this.length;
  }

  /** Makes a new, unbound label. */
  newLabel(): Label {
    this.labelOffsets.push(-1);
    this.#fixups.addLabel();
    return { id: this.labelOffsets.length - 1 };
  }

  /** Binds `label` to the current offset. @throws {InternalError} if it is bound already. */
  bind(label: Label): void {
    if (this.labelOffsets[label.id] !== -1) {
      throw new InternalError(`Cannot bind label ${label.id}: it is bound already or unknown`);
    }
    this.labelOffsets[label.id] = this.length;
    this.#fixups.bound(this.code, this.labelOffsets, label.id);
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
   * Resolves label fixups and returns the code: a view of the buffer, not a copy (the object
   * writer copies it anyway), so patches made after `finish` show through it.
   *
   * @throws {InternalError} when a referenced label is unbound or a short branch is out of range.
   */
  finish(): AssembledCode {
    this.#fixups.finish(this.code, this.labelOffsets);
    return {
      code: this.code.subarray(0, this.length),
      relocs: [...this.relocs],
      labels: [...this.labelOffsets],
    };
  }

  /** Records a fixup (see the class): the field of `size` bytes at `at`. */
  protected addFixup(at: number, size: 1 | 4, from: number, labelId: number, addend: number) {
    this.#fixups.add(this.code, this.labelOffsets, at, size, from, labelId, addend);
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
