/**
 * The label fixups of a `CodeBuffer`: fields to patch with `label + addend - from` once their
 * label is bound. A fixup whose label is bound already is patched at once; the others wait in
 * a list per label and are patched when `bind` binds it, so only the fixups of labels still
 * unbound are ever kept (a few per function), not one per branch of the whole object.
 *
 * `from` is a code offset (the end of the instruction), or `-1 - id` for "the offset of label
 * `id`" (a jump table's start). Errors wait for `finish`, which reports the one of the fixup
 * recorded first, as resolving them all in order there would.
 *
 * @module
 */

import { InternalError } from "../errors.ts";

/** Numbers per kept fixup: field offset, size (1 or 4), `from`, addend, label id, order, next. */
const STRIDE = 7;

/** The fixups of one code buffer that wait for their labels. */
export class LabelFixups {
  /** Kept fixups, `STRIDE` numbers each; `next` links a label's list or the free list. */
  #slots = new Float64Array(STRIDE * 64);
  #used = 0;
  #free = -1;
  /** By label id: the first fixup waiting for it, or -1. */
  readonly #heads: number[] = [];
  /** Fixups that wait for something else: a label not made yet, or an unbound `from`. */
  #stray = -1;
  #waiting = 0;
  /** Fixups recorded so far: the next one's order. */
  #count = 0;
  /** The first error in recording order, if any (reported by `finish`). */
  #errorOrder = Infinity;
  #error = "";

  /** Makes room for the next label id. */
  addLabel(): void {
    this.#heads.push(-1);
  }

  /**
   * Records a fixup of the `size`-byte field at `at`: patched now if `labels` (offsets by id,
   * -1 when unbound) already bind what it needs, else kept until then.
   */
  add(
    code: Uint8Array,
    labels: readonly number[],
    at: number,
    size: 1 | 4,
    from: number,
    labelId: number,
    addend: number,
  ): void {
    const order = this.#count++;
    const known = labelId >= 0 && labelId < this.#heads.length && (labelId | 0) === labelId;
    const target = known ? labels[labelId]! : -1;
    const base = from >= 0 ? from : offsetOf(labels, -1 - from);
    if (target >= 0 && base >= 0) {
      this.#patch(code, at, size, target + addend - base, labelId, order);
      return;
    }
    const slot = this.#take(at, size, from, addend, labelId, order);
    if (known && target < 0) {
      this.#slots[slot * STRIDE + 6] = this.#heads[labelId]!;
      this.#heads[labelId] = slot;
    } else {
      this.#slots[slot * STRIDE + 6] = this.#stray;
      this.#stray = slot;
    }
  }

  /** Patches the fixups waiting for label `id`, which `labels` now binds. */
  bound(code: Uint8Array, labels: readonly number[], id: number): void {
    let slot = this.#heads[id] ?? -1;
    if (slot < 0) return;
    this.#heads[id] = -1;
    const target = labels[id]!;
    while (slot >= 0) {
      const slots = this.#slots, i = slot * STRIDE;
      const next = slots[i + 6]!, from = slots[i + 2]!;
      const base = from >= 0 ? from : offsetOf(labels, -1 - from);
      if (base < 0) {
        slots[i + 6] = this.#stray;
        this.#stray = slot;
      } else {
        const value = target + slots[i + 3]! - base;
        this.#patch(code, slots[i]!, slots[i + 1]!, value, id, slots[i + 5]!);
        this.#release(slot);
      }
      slot = next;
    }
  }

  /**
   * Patches the stray fixups that can be now, then throws the first error, if any.
   *
   * @throws {InternalError} when a referenced label is unbound or a short branch is out of range.
   */
  finish(code: Uint8Array, labels: readonly number[]): void {
    let slot = this.#stray, kept = -1;
    while (slot >= 0) {
      const slots = this.#slots, i = slot * STRIDE;
      const next = slots[i + 6]!, from = slots[i + 2]!, labelId = slots[i + 4]!;
      const target = offsetOf(labels, labelId);
      const base = from >= 0 ? from : offsetOf(labels, -1 - from);
      if (target < 0 || base < 0) {
        this.#fail(
          slots[i + 5]!,
          `Cannot resolve label ${target < 0 ? labelId : -1 - from}: never bound`,
        );
        slots[i + 6] = kept;
        kept = slot;
      } else {
        this.#patch(
          code,
          slots[i]!,
          slots[i + 1]!,
          target + slots[i + 3]! - base,
          labelId,
          slots[i + 5]!,
        );
        this.#release(slot);
      }
      slot = next;
    }
    this.#stray = kept;
    if (this.#waiting > 0) this.#failUnbound();
    if (this.#errorOrder !== Infinity) throw new InternalError(this.#error);
  }

  /** Records the never-bound error of every fixup still waiting for a label. */
  #failUnbound(): void {
    const heads = this.#heads, slots = this.#slots;
    for (let id = 0; id < heads.length; id++) {
      for (let slot = heads[id]!; slot >= 0; slot = slots[slot * STRIDE + 6]!) {
        this.#fail(slots[slot * STRIDE + 5]!, `Cannot resolve label ${id}: never bound`);
      }
    }
  }

  #patch(code: Uint8Array, at: number, size: number, value: number, id: number, order: number) {
    if (size === 4) writeI32(code, at, value);
    else if (value >= -128 && value <= 127) code[at] = value & 0xff;
    else this.#fail(order, `Cannot reach label ${id} with rel8 (${value})`);
  }

  #fail(order: number, message: string): void {
    if (order >= this.#errorOrder) return;
    this.#errorOrder = order;
    this.#error = message;
  }

  /** A slot holding the fixup (its `next` is left to the caller). */
  #take(at: number, size: number, from: number, addend: number, id: number, order: number) {
    let slot = this.#free;
    if (slot >= 0) this.#free = this.#slots[slot * STRIDE + 6]!;
    else {
      slot = this.#used++;
      if (this.#used * STRIDE > this.#slots.length) {
        const grown = new Float64Array(this.#slots.length * 2);
        grown.set(this.#slots);
        this.#slots = grown;
      }
    }
    const slots = this.#slots, i = slot * STRIDE;
    slots[i] = at;
    slots[i + 1] = size;
    slots[i + 2] = from;
    slots[i + 3] = addend;
    slots[i + 4] = id;
    slots[i + 5] = order;
    this.#waiting++;
    return slot;
  }

  #release(slot: number): void {
    this.#slots[slot * STRIDE + 6] = this.#free;
    this.#free = slot;
    this.#waiting--;
  }
}

/** The offset of label `id` in `labels`, or -1 when it is unbound or unknown. */
function offsetOf(labels: readonly number[], id: number): number {
  return id >= 0 && id < labels.length ? labels[id] ?? -1 : -1;
}

/** Writes a little-endian 32-bit value (two's complement of `value`). */
export function writeI32(code: Uint8Array, at: number, value: number): void {
  code[at] = value & 0xff;
  code[at + 1] = (value >> 8) & 0xff;
  code[at + 2] = (value >> 16) & 0xff;
  code[at + 3] = (value >>> 24) & 0xff;
}
