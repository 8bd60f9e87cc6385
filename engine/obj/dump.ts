/**
 * The object dumper behind the golden files: plain, deterministic text made in-process from the
 * bytes alone (no paths, dates or tool versions). In order:
 * - the ELF header;
 * - the sections;
 * - the symbols, sorted by section index, then value, then section symbols first, then name
 *   (absolute and common symbols after the sections; undefined symbols last, by name);
 * - the relocations of each relocated section, by offset;
 * - lines from the optional `describe` hook (the ABI's module descriptor);
 * - each defined function symbol's code, in symbol order: through the `disassemble` hook, or as
 *   a hex dump when there is none.
 *
 * @module
 */

import {
  RELOCATION_TYPES,
  rowByCode,
  SECTION_FLAGS,
  SECTION_TYPES,
  SHN,
  SYMBOL_BINDINGS,
  SYMBOL_TYPES,
  SYMBOL_VISIBILITIES,
} from "./_tables.ts";
import { type ElfObject, type ElfRelocation, type ElfSymbol, readElf } from "./read_elf.ts";

/** A relocation inside one function, as the disassembly hook sees it. */
export interface DumpRelocation {
  /** Offset from the start of the function. */
  readonly offset: number;
  /** Relocation type name, such as `R_X86_64_PLT32`. */
  readonly type: string;
  /** Symbol name (a section symbol is named after its section). */
  readonly symbol: string;
  readonly addend: number;
}

/** Options of `dumpObject`. */
export interface DumpOptions {
  /** Renders one function's code as lines (the x64 disassembler); offsets are function-relative. */
  readonly disassemble?: (code: Uint8Array, relocations: readonly DumpRelocation[]) => string[];
  /** Extra lines printed after the relocations, such as the module descriptor. */
  readonly describe?: (object: ElfObject) => string[];
}

const FILE_TYPES: readonly { code: number; name: string }[] = [
  { code: 1, name: "REL" },
  { code: 2, name: "EXEC" },
  { code: 3, name: "DYN" },
];
const MACHINES: readonly { code: number; name: string }[] = [{ code: 62, name: "X86_64" }];

/** The upper-case name of `code` in `rows`, or the number in hex. */
function label(rows: readonly { code: number; name: string }[], code: number): string {
  return rowByCode(rows, code)?.name.toUpperCase() ?? `0x${code.toString(16)}`;
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** Formats rows as left-aligned columns, two spaces apart, indented by two. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, at) => widths[at] = Math.max(widths[at] ?? 0, cell.length));
  }
  return rows.map((row) =>
    `  ${row.map((cell, at) => cell.padEnd(widths[at] ?? 0)).join("  ")}`.trimEnd()
  );
}

function flagLetters(flags: number): string {
  const letters = SECTION_FLAGS.filter((row) => (flags & row.bit) !== 0).map((row) => row.letter);
  const known = SECTION_FLAGS.reduce((bits, row) => bits | row.bit, 0);
  const unknown = flags & ~known;
  return letters.join("") + (unknown === 0 ? "" : `+${hex(unknown)}`);
}

function sectionName(object: ElfObject, index: number): string {
  if (index === SHN.undef) return "UNDEF";
  if (index === SHN.abs) return "ABS";
  if (index === SHN.common) return "COMMON";
  return object.sections[index]?.name ?? `#${index}`;
}

/** A symbol's display name: section symbols take their section's name. */
function symbolName(object: ElfObject, symbol: ElfSymbol | undefined, index: number): string {
  if (symbol === undefined) return `#${index}`;
  const isSection = label(SYMBOL_TYPES, symbol.type) === "SECTION" && symbol.name === "";
  return isSection ? sectionName(object, symbol.sectionIndex) : symbol.name;
}

function headerLines(object: ElfObject): string[] {
  const relocationCount = object.relocations.reduce((sum, rela) => sum + rela.entries.length, 0);
  return [
    "ELF header:",
    `  class ELF64, data little-endian, type ${label(FILE_TYPES, object.header.type)}, ` +
    `machine ${label(MACHINES, object.header.machine)}`,
    `  sections ${object.sections.length}, symbols ${Math.max(0, object.symbols.length - 1)}, ` +
    `relocations ${relocationCount}`,
  ];
}

function sectionLines(object: ElfObject): string[] {
  const rows = object.sections.slice(1).map((section) => [
    String(section.index),
    section.name,
    label(SECTION_TYPES, section.type),
    flagLetters(section.flags),
    hex(section.size),
    String(section.align),
  ]);
  return [
    "",
    "Sections:",
    ...columns([["idx", "name", "type", "flags", "size", "align"], ...rows]),
  ];
}

/** Sort key position of a section index: sections, then ABS/COMMON, then UNDEF last. */
function sectionRank(index: number): number {
  return index === SHN.undef ? Number.MAX_SAFE_INTEGER : index;
}

function sortedSymbols(object: ElfObject): ElfSymbol[] {
  const isSection = (symbol: ElfSymbol) => label(SYMBOL_TYPES, symbol.type) === "SECTION";
  return object.symbols.slice(1).sort((left, right) =>
    sectionRank(left.sectionIndex) - sectionRank(right.sectionIndex) ||
    left.value - right.value ||
    Number(isSection(right)) - Number(isSection(left)) ||
    (left.name < right.name ? -1 : left.name > right.name ? 1 : 0) ||
    left.index - right.index
  );
}

