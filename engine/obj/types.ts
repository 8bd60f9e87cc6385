/**
 * The plain description `writeElf` turns into an ELF64 relocatable object.
 *
 * A description names everything by string: sections by section name, symbols by symbol name,
 * and relocations by the section they patch and the symbol they refer to. Numbers never leak
 * ELF indices, so a caller cannot get an index wrong.
 *
 * @module
 */

/**
 * What a section holds; picks the default ELF type and flags (see `SECTION_KINDS` in
 * `_tables.ts`):
 * - `text`: code, `PROGBITS` + `AX`;
 * - `rodata`: read-only data, `PROGBITS` + `A`;
 * - `data`: writable data, `PROGBITS` + `WA` (also for `.data.rel.ro`, which the linker makes
 *   read-only after relocation by its name);
 * - `bss`: zero-initialised data, `NOBITS` + `WA`;
 * - `note`: an `SHT_NOTE` section (build its contents with `buildNote`), flags `A`;
 * - `custom`: non-allocated bytes, `PROGBITS` with no flags.
 */
export type SectionKind = "text" | "rodata" | "data" | "bss" | "note" | "custom";

/** ELF section header types a description may ask for (gABI 4, "Sections"). */
export type SectionType = "progbits" | "nobits" | "note" | "init_array" | "fini_array";

/** ELF section flags a description may ask for (gABI 4, "Section Attribute Flags"). */
export type SectionFlag = "write" | "alloc" | "execinstr" | "merge" | "strings" | "tls";

/** One section of the object, emitted in description order at indices 1, 2, ... */
export interface SectionDescription {
  /** Section name, such as `.text` or `.data.rel.ro`; unique in the object. */
  readonly name: string;
  readonly kind: SectionKind;
  /** The contents; for `bss`, all zero (only its length is used, unless `size` is given). */
  readonly data: Uint8Array;
  /** Alignment in bytes: a power of two (1 means unaligned). */
  readonly align: number;
  /** Replaces the kind's default flags. */
  readonly flags?: readonly SectionFlag[];
  /** Replaces the kind's default type. */
  readonly type?: SectionType;
  /** Size of a `nobits` section, when larger than `data`. */
  readonly size?: number;
  /** Entry size, for `merge` sections of fixed-size entries. */
  readonly entsize?: number;
  /**
   * Relocations that patch this section, as an alternative to listing them in the object's
   * `relocations` with this section's name: a caller that has them grouped already (the
   * compiler's code) then passes its list as is, with no copy per relocation.
   */
  readonly relocations?: readonly SectionRelocation[];
}

/** Symbol binding (gABI 4, "Symbol Table", STB_*). */
export type SymbolBinding = "local" | "global" | "weak";

/** Symbol type (gABI 4, "Symbol Table", STT_*). */
export type SymbolType = "func" | "object" | "notype" | "section";

/** Symbol visibility (gABI 4, "Symbol Visibility", STV_*). */
export type SymbolVisibility = "default" | "hidden" | "protected";

/** One symbol of the object. */
export interface SymbolDescription {
  /**
   * Symbol name, the key relocations refer to. A `section`-type symbol's name is only that key:
   * it stands for the section symbol of `section`, emitted nameless as assemblers do.
   */
  readonly name: string;
  /** Name of the defining section; `undefined` makes an undefined (external) symbol. */
  readonly section?: string | undefined;
  /** Offset of the symbol in its section (0 for undefined symbols). */
  readonly offset: number;
  /** Size in bytes (0 when unknown). */
  readonly size: number;
  readonly binding: SymbolBinding;
  readonly type: SymbolType;
  readonly visibility?: SymbolVisibility;
}

/** x86-64 relocation types the writer emits (AMD64 psABI §4.4.1, "Relocation Types"). */
export type RelocationType =
  | "R_X86_64_64"
  | "R_X86_64_PC32"
  | "R_X86_64_GOTPCREL"
  | "R_X86_64_PLT32"
  | "R_X86_64_32"
  | "R_X86_64_32S"
  | "R_X86_64_PC64";

/** One relocation of a section: patch the section at `offset` with `symbol + addend`. */
export interface SectionRelocation {
  /** Offset of the patched field in the section. */
  readonly offset: number;
  /** Name of the symbol the relocation refers to. */
  readonly symbol: string;
  readonly type: RelocationType;
  /** The addend, a safe integer (usually -4 for a PC-relative rel32 at the end of an insn). */
  readonly addend: number;
}

/** One relocation in the object's list: patch `section` at `offset` with `symbol + addend`. */
export interface RelocationDescription extends SectionRelocation {
  /** Name of the section to patch. */
  readonly section: string;
}

/** Everything in one relocatable object. */
export interface ObjectDescription {
  readonly sections: readonly SectionDescription[];
  readonly symbols: readonly SymbolDescription[];
  readonly relocations: readonly RelocationDescription[];
}

/** Options of `writeElf`. */
export interface WriteElfOptions {
  /**
   * Reject absolute relocations (`R_X86_64_64`, `_32`, `_32S`) in sections that are not
   * writable, which would need text relocations in a position-independent executable.
   * Default `true`: `cc` links PIE by default.
   */
  readonly positionIndependent?: boolean;
}
