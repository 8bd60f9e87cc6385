/**
 * One section's relocations as `.rela` entries (gABI 4, "Relocation": `Elf64_Rela`), encoded as
 * the planner resolves them, so no object per relocation outlives its description.
 *
 * @module
 */

import { ByteWriter } from "./_bytes.ts";
import { InternalError } from "../errors.ts";
import { ELF64, RELOCATION_TYPES, type RelocationRow } from "./_tables.ts";

/** 2^32, to read a 64-bit field back from its two 32-bit halves. */
const TWO_TO_32 = 0x1_0000_0000;

/** The patched field's width of each R_X86_64_* code, for the overlap check. */
const SIZE_BY_CODE: readonly number[] = RELOCATION_TYPES.reduce<number[]>((sizes, row) => {
  sizes[row.code] = row.size;
  return sizes;
}, []);

/**
 * A growing `.rela` section body. Code comes sorted by offset, so entries are written in place
 * and only an out-of-order section (the descriptor's) is sorted when it is finished.
 */
export class RelaEntries {
  readonly #writer: ByteWriter;
  #count = 0;
  #sorted = true;
  #lastOffset = 0;

  /** `capacity`: the expected number of entries, if known (it only saves regrowing). */
  constructor(capacity = 64) {
    this.#writer = new ByteWriter(capacity * ELF64.relaSize);
  }

  get count(): number {
    return this.#count;
  }

  /** Appends `r_offset`, `r_info` = ELF64_R_INFO(symbolIndex, type) and `r_addend`. */
  add(offset: number, row: RelocationRow, symbolIndex: number, addend: number): void {
    if (offset < this.#lastOffset) this.#sorted = false;
    this.#lastOffset = offset;
    this.#count++;
    const writer = this.#writer;
    writer.u64(offset);
    writer.u32(row.code); // r_info, little-endian: the type in the low half
    writer.u32(symbolIndex);
    writer.u64(addend);
  }

  /**
   * The entries sorted by offset (a stable sort: equal offsets keep their order).
   *
   * @throws {InternalError} when two relocations of `section` patch overlapping bytes.
   */
  finish(section: string): Uint8Array {
    const entries = this.#writer.finish();
    const sorted = this.#sorted ? entries : sortedByOffset(entries, this.#count);
    const view = new DataView(sorted.buffer, sorted.byteOffset, sorted.byteLength);
    let previousEnd = 0, previousOffset = 0;
    for (let at = 0; at < sorted.length; at += ELF64.relaSize) {
      const offset = readU64(view, at);
      if (offset < previousEnd) {
        throw new InternalError(
          `writeElf: relocations at ${section}+${previousOffset} and +${offset} overlap`,
        );
      }
      previousOffset = offset;
      previousEnd = offset + SIZE_BY_CODE[view.getUint32(at + 8, true)]!;
    }
    return sorted;
  }
}

function readU64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * TWO_TO_32;
}

/** `count` entries reordered by `r_offset`, ties in their original order. */
function sortedByOffset(entries: Uint8Array, count: number): Uint8Array {
  const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
  const offsets: number[] = [], order: number[] = [];
  for (let index = 0; index < count; index++) {
    offsets.push(readU64(view, index * ELF64.relaSize));
    order.push(index);
  }
  order.sort((left, right) => offsets[left]! - offsets[right]! || left - right);
  // Entries move as whole 32-bit words (an entry is six; `ByteWriter` buffers start aligned).
  const words = ELF64.relaSize / 4;
  const from = new Uint32Array(entries.buffer, entries.byteOffset, count * words);
  const sorted = new Uint32Array(count * words);
  for (let to = 0; to < count; to++) {
    const start = order[to]! * words;
    for (let word = 0; word < words; word++) sorted[to * words + word] = from[start + word]!;
  }
  return new Uint8Array(sorted.buffer);
}
