/**
 * Checks an object description and resolves its names into ELF numbers: section indices, the
 * symbol table order and each relocation's symbol index. `elf.ts` then only lays out bytes.
 *
 * Symbol table order (deterministic, and what gABI requires of locals):
 * 1. the null symbol;
 * 2. one `STT_SECTION` symbol per described section, in section order;
 * 3. the described local symbols, in description order;
 * 4. the described global and weak symbols, in description order (`.symtab` `sh_info` points
 *    at the first of them).
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import {
  DESCRIBABLE_SECTION_TYPES,
  flagBits,
  RELOCATION_TYPES,
  type RelocationRow,
  rowByName,
  SECTION_FLAGS,
  SECTION_KINDS,
  SHN,
  SYMBOL_BINDINGS,
  SYMBOL_TYPES,
  SYMBOL_VISIBILITIES,
} from "./_tables.ts";
import type {
  ObjectDescription,
  RelocationDescription,
  SectionDescription,
  SectionType,
  SymbolDescription,
} from "./types.ts";

/** A described section with its ELF numbers. */
export interface PlannedSection {
  readonly description: SectionDescription;
  /** Section header index (1-based: index 0 is the null section). */
  readonly index: number;
  readonly type: SectionType;
  readonly flags: number;
  /** `sh_size`: the data length, or the `nobits` size. */
  readonly size: number;
  /** Relocations against this section, sorted by offset. */
  readonly relocations: readonly PlannedRelocation[];
}

/** A symbol in symbol-table order. */
export interface PlannedSymbol {
  /** Name written to `.strtab` ("" for section symbols). */
  readonly name: string;
  readonly binding: number;
  readonly type: number;
  readonly visibility: number;
  /** `st_shndx`. */
  readonly sectionIndex: number;
  readonly value: number;
  readonly size: number;
}

/** A relocation with its symbol resolved. */
export interface PlannedRelocation {
  readonly offset: number;
  readonly row: RelocationRow;
  readonly symbolIndex: number;
  readonly addend: number;
}

/** The resolved object. */
export interface ObjectPlan {
  readonly sections: readonly PlannedSection[];
  readonly symbols: readonly PlannedSymbol[];
  /** Index of the first non-local symbol (`.symtab` `sh_info`). */
  readonly firstGlobal: number;
}

/** What symbols need to know of a section: its index and size. */
type Placed = { readonly index: number; readonly size: number };

const ALLOC = flagBits(["alloc"]), WRITE = flagBits(["write"]);

/** Section names the writer generates itself. */
const GENERATED_NAMES = [".note.GNU-stack", ".symtab", ".strtab", ".shstrtab"];

/** Headroom below SHN_LORESERVE for the generated sections. */
const MAX_SECTIONS = SHN.loReserve - 16;

function fail(message: string): never {
  throw new InternalError(`writeElf: ${message}`);
}

function checkName(name: string, what: string): void {
  if (typeof name !== "string" || name.length === 0) fail(`${what} has an empty name`);
  if (name.includes("\0")) fail(`${what} name ${JSON.stringify(name)} contains NUL`);
}

/** `what` may be a function, so the hot paths build their message only on failure. */
function checkCount(value: number, what: string | (() => string)): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    fail(
      `${typeof what === "string" ? what : what()} must be a non-negative integer, got ${value}`,
    );
  }
}

/** Checks one section description and returns its type, flags and size. */
function planSection(section: SectionDescription, index: number) {
  checkName(section.name, "a section");
  const where = `section ${section.name}`;
  const kind = SECTION_KINDS[section.kind];
  if (kind === undefined) fail(`${where} has unknown kind ${JSON.stringify(section.kind)}`);
  if (!(section.data instanceof Uint8Array)) fail(`${where} data is not a Uint8Array`);
  const align = section.align;
  if (!Number.isSafeInteger(align) || align < 1 || (align & (align - 1)) !== 0) {
    fail(`${where} alignment ${align} is not a power of two`);
  }
  const type = section.type ?? kind.type;
  if (!DESCRIBABLE_SECTION_TYPES.includes(type)) {
    fail(`${where} has unknown type ${JSON.stringify(type)}`);
  }
  if (type === "note" && align !== 4 && align !== 8) fail(`${where} is a note, so aligned 4 or 8`);
  const flagNames = section.flags ?? kind.flags;
  for (const flag of flagNames) {
    if (rowByName(SECTION_FLAGS, flag) === undefined) fail(`${where} has unknown flag ${flag}`);
  }
  if (section.entsize !== undefined) checkCount(section.entsize, `${where} entsize`);
  let size = section.data.length;
  if (section.size !== undefined) {
    if (type !== "nobits") fail(`${where}: only a nobits section takes a size`);
    checkCount(section.size, `${where} size`);
    if (section.size < size) fail(`${where} size is smaller than its data`);
    size = section.size;
  }
  if (type === "nobits" && section.data.some((byte) => byte !== 0)) {
    fail(`${where} is nobits but its data is not all zero`);
  }
  return { description: section, index, type, flags: flagBits(flagNames), size };
}

