import assert from "node:assert/strict";
import { dumpObject, writeElf } from "./mod.ts";
import type { DumpRelocation, ObjectDescription } from "./mod.ts";
import { sampleObject } from "./testdata/sample_object.ts";

/** `f`: `call g; ret`, `g`: `ret`, and a `.data` word pointing at `g`. */
const SMALL: ObjectDescription = {
  sections: [
    {
      name: ".text",
      kind: "text",
      data: new Uint8Array([0xe8, 0, 0, 0, 0, 0xc3, 0xc3]),
      align: 16,
    },
    { name: ".data", kind: "data", data: new Uint8Array(8), align: 8 },
  ],
  symbols: [
    { name: "g", section: ".text", offset: 6, size: 1, binding: "local", type: "func" },
    { name: "f", section: ".text", offset: 0, size: 6, binding: "global", type: "func" },
    { name: "ptr", section: ".data", offset: 0, size: 8, binding: "global", type: "object" },
    { name: "ext", offset: 0, size: 0, binding: "weak", type: "notype", visibility: "hidden" },
  ],
  relocations: [
    { section: ".text", offset: 1, symbol: "g", type: "R_X86_64_PLT32", addend: -4 },
    { section: ".data", offset: 0, symbol: "ext", type: "R_X86_64_64", addend: 16 },
  ],
};

const SMALL_DUMP = `ELF header:
  class ELF64, data little-endian, type REL, machine X86_64
  sections 9, symbols 6, relocations 2

Sections:
  idx  name             type      flags  size  align
  1    .text            PROGBITS  AX     0x7   16
  2    .data            PROGBITS  WA     0x8   8
  3    .note.GNU-stack  PROGBITS         0x0   1
  4    .rela.text       RELA      I      0x18  8
  5    .rela.data       RELA      I      0x18  8
  6    .symtab          SYMTAB           0xa8  8
  7    .strtab          STRTAB           0xd   1
  8    .shstrtab        STRTAB           0x4d  1

Symbols:
  name   binding  type     visibility  section  value  size
  .text  LOCAL    SECTION  DEFAULT     .text    0x0    0
  f      GLOBAL   FUNC     DEFAULT     .text    0x0    6
  g      LOCAL    FUNC     DEFAULT     .text    0x6    1
  .data  LOCAL    SECTION  DEFAULT     .data    0x0    0
  ptr    GLOBAL   OBJECT   DEFAULT     .data    0x0    8
  ext    WEAK     NOTYPE   HIDDEN      UNDEF    0x0    0

Relocations in .text:
  offset  type            target
  0x1     R_X86_64_PLT32  g-4

Relocations in .data:
  offset  type         target
  0x0     R_X86_64_64  ext+16

Function f (.text+0x0, 6 bytes):
  0000: e8 00 00 00 00 c3

Function g (.text+0x6, 1 bytes):
  0000: c3
`;

Deno.test("dumpObject() prints header, sections, sorted symbols, relocations and code", () => {
  assert.equal(dumpObject(writeElf(SMALL)), SMALL_DUMP);
});

Deno.test("dumpObject() hands each function's code and relative relocations to disassemble", () => {
  const seen: { code: number[]; relocations: readonly DumpRelocation[] }[] = [];
  const dump = dumpObject(writeElf(sampleObject()), {
    disassemble: (code, relocations) => {
      seen.push({ code: [...code], relocations });
      return [`${code.length} bytes`, ""];
    },
  });
  assert.equal(seen.length, 4); // answer, answer_weak, combine, greet
  assert.deepEqual(seen[0]?.code, [0xb8, 0x2a, 0, 0, 0, 0xc3]);
  assert.deepEqual(seen[3]?.relocations, [
    { offset: 7, type: "R_X86_64_PC32", symbol: "message", addend: -4 },
    { offset: 12, type: "R_X86_64_PLT32", symbol: "puts", addend: -4 },
  ]);
  assert.match(dump, /\nFunction greet \(\.text\+0x1f, 21 bytes\):\n {2}21 bytes\n\n/);
  assert.ok(dump.endsWith("\n") && !dump.includes(" \n"), "no trailing spaces");
});

Deno.test("dumpObject() prints describe's lines after the relocations", () => {
  const dump = dumpObject(writeElf(SMALL), {
    describe: (object) => ["Descriptor:", `  ${object.symbols.length} symbols`],
  });
  assert.match(dump, /ext\+16\n\nDescriptor:\n {2}7 symbols\n\nFunction f/);
});

Deno.test("dumpObject() is deterministic and names section symbols after their section", () => {
  const bytes = writeElf(sampleObject());
  assert.equal(dumpObject(bytes), dumpObject(bytes.slice()));
  assert.match(dumpObject(bytes), /0x10 {4}R_X86_64_64 {2}\.rodata\+4/);
});
