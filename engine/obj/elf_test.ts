import assert from "node:assert/strict";
import fc from "fast-check";
import { InternalError } from "../errors.ts";
import { buildNote, readElf, writeElf } from "./mod.ts";
import type { ObjectDescription, SymbolDescription } from "./mod.ts";
import { sampleObject } from "./testdata/sample_object.ts";
import { arbitraryObject } from "./testdata/arbitrary_object.ts";

const SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_INFO_LINK = 0x40;

function minimal(overrides: Partial<ObjectDescription> = {}): ObjectDescription {
  return {
    sections: [{
      name: ".text",
      kind: "text",
      data: new Uint8Array([0xc3, 0, 0, 0, 0, 0, 0, 0]),
      align: 16,
    }],
    symbols: [
      { name: "f", section: ".text", offset: 0, size: 1, binding: "global", type: "func" },
      { name: "ext", offset: 0, size: 0, binding: "global", type: "notype" },
    ],
    relocations: [],
    ...overrides,
  };
}

Deno.test("writeElf() writes an x86-64 ET_REL header", () => {
  const bytes = writeElf(minimal());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  const object = readElf(bytes);
  assert.equal(object.header.type, 1);
  assert.equal(object.header.machine, 62);
  assert.equal(object.header.entry, 0);
  assert.equal(object.sections[object.header.sectionNameIndex]?.name, ".shstrtab");
});

Deno.test("writeElf() orders sections: described, .note.GNU-stack, .rela*, tables", () => {
  const object = readElf(writeElf(sampleObject()));
  assert.deepEqual(object.sections.map((section) => section.name), [
    "",
    ".text",
    ".rodata",
    ".data",
    ".data.rel.ro",
    ".bss",
    ".note.ingot",
    ".note.GNU-stack",
    ".rela.text",
    ".rela.data.rel.ro",
    ".symtab",
    ".strtab",
    ".shstrtab",
  ]);
});

Deno.test("writeElf() gives each kind its ELF type and flags", () => {
  const object = readElf(writeElf(sampleObject()));
  const byName = (name: string) => object.sections.find((section) => section.name === name)!;
  assert.deepEqual([byName(".text").type, byName(".text").flags], [1, SHF_ALLOC | SHF_EXECINSTR]);
  assert.deepEqual([byName(".rodata").type, byName(".rodata").flags], [1, SHF_ALLOC]);
  assert.deepEqual([byName(".data").type, byName(".data").flags], [1, SHF_WRITE | SHF_ALLOC]);
  assert.deepEqual([byName(".bss").type, byName(".bss").size], [8, 16]);
  assert.equal(byName(".note.ingot").type, 7);
  const stack = byName(".note.GNU-stack");
  assert.deepEqual([stack.type, stack.flags, stack.size], [1, 0, 0]);
});

Deno.test("writeElf() aligns every section's file offset", () => {
  const object = readElf(writeElf(sampleObject()));
  for (const section of object.sections.slice(1)) {
    assert.equal(section.offset % section.align, 0, section.name);
  }
  assert.equal(object.header.sectionHeaderOffset % 8, 0);
});

Deno.test("writeElf() puts section symbols and locals before globals", () => {
  const object = readElf(writeElf(sampleObject()));
  const symtab = object.sections.find((section) => section.name === ".symtab")!;
  const firstGlobal = symtab.info;
  object.symbols.forEach((symbol) => {
    assert.equal(symbol.binding === 0, symbol.index < firstGlobal, `symbol ${symbol.name}`);
  });
  assert.deepEqual(object.symbols.slice(1, 7).map((symbol) => [symbol.type, symbol.sectionIndex]), [
    [3, 1],
    [3, 2],
    [3, 3],
    [3, 4],
    [3, 5],
    [3, 6],
  ]);
  assert.deepEqual(
    object.symbols.slice(firstGlobal).map((symbol) => symbol.name),
    ["answer", "combine", "greet", "answer_weak", "counter", "table", "scratch", "twice", "puts"],
  );
  assert.equal(object.sections[symtab.link]?.name, ".strtab");
});

Deno.test("writeElf() links each .rela section to .symtab and its target", () => {
  const object = readElf(writeElf(sampleObject()));
  const symtabIndex = object.sections.findIndex((section) => section.name === ".symtab");
  for (const rela of object.relocations) {
    const section = object.sections[rela.relaIndex]!;
    assert.equal(section.flags, SHF_INFO_LINK);
    assert.equal(section.link, symtabIndex);
    assert.equal(section.name, `.rela${object.sections[rela.targetIndex]?.name}`);
  }
  const table = object.relocations.find((rela) => rela.targetIndex === 4)!;
  const rodataSymbol = object.symbols[table.entries[2]!.symbolIndex]!;
  assert.deepEqual([rodataSymbol.type, rodataSymbol.sectionIndex, rodataSymbol.name], [3, 2, ""]);
  assert.equal(table.entries[2]!.addend, 4);
});

