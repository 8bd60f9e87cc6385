/**
 * Checks an object description and resolves its names into ELF numbers: section indices, the
 * symbol table order, and each relocation's symbol index, encoded straight into its `.rela`
 * entry (`_rela.ts`). `elf.ts` then only lays out bytes.
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
import { RelaEntries } from "./_rela.ts";
import type {
  ObjectDescription,
  RelocationDescription,
  SectionDescription,
  SectionRelocation,
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
  /** Relocations against this section, as `.rela` entries sorted by offset. */
  readonly rela: Uint8Array;
  readonly relocationCount: number;
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

/** The resolved object. */
export interface ObjectPlan {
  readonly sections: readonly PlannedSection[];
  readonly symbols: readonly PlannedSymbol[];
  /** Index of the first non-local symbol (`.symtab` `sh_info`). */
  readonly firstGlobal: number;
  /** Whether two symbols may share a name; when not, `.strtab` need not look for equal names. */
  readonly sharedNames: boolean;
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

/** Name → code of each symbol attribute table, derived once (the planner reads them per symbol). */
function codesByName(rows: readonly { name: string; code: number }[]): ReadonlyMap<string, number> {
  const codes = new Map<string, number>();
  for (const row of rows) if (!codes.has(row.name)) codes.set(row.name, row.code);
  return codes;
}

const BINDING_CODES = codesByName(SYMBOL_BINDINGS);
const TYPE_CODES = codesByName(SYMBOL_TYPES.filter((row) => row.name !== "file"));
const VISIBILITY_CODES = codesByName(SYMBOL_VISIBILITIES);
const SECTION_TYPE_CODE = TYPE_CODES.get("section")!;

/**
 * Checks one symbol description against the planned sections and gives its ELF numbers. This
 * runs once per function of the module, so only a failure spells out where it is.
 */
function planSymbol(
  symbol: SymbolDescription,
  sections: ReadonlyMap<string, Placed>,
): PlannedSymbol {
  checkName(symbol.name, "a symbol");
  const binding = BINDING_CODES.get(symbol.binding);
  if (binding === undefined) fail(`symbol ${symbol.name}: bad binding`);
  const type = TYPE_CODES.get(symbol.type);
  if (type === undefined) fail(`symbol ${symbol.name}: bad type ${JSON.stringify(symbol.type)}`);
  const visibility = VISIBILITY_CODES.get(symbol.visibility ?? "default");
  if (visibility === undefined) fail(`symbol ${symbol.name}: bad visibility`);
  const { offset, size } = symbol;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    checkCount(offset, `symbol ${symbol.name} offset`);
  }
  if (!Number.isSafeInteger(size) || size < 0) checkCount(size, `symbol ${symbol.name} size`);
  let sectionIndex: number = SHN.undef;
  if (symbol.section === undefined) {
    if (symbol.binding === "local") fail(`symbol ${symbol.name} is undefined but local`);
    if (type === SECTION_TYPE_CODE) {
      fail(`symbol ${symbol.name} is a section symbol without a section`);
    }
    if (offset !== 0 || size !== 0) fail(`symbol ${symbol.name} is undefined but has a place`);
  } else {
    const section = sections.get(symbol.section);
    if (section === undefined) {
      fail(`symbol ${symbol.name} is in unknown section ${symbol.section}`);
    }
    if (offset + size > section.size) {
      fail(`symbol ${symbol.name} (offset ${offset}, size ${size}) overruns ${symbol.section}`);
    }
    if (type === SECTION_TYPE_CODE && (symbol.binding !== "local" || offset !== 0)) {
      fail(`symbol ${symbol.name} is a section symbol, so must be local at offset 0`);
    }
    sectionIndex = section.index;
  }
  return { name: symbol.name, binding, type, visibility, sectionIndex, value: offset, size };
}

/** A name → symbol index map for relocations, where a name several locals share maps to -1. */
class SymbolIndex {
  readonly byName = new Map<string, number>();
  readonly #globalNames = new Set<string>();
  /** Whether two entries share a name (so `.strtab` must look for equal names). */
  sharedNames = false;

  add(symbol: SymbolDescription, index: number): void {
    const global = symbol.binding !== "local";
    if (this.byName.has(symbol.name)) {
      // Locals may share a name (as static functions do), but then no relocation can name them.
      if (global || this.#globalNames.has(symbol.name)) {
        fail(`symbol ${symbol.name} is defined twice`);
      }
      this.byName.set(symbol.name, -1);
      this.sharedNames = true;
      return;
    }
    if (global) this.#globalNames.add(symbol.name);
    this.byName.set(symbol.name, index);
  }
}

/**
 * Builds the symbol table (in the order the module doc gives) and the name → index map for
 * relocations.
 */
function planSymbols(symbols: readonly SymbolDescription[], sections: ReadonlyMap<string, Placed>) {
  const table: PlannedSymbol[] = [
    { name: "", binding: 0, type: 0, visibility: 0, sectionIndex: SHN.undef, value: 0, size: 0 },
  ];
  const [binding, type] = [BINDING_CODES.get("local")!, SECTION_TYPE_CODE];
  for (const { index } of sections.values()) {
    table.push({ name: "", binding, type, visibility: 0, sectionIndex: index, value: 0, size: 0 });
  }
  const index = new SymbolIndex();
  const planned: PlannedSymbol[] = [];
  for (const symbol of symbols) {
    const symbolPlan = planSymbol(symbol, sections);
    if (symbolPlan.type === SECTION_TYPE_CODE) index.add(symbol, symbolPlan.sectionIndex);
    planned.push(symbolPlan);
  }
  for (let at = 0; at < symbols.length; at++) {
    const symbol = symbols[at]!, symbolPlan = planned[at]!;
    if (symbol.binding !== "local" || symbolPlan.type === SECTION_TYPE_CODE) continue;
    index.add(symbol, table.length);
    table.push(symbolPlan);
  }
  const firstGlobal = table.length;
  for (let at = 0; at < symbols.length; at++) {
    const symbol = symbols[at]!;
    if (symbol.binding === "local") continue;
    index.add(symbol, table.length);
    table.push(planned[at]!);
  }
  return { table, index, firstGlobal };
}

