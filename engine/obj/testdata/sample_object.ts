/**
 * A small hand-assembled object description shared by the obj tests: three functions in
 * `.text` (one calls an external C function and libc through `R_X86_64_PLT32`, reads
 * `.rodata` through `R_X86_64_PC32` and a pointer table in `.data.rel.ro` filled by
 * `R_X86_64_64`), plus `.rodata`, `.data`, `.data.rel.ro`, `.bss` and a note.
 *
 * The C side (see `link_test.ts`) defines `int twice(int)`.
 *
 * @module
 */

import { buildNote } from "../note.ts";
import type {
  ObjectDescription,
  RelocationDescription,
  RelocationType,
  SymbolDescription,
} from "../types.ts";

/** One piece of a hand-assembled function: literal bytes, or a 4-byte relocated field. */
type Piece = number[] | { reloc: RelocationType; symbol: string; addend: number };

/** A hand-assembled function. */
interface AsmFunction {
  readonly name: string;
  readonly pieces: readonly Piece[];
}

/** `mov eax, 42; ret` */
const ANSWER: AsmFunction = { name: "answer", pieces: [[0xb8, 0x2a, 0, 0, 0], [0xc3]] };

/** `int combine(int x)`: `twice(x) + base_value + *table[0]`. */
const COMBINE: AsmFunction = {
  name: "combine",
  pieces: [
    [0x53], // push rbx (also aligns rsp to 16 for the call)
    [0x8b, 0x1d], // mov ebx, [rip + base_value]
    { reloc: "R_X86_64_PC32", symbol: "base_value", addend: -4 },
    [0xe8], // call twice
    { reloc: "R_X86_64_PLT32", symbol: "twice", addend: -4 },
    [0x01, 0xd8], // add eax, ebx
    [0x48, 0x8b, 0x0d], // mov rcx, [rip + table]
    { reloc: "R_X86_64_PC32", symbol: "table", addend: -4 },
    [0x03, 0x01], // add eax, [rcx]
    [0x5b], // pop rbx
    [0xc3], // ret
  ],
};

/** `int greet(void)`: `puts(message)`. */
const GREET: AsmFunction = {
  name: "greet",
  pieces: [
    [0x48, 0x83, 0xec, 0x08], // sub rsp, 8
    [0x48, 0x8d, 0x3d], // lea rdi, [rip + message]
    { reloc: "R_X86_64_PC32", symbol: "message", addend: -4 },
    [0xe8], // call puts
    { reloc: "R_X86_64_PLT32", symbol: "puts", addend: -4 },
    [0x48, 0x83, 0xc4, 0x08], // add rsp, 8
    [0xc3], // ret
  ],
};

/** Lays functions out back to back in `.text`, with their symbols and relocations. */
function assemble(functions: readonly AsmFunction[]) {
  const bytes: number[] = [];
  const symbols: SymbolDescription[] = [];
  const relocations: RelocationDescription[] = [];
  for (const fn of functions) {
    const start = bytes.length;
    for (const piece of fn.pieces) {
      if (Array.isArray(piece)) {
        bytes.push(...piece);
        continue;
      }
      const { reloc, symbol, addend } = piece as Exclude<Piece, number[]>;
      relocations.push({ section: ".text", offset: bytes.length, symbol, type: reloc, addend });
      bytes.push(0, 0, 0, 0);
    }
    symbols.push({
      name: fn.name,
      section: ".text",
      offset: start,
      size: bytes.length - start,
      binding: "global",
      type: "func",
    });
  }
  return { text: new Uint8Array(bytes), symbols, relocations };
}

const MESSAGE = "hello from ingot";

/** The message `greet` prints and `table[2]` points to. */
export const SAMPLE_MESSAGE = MESSAGE;

/** Builds the sample description (fresh arrays each call). */
export function sampleObject(): ObjectDescription {
  const code = assemble([ANSWER, COMBINE, GREET]);
  const rodata = new Uint8Array(4 + MESSAGE.length + 1);
  new DataView(rodata.buffer).setInt32(0, 1000, true);
  rodata.set(new TextEncoder().encode(MESSAGE), 4);
  const data = new Uint8Array(8);
  data[0] = 7;
  const note = buildNote({ name: "Ingot", type: 1, desc: new Uint8Array([1, 0, 0, 0]) });
  return {
    sections: [
      { name: ".text", kind: "text", data: code.text, align: 16 },
      { name: ".rodata", kind: "rodata", data: rodata, align: 8 },
      { name: ".data", kind: "data", data, align: 8 },
      { name: ".data.rel.ro", kind: "data", data: new Uint8Array(24), align: 8 },
      { name: ".bss", kind: "bss", data: new Uint8Array(0), size: 16, align: 16 },
      { name: ".note.ingot", kind: "note", data: note, align: 4 },
    ],
    symbols: [
      ...code.symbols,
      { name: "answer_weak", section: ".text", offset: 0, size: 6, binding: "weak", type: "func" },
      {
        name: "base_value",
        section: ".rodata",
        offset: 0,
        size: 4,
        binding: "local",
        type: "object",
      },
      {
        name: "message",
        section: ".rodata",
        offset: 4,
        size: 17,
        binding: "local",
        type: "object",
      },
      { name: "rodata", section: ".rodata", offset: 0, size: 0, binding: "local", type: "section" },
      {
        name: "counter",
        section: ".data",
        offset: 0,
        size: 4,
        binding: "global",
        type: "object",
        visibility: "hidden",
      },
      {
        name: "table",
        section: ".data.rel.ro",
        offset: 0,
        size: 24,
        binding: "global",
        type: "object",
      },
      { name: "scratch", section: ".bss", offset: 0, size: 16, binding: "global", type: "object" },
      { name: "twice", offset: 0, size: 0, binding: "global", type: "notype" },
      { name: "puts", offset: 0, size: 0, binding: "global", type: "notype" },
    ],
    relocations: [
      ...code.relocations,
      { section: ".data.rel.ro", offset: 0, symbol: "counter", type: "R_X86_64_64", addend: 0 },
      { section: ".data.rel.ro", offset: 8, symbol: "answer", type: "R_X86_64_64", addend: 0 },
      { section: ".data.rel.ro", offset: 16, symbol: "rodata", type: "R_X86_64_64", addend: 4 },
    ],
  };
}
