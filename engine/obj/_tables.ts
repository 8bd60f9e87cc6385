/**
 * ELF64 and x86-64 numbers, as tables keyed by the names the description and the dumper use.
 * Writer, reader and dumper all read these; no ELF constant is spelled anywhere else.
 *
 * Sources: System V gABI ch. 4 (Object Files); AMD64 psABI §4 (relocation types).
 *
 * @module
 */

import type {
  RelocationType,
  SectionFlag,
  SectionKind,
  SectionType,
  SymbolBinding,
  SymbolType,
  SymbolVisibility,
} from "./types.ts";

/** Sizes of the fixed ELF64 records. */
export const ELF64 = {
  headerSize: 64,
  sectionHeaderSize: 64,
  symbolSize: 24,
  relaSize: 24,
} as const;

/** e_ident and header values for an x86-64 relocatable object. */
export const IDENT = {
  magic: [0x7f, 0x45, 0x4c, 0x46], // "\x7fELF"
  classElf64: 2,
  dataLittleEndian: 1,
  versionCurrent: 1,
  osabiSysv: 0,
  typeRel: 1,
  machineX8664: 62,
} as const;

/** Special section indices (gABI 4, "Special Section Indexes"). */
export const SHN = { undef: 0, loReserve: 0xff00, abs: 0xfff1, common: 0xfff2 } as const;

/** Section types: description name (or internal name) → SHT_* value, and the dumper's label. */
export const SECTION_TYPES: readonly { name: SectionType | InternalSectionType; code: number }[] = [
  { name: "null", code: 0 },
  { name: "progbits", code: 1 },
  { name: "symtab", code: 2 },
  { name: "strtab", code: 3 },
  { name: "rela", code: 4 },
  { name: "nobits", code: 8 },
  { name: "note", code: 7 },
  { name: "init_array", code: 14 },
  { name: "fini_array", code: 15 },
];

/** Section types a description may ask for. */
export const DESCRIBABLE_SECTION_TYPES: readonly string[] = [
  "progbits",
  "nobits",
  "note",
  "init_array",
  "fini_array",
] satisfies SectionType[];

/** Section types only the writer itself creates. */
export type InternalSectionType = "null" | "symtab" | "strtab" | "rela";

/** Section flags: name → SHF_* bit and the letter `readelf` prints. */
export const SECTION_FLAGS: readonly {
  name: SectionFlag | "info_link";
  bit: number;
  letter: string;
}[] = [
  { name: "write", bit: 0x1, letter: "W" },
  { name: "alloc", bit: 0x2, letter: "A" },
  { name: "execinstr", bit: 0x4, letter: "X" },
  { name: "merge", bit: 0x10, letter: "M" },
  { name: "strings", bit: 0x20, letter: "S" },
  { name: "info_link", bit: 0x40, letter: "I" },
  { name: "tls", bit: 0x400, letter: "T" },
];

/** What each section kind means by default. */
export const SECTION_KINDS: Readonly<
  Record<SectionKind, { type: SectionType; flags: readonly SectionFlag[] }>
> = {
  text: { type: "progbits", flags: ["alloc", "execinstr"] },
  rodata: { type: "progbits", flags: ["alloc"] },
  data: { type: "progbits", flags: ["write", "alloc"] },
  bss: { type: "nobits", flags: ["write", "alloc"] },
  note: { type: "note", flags: ["alloc"] },
  custom: { type: "progbits", flags: [] },
};

/** Symbol bindings: name → STB_* value. */
export const SYMBOL_BINDINGS: readonly { name: SymbolBinding; code: number }[] = [
  { name: "local", code: 0 },
  { name: "global", code: 1 },
  { name: "weak", code: 2 },
];

/** Symbol types: name → STT_* value (`file` only appears in objects other tools wrote). */
export const SYMBOL_TYPES: readonly { name: SymbolType | "file"; code: number }[] = [
  { name: "notype", code: 0 },
  { name: "object", code: 1 },
  { name: "func", code: 2 },
  { name: "section", code: 3 },
  { name: "file", code: 4 },
];

/** Symbol visibilities: name → STV_* value. */
export const SYMBOL_VISIBILITIES: readonly { name: SymbolVisibility | "internal"; code: number }[] =
  [
    { name: "default", code: 0 },
    { name: "internal", code: 1 },
    { name: "hidden", code: 2 },
    { name: "protected", code: 3 },
  ];

/**
 * Where a relocation type may patch allocated bytes of a position-independent executable:
 * - `anywhere`: PC-relative, resolved at link time;
 * - `writable`: becomes a dynamic `R_X86_64_RELATIVE`/`R_X86_64_64`, so only in writable (or
 *   relro) data: in code or read-only data it would be a text relocation;
 * - `never`: a 32-bit absolute address cannot hold a PIE's load address.
 */
export type PieUse = "anywhere" | "writable" | "never";

/** One x86-64 relocation type: its R_X86_64_* value and the field it patches. */
export interface RelocationRow {
  readonly name: RelocationType;
  readonly code: number;
  /** Width of the patched field in bytes. */
  readonly size: 4 | 8;
  readonly pie: PieUse;
}

/** x86-64 relocation types (AMD64 psABI §4.4.1, table "Relocation Types"). */
export const RELOCATION_TYPES: readonly RelocationRow[] = [
  { name: "R_X86_64_64", code: 1, size: 8, pie: "writable" }, // S + A
  { name: "R_X86_64_PC32", code: 2, size: 4, pie: "anywhere" }, // S + A - P
  { name: "R_X86_64_PLT32", code: 4, size: 4, pie: "anywhere" }, // L + A - P
  { name: "R_X86_64_GOTPCREL", code: 9, size: 4, pie: "anywhere" }, // G + GOT + A - P
  { name: "R_X86_64_32", code: 10, size: 4, pie: "never" }, // S + A, zero-extended
  { name: "R_X86_64_32S", code: 11, size: 4, pie: "never" }, // S + A, sign-extended
  { name: "R_X86_64_PC64", code: 24, size: 8, pie: "anywhere" }, // S + A - P
];

/** Each table's rows by name (the first row of a name wins), built on first lookup. */
const rowIndexes = new WeakMap<readonly { name: string }[], Map<string, { name: string }>>();

/**
 * Finds the row whose `name` matches; `undefined` when none does. The writer looks a row up
 * per symbol and per relocation, so each table gets a name index on its first lookup.
 */
export function rowByName<Row extends { name: string }>(
  rows: readonly Row[],
  name: string,
): Row | undefined {
  let index = rowIndexes.get(rows);
  if (index === undefined) {
    index = new Map();
    for (const row of rows) if (!index.has(row.name)) index.set(row.name, row);
    rowIndexes.set(rows, index);
  }
  return index.get(name) as Row | undefined;
}

/** Finds the row whose `code` matches; `undefined` when none does. */
export function rowByCode<Row extends { code: number }>(
  rows: readonly Row[],
  code: number,
): Row | undefined {
  return rows.find((row) => row.code === code);
}

/** ORs the SHF_* bits of the named flags. */
export function flagBits(flags: readonly (SectionFlag | "info_link")[]): number {
  let bits = 0;
  for (const flag of flags) bits |= rowByName(SECTION_FLAGS, flag)?.bit ?? 0;
  return bits;
}
