import assert from "node:assert/strict";
import fc from "fast-check";
import { dumpObject, ElfReadError, readElf, writeElf } from "./mod.ts";
import { sampleObject } from "./testdata/sample_object.ts";

const SAMPLE = writeElf(sampleObject());

/** Asserts `read(bytes)` either succeeds or throws `ElfReadError`, nothing else. */
function assertReadsOrRejects(bytes: Uint8Array, read: (bytes: Uint8Array) => unknown): void {
  try {
    read(bytes);
  } catch (error) {
    assert.ok(error instanceof ElfReadError, `unexpected ${String(error)}`);
  }
}

function assertRejectsWith(bytes: Uint8Array, message: RegExp): void {
  assert.throws(() => readElf(bytes), (error) => {
    assert.ok(error instanceof ElfReadError, String(error));
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("readElf() rejects what is not an ELF64 little-endian file", () => {
  assertRejectsWith(new Uint8Array(0), /ELF header \(64 bytes\) runs past the end/);
  assertRejectsWith(new Uint8Array(64), /bad magic/);
  const elf32 = SAMPLE.slice();
  elf32[4] = 1;
  assertRejectsWith(elf32, /not ELF64 at file offset 4/);
  const bigEndian = SAMPLE.slice();
  bigEndian[5] = 2;
  assertRejectsWith(bigEndian, /not little-endian/);
});

Deno.test("readElf() rejects a truncated file", () => {
  assertRejectsWith(SAMPLE.subarray(0, SAMPLE.length - 1), /section header table/);
  assertRejectsWith(SAMPLE.subarray(0, 200), /runs past the end of the file/);
});

Deno.test("readElf() reads a subarray at a non-zero byte offset", () => {
  const padded = new Uint8Array(SAMPLE.length + 3);
  padded.set(SAMPLE, 3);
  assert.deepEqual(readElf(padded.subarray(3)).symbols, readElf(SAMPLE).symbols);
});

Deno.test("readElf() and dumpObject() throw only ElfReadError on corrupted objects", () => {
  const mutation = fc.record({
    length: fc.nat({ max: SAMPLE.length }),
    flips: fc.array(fc.record({ at: fc.nat({ max: SAMPLE.length - 1 }), value: fc.nat(255) }), {
      maxLength: 8,
    }),
  });
  fc.assert(
    fc.property(mutation, ({ length, flips }) => {
      const bytes = SAMPLE.slice();
      for (const { at, value } of flips) bytes[at] = value;
      const cut = flips.length % 2 === 0 ? bytes : bytes.subarray(0, length);
      assertReadsOrRejects(cut, readElf);
      assertReadsOrRejects(cut, (input) => dumpObject(input));
    }),
    { numRuns: 400 },
  );
});

Deno.test("readElf() throws only ElfReadError on random bytes after a valid header", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (tail) => {
      const bytes = new Uint8Array(64 + tail.length);
      bytes.set(SAMPLE.subarray(0, 64));
      bytes.set(tail, 64);
      assertReadsOrRejects(bytes, (input) => dumpObject(input));
    }),
    { numRuns: 200 },
  );
});
