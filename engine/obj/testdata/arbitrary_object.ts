/**
 * fast-check arbitrary of valid object descriptions, for the obj roundtrip properties.
 *
 * Raw random choices are drawn first and then shaped into a description that is valid by
 * construction: unique names, symbols inside their sections, non-overlapping relocations, and
 * only PC-relative relocations in read-only allocated sections.
 *
 * @module
 */

import fc from "fast-check";
import { RELOCATION_TYPES } from "../_tables.ts";
import { buildNote } from "../note.ts";
import type {
  ObjectDescription,
  RelocationDescription,
  SectionDescription,
  SectionKind,
  SymbolBinding,
  SymbolDescription,
  SymbolVisibility,
} from "../types.ts";

/** The value type an arbitrary draws. */
type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;

const KINDS: readonly SectionKind[] = ["text", "rodata", "data", "bss", "note", "custom"];
const BINDINGS: readonly SymbolBinding[] = ["local", "global", "weak"];
const TYPES = ["func", "object", "notype"] as const;
const VISIBILITIES: readonly SymbolVisibility[] = ["default", "hidden", "protected"];

const rawSection = fc.record({
  kind: fc.constantFrom(...KINDS),
  data: fc.uint8Array({ maxLength: 48 }),
  alignLog: fc.integer({ min: 0, max: 5 }),
});

const rawSymbol = fc.record({
  binding: fc.constantFrom(...BINDINGS),
  type: fc.constantFrom(...TYPES),
  visibility: fc.constantFrom(...VISIBILITIES),
  section: fc.nat(),
  undefined: fc.boolean(),
  where: fc.nat(),
  length: fc.nat(),
});

const rawRelocation = fc.record({
  section: fc.nat(),
  gap: fc.nat({ max: 6 }),
  type: fc.nat(),
  symbol: fc.nat(),
  addend: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
});

function shapeSections(raw: Drawn<typeof rawSection>[]): SectionDescription[] {
  return raw.map((section, at) => {
    const name = `.${section.kind}.${at}`;
    if (section.kind === "note") {
      const data = buildNote({ name: "Ingot", type: at, desc: section.data });
      return { name, kind: section.kind, data, align: 4 };
    }
    const data = section.kind === "bss" ? new Uint8Array(section.data.length) : section.data;
    return { name, kind: section.kind, data, align: 2 ** section.alignLog };
  });
}

function shapeSymbols(
  raw: Drawn<typeof rawSymbol>[],
  sections: readonly SectionDescription[],
): SymbolDescription[] {
  const symbols: SymbolDescription[] = sections.map((section, at) => ({
    name: `section_${at}`,
    section: section.name,
    offset: 0,
    size: 0,
    binding: "local",
    type: "section",
  }));
  raw.forEach((symbol, at) => {
    const section = sections[symbol.section % sections.length]!;
    const name = `sym_${at}`;
    if (symbol.undefined && symbol.binding !== "local") {
      symbols.push({ name, offset: 0, size: 0, binding: symbol.binding, type: symbol.type });
      return;
    }
    const offset = symbol.where % (section.data.length + 1);
    const size = symbol.length % (section.data.length - offset + 1);
    const { binding, type, visibility } = symbol;
    symbols.push({ name, section: section.name, offset, size, binding, type, visibility });
  });
  return symbols;
}

function shapeRelocations(
  raw: Drawn<typeof rawRelocation>[],
  sections: readonly SectionDescription[],
  symbols: readonly SymbolDescription[],
): RelocationDescription[] {
  const next = new Map<string, number>();
  const relocations: RelocationDescription[] = [];
  for (const relocation of raw) {
    const section = sections[relocation.section % sections.length]!;
    if (section.kind === "bss" || section.kind === "note") continue;
    const readOnly = section.kind === "text" || section.kind === "rodata";
    const rows = RELOCATION_TYPES.filter((row) =>
      row.pie === "anywhere" || (row.pie === "writable" && !readOnly) || section.kind === "custom"
    );
    const row = rows[relocation.type % rows.length]!;
    const offset = (next.get(section.name) ?? 0) + relocation.gap;
    if (offset + row.size > section.data.length) continue;
    next.set(section.name, offset + row.size);
    const symbol = symbols[relocation.symbol % symbols.length]!;
    relocations.push({
      section: section.name,
      offset,
      symbol: symbol.name,
      type: row.name,
      addend: relocation.addend,
    });
  }
  return relocations;
}

/** Valid object descriptions with 1–5 sections, up to 8 symbols and 12 relocations. */
export const arbitraryObject: fc.Arbitrary<ObjectDescription> = fc.record({
  sections: fc.array(rawSection, { minLength: 1, maxLength: 5 }),
  symbols: fc.array(rawSymbol, { maxLength: 8 }),
  relocations: fc.array(rawRelocation, { maxLength: 12 }),
}).map((raw) => {
  const sections = shapeSections(raw.sections);
  const symbols = shapeSymbols(raw.symbols, sections);
  return { sections, symbols, relocations: shapeRelocations(raw.relocations, sections, symbols) };
});