/** Checks one symbol description against the planned sections. */
function checkSymbol(symbol: SymbolDescription, sections: ReadonlyMap<string, Placed>) {
  checkName(symbol.name, "a symbol");
  // Only a failure spells out where it is: this runs once per function of the module.
  const where = () => `symbol ${symbol.name}`;
  if (rowByName(SYMBOL_BINDINGS, symbol.binding) === undefined) fail(`${where()}: bad binding`);
  if (rowByName(SYMBOL_TYPES, symbol.type) === undefined || symbol.type as string === "file") {
    fail(`${where()}: bad type ${JSON.stringify(symbol.type)}`);
  }
  if (rowByName(SYMBOL_VISIBILITIES, symbol.visibility ?? "default") === undefined) {
    fail(`${where()}: bad visibility`);
  }
  checkCount(symbol.offset, () => `${where()} offset`);
  checkCount(symbol.size, () => `${where()} size`);
  if (symbol.section === undefined) {
    if (symbol.binding === "local") fail(`${where()} is undefined but local`);
    if (symbol.type === "section") fail(`${where()} is a section symbol without a section`);
    if (symbol.offset !== 0 || symbol.size !== 0) fail(`${where()} is undefined but has a place`);
    return;
  }
  const section = sections.get(symbol.section);
  if (section === undefined) fail(`${where()} is in unknown section ${symbol.section}`);
  if (symbol.offset + symbol.size > section.size) {
    fail(`${where()} (offset ${symbol.offset}, size ${symbol.size}) overruns ${symbol.section}`);
  }
  if (symbol.type === "section" && (symbol.binding !== "local" || symbol.offset !== 0)) {
    fail(`${where()} is a section symbol, so must be local at offset 0`);
  }
}

/** Builds the symbol table and a name → index map for relocations (ambiguous names map to -1). */
function planSymbols(symbols: readonly SymbolDescription[], sections: ReadonlyMap<string, Placed>) {
  const table: PlannedSymbol[] = [
    { name: "", binding: 0, type: 0, visibility: 0, sectionIndex: SHN.undef, value: 0, size: 0 },
  ];
  for (const section of sections.values()) {
    table.push({
      name: "",
      ...numbers("local", "section", "default"),
      sectionIndex: section.index,
      value: 0,
      size: 0,
    });
  }
  const indexByName = new Map<string, number>();
  const globalNames = new Set<string>();
  const add = (symbol: SymbolDescription, index: number) => {
    const global = symbol.binding !== "local";
    if (indexByName.has(symbol.name)) {
      // Locals may share a name (as static functions do), but then no relocation can name them.
      if (global || globalNames.has(symbol.name)) fail(`symbol ${symbol.name} is defined twice`);
      indexByName.set(symbol.name, -1);
      return;
    }
    if (global) globalNames.add(symbol.name);
    indexByName.set(symbol.name, index);
  };
  for (const symbol of symbols) {
    checkSymbol(symbol, sections);
    if (symbol.type === "section") add(symbol, sections.get(symbol.section ?? "")?.index ?? 0);
  }
  const ordered = [
    ...symbols.filter((symbol) => symbol.binding === "local" && symbol.type !== "section"),
    ...symbols.filter((symbol) => symbol.binding !== "local"),
  ];
  let firstGlobal = -1;
  for (const symbol of ordered) {
    if (symbol.binding !== "local" && firstGlobal < 0) firstGlobal = table.length;
    add(symbol, table.length);
    table.push(toPlanned(symbol, sections));
  }
  return { table, indexByName, firstGlobal: firstGlobal < 0 ? table.length : firstGlobal };
}

function numbers(binding: string, type: string, visibility: string) {
  return {
    binding: rowByName(SYMBOL_BINDINGS, binding)?.code ?? 0,
    type: rowByName(SYMBOL_TYPES, type)?.code ?? 0,
    visibility: rowByName(SYMBOL_VISIBILITIES, visibility)?.code ?? 0,
  };
}

function toPlanned(
  symbol: SymbolDescription,
  sections: ReadonlyMap<string, Placed>,
): PlannedSymbol {
  const section = symbol.section === undefined ? undefined : sections.get(symbol.section);
  const { binding, type, visibility } = numbers(
    symbol.binding,
    symbol.type,
    symbol.visibility ?? "default",
  );
  return {
    name: symbol.name,
    binding,
    type,
    visibility,
    sectionIndex: section?.index ?? SHN.undef,
    value: symbol.offset,
    size: symbol.size,
  };
}