function symbolLines(object: ElfObject): string[] {
  const rows = sortedSymbols(object).map((symbol) => [
    symbolName(object, symbol, symbol.index),
    label(SYMBOL_BINDINGS, symbol.binding),
    label(SYMBOL_TYPES, symbol.type),
    label(SYMBOL_VISIBILITIES, symbol.visibility),
    sectionName(object, symbol.sectionIndex),
    hex(symbol.value),
    String(symbol.size),
  ]);
  const title = ["name", "binding", "type", "visibility", "section", "value", "size"];
  return ["", "Symbols:", ...columns([title, ...rows])];
}

function target(object: ElfObject, symbolIndex: number, addend: number): string {
  const name = symbolName(object, object.symbols[symbolIndex], symbolIndex);
  return `${name}${addend < 0 ? "-" : "+"}${Math.abs(addend)}`;
}

function relocationLines(object: ElfObject): string[] {
  return object.relocations.flatMap((rela) => {
    const rows = [...rela.entries].sort((left, right) => left.offset - right.offset).map(
      (entry) => [
        hex(entry.offset),
        label(RELOCATION_TYPES, entry.type),
        target(object, entry.symbolIndex, entry.addend),
      ],
    );
    const title = `Relocations in ${sectionName(object, rela.targetIndex)}:`;
    return ["", title, ...columns([["offset", "type", "target"], ...rows])];
  });
}

/** Hex dump lines of `code`, 16 bytes a line, with function-relative offsets. */
function hexLines(code: Uint8Array): string[] {
  const lines: string[] = [];
  for (let at = 0; at < code.length; at += 16) {
    const bytes = [...code.subarray(at, at + 16)].map((byte) => byte.toString(16).padStart(2, "0"));
    lines.push(`${at.toString(16).padStart(4, "0")}: ${bytes.join(" ")}`);
  }
  return lines;
}

/** Relocation entries by the index of the section they patch, sorted by offset. */
type RelocationsBySection = ReadonlyMap<number, readonly ElfRelocation[]>;

function relocationsBySection(object: ElfObject): RelocationsBySection {
  const bySection = new Map<number, ElfRelocation[]>();
  for (const rela of object.relocations) {
    bySection.set(rela.targetIndex, [...(bySection.get(rela.targetIndex) ?? []), ...rela.entries]);
  }
  for (const entries of bySection.values()) {
    entries.sort((left, right) => left.offset - right.offset);
  }
  return bySection;
}

/** The relocations that patch bytes of `symbol`, with offsets made function-relative. */
function functionRelocations(
  object: ElfObject,
  symbol: ElfSymbol,
  bySection: RelocationsBySection,
): DumpRelocation[] {
  const entries = bySection.get(symbol.sectionIndex) ?? [];
  let low = 0, high = entries.length; // binary search for the first entry at or after the symbol
  while (low < high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.offset < symbol.value) low = middle + 1;
    else high = middle;
  }
  const inside: DumpRelocation[] = [];
  for (let at = low; at < entries.length; at++) {
    const entry = entries[at]!;
    if (entry.offset >= symbol.value + symbol.size) break;
    inside.push({
      offset: entry.offset - symbol.value,
      type: label(RELOCATION_TYPES, entry.type),
      symbol: symbolName(object, object.symbols[entry.symbolIndex], entry.symbolIndex),
      addend: entry.addend,
    });
  }
  return inside;
}

function codeLines(object: ElfObject, options: DumpOptions): string[] {
  const functions = sortedSymbols(object).filter((symbol) =>
    label(SYMBOL_TYPES, symbol.type) === "FUNC" && symbol.sectionIndex !== SHN.undef &&
    object.sections[symbol.sectionIndex] !== undefined
  );
  const bySection = relocationsBySection(object);
  return functions.flatMap((symbol) => {
    const section = object.sections[symbol.sectionIndex]!;
    const code = section.data.subarray(symbol.value, symbol.value + symbol.size);
    const title = `Function ${symbol.name} (${section.name}+${hex(symbol.value)}, ` +
      `${code.length} bytes):`;
    const body = options.disassemble === undefined
      ? hexLines(code)
      : options.disassemble(code, functionRelocations(object, symbol, bySection));
    return ["", title, ...body.map((line) => `  ${line}`.trimEnd())];
  });
}

/**
 * Dumps an ELF64 object as deterministic text (order in the module doc).
 *
 * @throws {ElfReadError} when `bytes` is not a readable ELF64 little-endian object.
 */
export function dumpObject(bytes: Uint8Array, options: DumpOptions = {}): string {
  const object = readElf(bytes);
  const lines = [
    ...headerLines(object),
    ...sectionLines(object),
    ...symbolLines(object),
    ...relocationLines(object),
    ...(options.describe === undefined ? [] : ["", ...options.describe(object)]),
    ...codeLines(object, options),
  ];
  return `${lines.join("\n")}\n`;
}