Deno.test("writeElf() sorts relocations by offset", () => {
  const description = minimal({
    sections: [{ name: ".data", kind: "data", data: new Uint8Array(16), align: 8 }],
    relocations: [
      { section: ".data", offset: 8, symbol: "ext", type: "R_X86_64_64", addend: -1 },
      { section: ".data", offset: 0, symbol: "ext", type: "R_X86_64_64", addend: 2 },
    ],
    symbols: [{ name: "ext", offset: 0, size: 0, binding: "global", type: "notype" }],
  });
  const entries = readElf(writeElf(description)).relocations[0]!.entries;
  assert.deepEqual(entries.map((entry) => [entry.offset, entry.addend]), [[0, 2], [8, -1]]);
});

Deno.test("writeElf() takes a section's own relocations as it takes the object's list", () => {
  const data = { name: ".data", kind: "data", data: new Uint8Array(24), align: 8 } as const;
  const ext: SymbolDescription = {
    name: "ext",
    offset: 0,
    size: 0,
    binding: "global",
    type: "notype",
  };
  const own = [16, 0, 8].map((offset) => ({
    offset,
    symbol: "ext",
    type: "R_X86_64_64",
    addend: offset - 1,
  } as const));
  const listed = minimal({
    sections: [data],
    symbols: [ext],
    relocations: own.map((relocation) => ({ ...relocation, section: ".data" })),
  });
  const grouped = minimal({ sections: [{ ...data, relocations: own }], symbols: [ext] });
  assert.deepEqual(writeElf(grouped), writeElf(listed));
  const split = minimal({
    sections: [{ ...data, relocations: own.slice(1) }],
    symbols: [ext],
    relocations: [{ ...own[0]!, section: ".data" }],
  });
  assert.deepEqual(writeElf(split), writeElf(listed));
});

Deno.test("writeElf() is deterministic", () => {
  assert.deepEqual(writeElf(sampleObject()), writeElf(sampleObject()));
  fc.assert(
    fc.property(arbitraryObject, (description) => {
      assert.deepEqual(writeElf(description), writeElf(structuredClone(description)));
    }),
    { numRuns: 50 },
  );
});

/** Checks that `readElf` gives back what `description` described. */
function assertRoundtrip(description: ObjectDescription): void {
  const object = readElf(writeElf(description));
  description.sections.forEach((section, at) => {
    const read = object.sections[at + 1]!;
    assert.equal(read.name, section.name);
    assert.equal(read.align, section.align);
    assert.equal(read.size, section.size ?? section.data.length);
    if (section.kind !== "bss") assert.deepEqual(read.data, section.data);
  });
  const sectionSymbolName = (index: number) =>
    description.symbols.find((symbol) =>
      symbol.type === "section" &&
      symbol.section === object.sections[object.symbols[index]!.sectionIndex]?.name
    )?.name;
  for (const symbol of description.symbols.filter((symbol) => symbol.type !== "section")) {
    const read = object.symbols.find((candidate) => candidate.name === symbol.name)!;
    assert.equal(object.sections[read.sectionIndex]?.name || undefined, symbol.section);
    assert.deepEqual([read.value, read.size], [symbol.offset, symbol.size]);
  }
  const expected = [...description.relocations].sort((left, right) =>
    left.section < right.section
      ? -1
      : left.section > right.section
      ? 1
      : left.offset - right.offset
  );
  const actual = object.relocations.flatMap((rela) =>
    rela.entries.map((entry) => ({
      section: object.sections[rela.targetIndex]!.name,
      offset: entry.offset,
      symbol: object.symbols[entry.symbolIndex]!.name || sectionSymbolName(entry.symbolIndex),
      addend: entry.addend,
    }))
  ).sort((left, right) =>
    left.section < right.section
      ? -1
      : left.section > right.section
      ? 1
      : left.offset - right.offset
  );
  assert.deepEqual(
    actual,
    expected.map(({ section, offset, symbol, addend }) => ({ section, offset, symbol, addend })),
  );
}

Deno.test("readElf(writeElf(d)) gives back d's sections, symbols and relocations", () => {
  assertRoundtrip(sampleObject());
  fc.assert(fc.property(arbitraryObject, assertRoundtrip), { numRuns: 200 });
});

/** Asserts `writeElf(description)` throws an InternalError whose message matches. */
function assertRejects(description: ObjectDescription, message: RegExp): void {
  assert.throws(() => writeElf(description), (error) => {
    assert.ok(error instanceof InternalError, String(error));
    assert.match(error.message, message);
    return true;
  });
}

const reloc = {
  section: ".text",
  offset: 1,
  symbol: "ext",
  type: "R_X86_64_PC32",
  addend: -4,
} as const;