/** Rejects a relocation a position-independent executable cannot apply (see `PieUse`). */
function checkPie(row: RelocationRow, sectionFlags: number, where: () => string): void {
  if ((sectionFlags & ALLOC) === 0 || row.pie === "anywhere") return;
  if (row.pie === "never") fail(`${where()}: ${row.name} cannot hold a PIE address`);
  if ((sectionFlags & WRITE) === 0) {
    fail(`${where()}: absolute ${row.name} in a read-only section needs a text relocation`);
  }
}

/** Checks and resolves the relocations of the object, grouped by the section they patch. */
function planRelocations(
  relocations: readonly RelocationDescription[],
  sections: ReadonlyMap<string, ReturnType<typeof planSection>>,
  indexByName: ReadonlyMap<string, number>,
  positionIndependent: boolean,
): Map<string, PlannedRelocation[]> {
  const grouped = new Map<string, PlannedRelocation[]>();
  // Only a failure spells out where it is: this loop runs once per call site of the code.
  const at = (relocation: RelocationDescription) =>
    `relocation at ${relocation.section}+${relocation.offset}`;
  for (const relocation of relocations) {
    const section = sections.get(relocation.section);
    if (section === undefined) fail(`${at(relocation)} patches an unknown section`);
    if (section.type === "nobits") fail(`${at(relocation)} patches a nobits section`);
    // Legal ELF, but readelf then warns that it cannot apply them to read the notes.
    if (section.type === "note") fail(`${at(relocation)} patches a note section`);
    const row = rowByName(RELOCATION_TYPES, relocation.type);
    if (row === undefined) {
      fail(`${at(relocation)} has unknown type ${JSON.stringify(relocation.type)}`);
    }
    const { offset, addend, symbol } = relocation;
    if (!Number.isSafeInteger(offset) || offset < 0) checkCount(offset, `${at(relocation)} offset`);
    if (offset + row.size > section.size) fail(`${at(relocation)} overruns its section`);
    if (!Number.isSafeInteger(addend)) fail(`${at(relocation)} addend is not a safe integer`);
    const symbolIndex = indexByName.get(symbol);
    if (symbolIndex === undefined) fail(`${at(relocation)} refers to unknown symbol ${symbol}`);
    if (symbolIndex < 0) fail(`${at(relocation)} refers to ambiguous local symbol ${symbol}`);
    if (positionIndependent && row.pie !== "anywhere") {
      checkPie(row, section.flags, () => at(relocation));
    }
    let list = grouped.get(relocation.section);
    if (list === undefined) grouped.set(relocation.section, list = []);
    list.push({ offset, row, symbolIndex, addend });
  }
  for (const [name, list] of grouped) {
    list.sort((left, right) => left.offset - right.offset);
    for (let at = 1; at < list.length; at++) {
      const previous = list[at - 1]!, current = list[at]!;
      if (current.offset < previous.offset + previous.row.size) {
        fail(`relocations at ${name}+${previous.offset} and +${current.offset} overlap`);
      }
    }
  }
  return grouped;
}

/**
 * Checks `description` and resolves it into ELF numbers.
 *
 * @throws {InternalError} on any invalid description.
 */
export function planObject(
  description: ObjectDescription,
  options: { positionIndependent: boolean },
): ObjectPlan {
  if (description.sections.length > MAX_SECTIONS) fail("too many sections");
  const checked = new Map<string, ReturnType<typeof planSection>>();
  description.sections.forEach((section, at) => {
    const planned = planSection(section, at + 1);
    if (checked.has(section.name)) fail(`section ${section.name} is described twice`);
    checked.set(section.name, planned);
  });
  const symbols = planSymbols(description.symbols, checked);
  const relocations = planRelocations(
    description.relocations,
    checked,
    symbols.indexByName,
    options.positionIndependent,
  );
  const sections = [...checked.values()].map((section) => ({
    ...section,
    relocations: relocations.get(section.description.name) ?? [],
  }));
  const taken = new Set(sections.map((section) => section.description.name));
  const generated = [
    ...GENERATED_NAMES,
    ...sections.filter((section) => section.relocations.length > 0).map((section) =>
      `.rela${section.description.name}`
    ),
  ];
  for (const name of generated) {
    if (taken.has(name)) fail(`section ${name} collides with a section the writer generates`);
  }
  return { sections, symbols: symbols.table, firstGlobal: symbols.firstGlobal };
}