/** Rejects a relocation a position-independent executable cannot apply (see `PieUse`). */
function checkPie(row: RelocationRow, sectionFlags: number, where: () => string): void {
  if ((sectionFlags & ALLOC) === 0 || row.pie === "anywhere") return;
  if (row.pie === "never") fail(`${where()}: ${row.name} cannot hold a PIE address`);
  if ((sectionFlags & WRITE) === 0) {
    fail(`${where()}: absolute ${row.name} in a read-only section needs a text relocation`);
  }
}

/**
 * The section named `name` that relocations patch, checked; with the entries they go to, made
 * for the `expected` count when it is the first relocation of the section.
 */
function patchedSection(
  name: string,
  offset: number,
  sections: ReadonlyMap<string, ReturnType<typeof planSection>>,
  grouped: Map<string, RelaEntries>,
  expected: number,
) {
  const section = sections.get(name);
  if (section === undefined) fail(`${at(name, offset)} patches an unknown section`);
  if (section.type === "nobits") fail(`${at(name, offset)} patches a nobits section`);
  // Legal ELF, but readelf then warns that it cannot apply them to read the notes.
  if (section.type === "note") fail(`${at(name, offset)} patches a note section`);
  let entries = grouped.get(name);
  if (entries === undefined) grouped.set(name, entries = new RelaEntries(expected));
  return { section, entries };
}

function relocationRow(section: string, relocation: SectionRelocation): RelocationRow {
  const row = rowByName(RELOCATION_TYPES, relocation.type);
  if (row === undefined) {
    fail(`${at(section, relocation.offset)} has unknown type ${JSON.stringify(relocation.type)}`);
  }
  return row;
}

/** Where a relocation is, for messages: built only on failure, as the loop runs per call site. */
function at(section: string, offset: number): string {
  return `relocation at ${section}+${offset}`;
}

/**
 * The relocations to plan, as (section, relocations) runs: each section's own list, then the
 * object's list (whose entries name their section, given here as `undefined`).
 */
function relocationRuns(description: ObjectDescription) {
  const runs: [string | undefined, readonly SectionRelocation[]][] = [];
  for (const section of description.sections) {
    if (section.relocations !== undefined) runs.push([section.name, section.relocations]);
  }
  runs.push([undefined, description.relocations]);
  return runs;
}

/**
 * Checks and resolves the relocations of the object, grouped by the section they patch.
 * Relocations come in runs of one section, type and symbol, so each run looks those up once.
 */
function planRelocations(
  description: ObjectDescription,
  sections: ReadonlyMap<string, ReturnType<typeof planSection>>,
  indexByName: ReadonlyMap<string, number>,
  positionIndependent: boolean,
): Map<string, RelaEntries> {
  const grouped = new Map<string, RelaEntries>();
  let patched: ReturnType<typeof patchedSection> | undefined, row: RelocationRow | undefined;
  let previousSymbol: string | undefined, symbolIndex = 0;
  for (const [runSection, relocations] of relocationRuns(description)) {
    for (const relocation of relocations) {
      const { offset, addend, symbol } = relocation;
      const name = runSection ?? (relocation as RelocationDescription).section;
      if (patched === undefined || name !== patched.section.description.name) {
        patched = patchedSection(name, offset, sections, grouped, relocations.length);
      }
      if (row === undefined || relocation.type !== row.name) row = relocationRow(name, relocation);
      if (!Number.isSafeInteger(offset) || offset < 0) {
        checkCount(offset, `${at(name, offset)} offset`);
      }
      if (offset + row.size > patched.section.size) {
        fail(`${at(name, offset)} overruns its section`);
      }
      if (!Number.isSafeInteger(addend)) fail(`${at(name, offset)} addend is not a safe integer`);
      if (symbol !== previousSymbol) {
        const found = indexByName.get(symbol);
        if (found === undefined) fail(`${at(name, offset)} refers to unknown symbol ${symbol}`);
        if (found < 0) fail(`${at(name, offset)} refers to ambiguous local symbol ${symbol}`);
        previousSymbol = symbol;
        symbolIndex = found;
      }
      if (positionIndependent && row.pie !== "anywhere") {
        checkPie(row, patched.section.flags, () => at(name, offset));
      }
      patched.entries.add(offset, row, symbolIndex, addend);
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
    description,
    checked,
    symbols.index.byName,
    options.positionIndependent,
  );
  // Sorting and the overlap check come last, section by section, once every name resolved.
  const finished = new Map<string, Uint8Array>();
  for (const [name, entries] of relocations) finished.set(name, entries.finish(name));
  const sections = [...checked.values()].map((section) => {
    const name = section.description.name;
    const rela = finished.get(name) ?? new Uint8Array(0);
    return { ...section, rela, relocationCount: relocations.get(name)?.count ?? 0 };
  });
  const taken = new Set(sections.map((section) => section.description.name));
  const generated = [
    ...GENERATED_NAMES,
    ...sections.filter((section) => section.relocationCount > 0).map((section) =>
      `.rela${section.description.name}`
    ),
  ];
  for (const name of generated) {
    if (taken.has(name)) fail(`section ${name} collides with a section the writer generates`);
  }
  return {
    sections,
    symbols: symbols.table,
    firstGlobal: symbols.firstGlobal,
    sharedNames: symbols.index.sharedNames,
  };
}
