import assert from "node:assert/strict";
import { writeElf } from "../../engine/obj/mod.ts";
import { readElf } from "../../engine/obj/mod.ts";
import { describeDifference, differingSections, firstDifference, locateOffset } from "./report.ts";

function object(code: number[]): Uint8Array {
  return writeElf({
    sections: [
      { name: ".text", kind: "text", data: Uint8Array.from(code), align: 16 },
      { name: ".rodata", kind: "rodata", data: Uint8Array.of(1, 2, 3, 4), align: 4 },
    ],
    symbols: [],
    relocations: [],
  });
}

Deno.test("firstDifference() finds the first differing offset, or the shorter length", () => {
  assert.equal(firstDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3)), undefined);
  assert.equal(firstDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 9, 3)), 1);
  assert.equal(firstDifference(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3)), 2);
});

Deno.test("locateOffset() names the ELF header, a section with its offset, or non-ELF bytes", () => {
  const bytes = object([0xc3, 0x90]);
  const text = readElf(bytes).sections.find((section) => section.name === ".text")!;
  assert.equal(locateOffset(bytes, 0x10), "ELF header");
  assert.equal(locateOffset(bytes, text.offset + 1), "section .text at +0x1");
  assert.match(locateOffset(Uint8Array.of(1, 2, 3), 1), /^not an ELF object/);
});

Deno.test("describeDifference() gives the first differing byte and the sections that differ", () => {
  const want = object([0xc3, 0x90]);
  const got = object([0xc3, 0xcc]);
  assert.deepEqual(differingSections(got, want), [".text at +0x1"]);
  const text = describeDifference({ bytes: got }, { bytes: want });
  assert.match(
    text,
    /first differing byte at offset 0x[0-9a-f]+: in the expected object, section \.text at \+0x1/,
  );
  assert.match(text, /sections that differ: \.text at \+0x1/);
  assert.match(
    describeDifference({ error: "ValidationError: type mismatch" }, { bytes: want }),
    /got: {2}threw ValidationError: type mismatch/,
  );
});