Deno.test("writeElf() rejects symbols and relocations against unknown names", () => {
  const stray: SymbolDescription = {
    name: "g",
    section: ".nope",
    offset: 0,
    size: 0,
    binding: "global",
    type: "func",
  };
  assertRejects(minimal({ symbols: [stray] }), /unknown section \.nope/);
  assertRejects(minimal({ relocations: [{ ...reloc, section: ".nope" }] }), /unknown section/);
  assertRejects(minimal({ relocations: [{ ...reloc, symbol: "nope" }] }), /unknown symbol nope/);
});

Deno.test("writeElf() rejects duplicates", () => {
  const text = minimal().sections[0]!;
  assertRejects(minimal({ sections: [text, text] }), /\.text is described twice/);
  const [f] = minimal().symbols;
  assertRejects(minimal({ symbols: [f!, { ...f!, offset: 1, size: 0 }] }), /f is defined twice/);
  assertRejects(minimal({ symbols: [{ ...f!, binding: "local" }, f!] }), /f is defined twice/);
  const local = { ...f!, binding: "local" } as const;
  assert.ok(writeElf(minimal({ symbols: [local, local] })).length > 0, "locals may repeat");
  assertRejects(
    minimal({ symbols: [local, local], relocations: [{ ...reloc, symbol: "f" }] }),
    /ambiguous local symbol f/,
  );
  assertRejects(
    minimal({ relocations: [reloc, { ...reloc, offset: 3 }] }),
    /\.text\+1 and \+3 overlap/,
  );
});

Deno.test("writeElf() rejects places outside their section", () => {
  const [f, ext] = minimal().symbols;
  assertRejects(minimal({ symbols: [{ ...f!, size: 9 }, ext!] }), /f .* overruns \.text/);
  assertRejects(minimal({ relocations: [{ ...reloc, offset: 5 }] }), /overruns its section/);
  assertRejects(minimal({ relocations: [{ ...reloc, offset: -1 }] }), /non-negative integer/);
  assertRejects(minimal({ symbols: [{ ...ext!, binding: "local" }] }), /undefined but local/);
});

Deno.test("writeElf() rejects malformed sections", () => {
  const text = minimal().sections[0]!;
  assertRejects(minimal({ sections: [{ ...text, align: 3 }] }), /not a power of two/);
  assertRejects(minimal({ sections: [{ ...text, name: "" }] }), /empty name/);
  assertRejects(minimal({ sections: [{ ...text, kind: "bss" }] }), /nobits but its data/);
  assertRejects(minimal({ sections: [{ ...text, size: 9 }] }), /only a nobits section/);
  assertRejects(minimal({ sections: [{ ...text, name: ".symtab" }], symbols: [] }), /collides/);
  const rela = { ...text, name: ".rela.text", kind: "custom" } as const;
  assertRejects(minimal({ sections: [text, rela], relocations: [reloc] }), /collides/);
});

Deno.test("writeElf() rejects relocations a PIE cannot apply, unless asked", () => {
  const absolute = { ...reloc, type: "R_X86_64_32S" } as const;
  assertRejects(minimal({ relocations: [absolute] }), /R_X86_64_32S cannot hold a PIE address/);
  assertRejects(
    minimal({ relocations: [{ ...reloc, offset: 0, type: "R_X86_64_64" }] }),
    /absolute R_X86_64_64 in a read-only section needs a text relocation/,
  );
  const ext = minimal().symbols[1]!;
  const data = { name: ".data", kind: "data", data: new Uint8Array(8), align: 8 } as const;
  const inData = { ...absolute, section: ".data", offset: 0, type: "R_X86_64_32" } as const;
  assertRejects({ sections: [data], symbols: [ext], relocations: [inData] }, /R_X86_64_32 cannot/);
  const debug = { ...data, name: ".debug", kind: "custom" } as const;
  const inDebug = { ...inData, section: ".debug" };
  assert.ok(writeElf({ sections: [debug], symbols: [ext], relocations: [inDebug] }));
  const object = readElf(
    writeElf(minimal({ relocations: [absolute] }), { positionIndependent: false }),
  );
  assert.equal(object.relocations[0]?.entries[0]?.type, 11);
});

Deno.test("buildNote() pads name and descriptor to 4 bytes", () => {
  const note = buildNote({ name: "Ingot", type: 1, desc: new Uint8Array([9, 8, 7, 6, 5]) });
  assert.deepEqual([...note], [
    ...[6, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0],
    ...[0x49, 0x6e, 0x67, 0x6f, 0x74, 0, 0, 0],
    ...[9, 8, 7, 6, 5, 0, 0, 0],
  ]);
  const two = buildNote([{ name: "A", type: 2, desc: new Uint8Array(0) }, {
    name: "B",
    type: 3,
    desc: new Uint8Array(4),
  }]);
  assert.equal(two.length, 16 + 20);
  assert.throws(() => buildNote({ name: "a\0", type: 1, desc: new Uint8Array() }), InternalError);
});
