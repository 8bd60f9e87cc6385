/**
 * ELF64 relocatable objects for x86-64: the writer the compiler ends in, and the reader and
 * dumper the tests and golden files use.
 *
 * Implements System V gABI ch. 4 (Object Files: ELF header, sections, string and symbol
 * tables, relocation) and ch. 5 (note sections), and the AMD64 psABI §4 (x86-64 relocation
 * types, `.note.GNU-stack`).
 *
 * - `writeElf(description, options?)` lays out a plain, name-keyed description
 *   deterministically (layout in `elf.ts`, symbol order in `_plan.ts`). By default it only
 *   accepts relocations a default `cc` (PIE) link can apply without text relocations:
 *   PC-relative anywhere, `R_X86_64_64` only in writable sections (`.data`, `.data.rel.ro`).
 * - `buildNote(notes)` encodes `SHT_NOTE` contents, such as an ABI version note.
 * - `readElf(bytes)` parses any ELF64 little-endian object, bounds-checked.
 * - `dumpObject(bytes, options?)` prints the golden-file text, with hooks for the x64
 *   disassembler and the ABI's descriptor.
 *
 * @module
 */

export { writeElf } from "./elf.ts";
export { readElf } from "./read_elf.ts";
export { dumpObject } from "./dump.ts";
export { buildNote } from "./note.ts";
export type { NoteEntry } from "./note.ts";
export type { DumpOptions, DumpRelocation } from "./dump.ts";
export {
  type ElfHeader,
  type ElfObject,
  ElfReadError,
  type ElfRelocation,
  type ElfRelocationSection,
  type ElfSection,
  type ElfSymbol,
} from "./read_elf.ts";
export type * from "./types.ts";
