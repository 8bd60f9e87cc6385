/**
 * The constant pool of the x86-64 macro-assembler: 16-byte vectors (SIMD masks, lane tables,
 * float bounds) placed after all the code, 16-byte aligned, and addressed RIP-relative through
 * assembler labels (SDM Vol. 2 §2.2.1.6). Entries are deduplicated and placed in order of first
 * use, so the output stays deterministic.
 *
 * @module
 */

import type { Assembler } from "./assembler.ts";
import type { Label, MemOperand } from "./operands.ts";

/** The vectors one assembler's code refers to. */
export class ConstantPool {
  readonly #entries = new Map<string, { label: Label; bytes: Uint8Array }>();

  /** A RIP-relative operand for 16 constant bytes. */
  operand(asm: Assembler, bytes: Uint8Array): MemOperand {
    const key = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { label: asm.newLabel(), bytes: bytes.slice() };
      this.#entries.set(key, entry);
    }
    return {
      kind: "mem",
      base: undefined,
      index: undefined,
      scale: 1,
      disp: 0,
      width: 128,
      rip: true,
      symbol: undefined,
      label: entry.label,
      dispSize: undefined,
    };
  }

  /** Emits the pool at the end of the code (nothing when it is empty). */
  place(asm: Assembler): void {
    if (this.#entries.size === 0) return;
    asm.align(16);
    for (const { label, bytes } of this.#entries.values()) {
      asm.bind(label);
      asm.data(bytes);
    }
  }
}
