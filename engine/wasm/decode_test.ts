import assert from "node:assert/strict";
import fc from "fast-check";
import { DecodeError } from "../errors.ts";
import { DEFAULT_FEATURES } from "../settings.ts";
import { arbitraryModule } from "./_arbitrary.ts";
import { bodyOf, ByteWriter, encodeModule, toEncodable } from "./_encode.ts";
import { ByteReader } from "./_reader.ts";
import { decodeModule } from "./decode.ts";
import { validateModule } from "./validate.ts";

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function module(...sections: number[][]): Uint8Array {
  return Uint8Array.from([...HEADER, ...sections.flat()]);
}

function rejects(bytes: Uint8Array, reason: string): void {
  assert.throws(
    () => validateModule(decodeModule(bytes)),
    (error) => error instanceof DecodeError && error.reason === reason,
    `expected "${reason}"`,
  );
}

function reader(...bytes: number[]): ByteReader {
  return new ByteReader(Uint8Array.from(bytes), 0, bytes.length);
}

Deno.test("ByteReader.u32() reads LEB128 up to 5 bytes", () => {
  assert.equal(reader(0x00).u32(), 0);
  assert.equal(reader(0xe5, 0x8e, 0x26).u32(), 624485);
  assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x00).u32(), 0);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32(), 0xffffffff);
});

Deno.test("ByteReader.u32() rejects long and large encodings", () => {
  assert.throws(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32(), /representation too long/);
  assert.throws(() => reader(0xff, 0xff, 0xff, 0xff, 0x1f).u32(), /integer too large/);
  assert.throws(() => reader(0x80).u32(), /unexpected end/);
});

Deno.test("ByteReader.s32() sign-extends and checks the unused bits", () => {
  assert.equal(reader(0x7f).s32(), -1);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x07).s32(), 0x7fffffff);
  assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x78).s32(), -0x80000000);
  assert.throws(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).s32(), /integer too large/);
  assert.throws(() => reader(0x80, 0x80, 0x80, 0x80, 0x70).s32(), /integer too large/);
});

Deno.test("ByteReader.s64() reads 64-bit values and checks the last byte", () => {
  assert.equal(reader(0x7f).s64(), -1n);
  const max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
  assert.equal(reader(...max).s64(), 2n ** 63n - 1n);
  const min = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f];
  assert.equal(reader(...min).s64(), -(2n ** 63n));
  assert.throws(() => reader(...max.slice(0, 9), 0x01).s64(), /integer too large/);
  assert.throws(() => reader(...max.slice(0, 9), 0x80, 0x00).s64(), /representation too long/);
});

Deno.test("ByteReader.s64() roundtrips through the encoder", () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
      const bytes = new ByteWriter().sleb(value).bytes();
      assert.equal(new ByteReader(bytes, 0, bytes.length).s64(), value);
    }),
    { numRuns: 300 },
  );
});

Deno.test("ByteReader.s33() reads block type indices", () => {
  assert.equal(reader(0x40).s33(), -64);
  assert.equal(reader(0x80, 0x01).s33(), 128);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).s33(), 2 ** 32 - 1);
  assert.throws(() => reader(0xff, 0xff, 0xff, 0xff, 0x2f).s33(), /integer too large/);
});

Deno.test("ByteReader.name() rejects malformed UTF-8 and overlong lengths", () => {
  assert.equal(reader(0x02, 0xc3, 0xa9, 0x00).name(), "é");
  assert.throws(() => reader(0x02, 0xc0, 0x80).name(), /malformed UTF-8 encoding/);
  assert.throws(() => reader(0x03, 0xed, 0xa0, 0x80).name(), /malformed UTF-8 encoding/);
  assert.throws(() => reader(0x05, 0x61).name(), /length out of bounds/);
});

Deno.test("decodeModule() checks the header", () => {
  rejects(new Uint8Array(), "unexpected end");
  rejects(Uint8Array.from([0x00, 0x61, 0x73]), "unexpected end");
  rejects(Uint8Array.from([0x00, 0x41, 0x53, 0x4d, 1, 0, 0, 0]), "magic header not detected");
  rejects(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), "unknown binary version");
  assert.equal(decodeModule(module()).funcs.length, 0);
});

Deno.test("decodeModule() rejects bad section ids, sizes and order", () => {
  rejects(module([0x0d, 0x00]), "malformed section id");
  rejects(module([0x01, 0x05, 0x00]), "length out of bounds");
  rejects(module([0x01, 0x02, 0x00, 0x00]), "section size mismatch");
  rejects(module([0x03, 0x01, 0x00], [0x01, 0x01, 0x00]), "unexpected content after last section");
  rejects(module([0x08, 0x01, 0x00], [0x08, 0x01, 0x00]), "unexpected content after last section");
});

Deno.test("decodeModule() accepts custom sections anywhere", () => {
  const custom = [0x00, 0x04, 0x01, 0x61, 0x62, 0x63];
  const decoded = decodeModule(module(custom, [0x01, 0x01, 0x00], custom));
  assert.equal(decoded.customs.length, 2);
  assert.equal(decoded.customs[0]!.name, "a");
  assert.deepEqual([...decoded.customs[0]!.bytes], [0x62, 0x63]);
});

Deno.test("decodeModule() checks function and code section counts", () => {
  const types = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00];
  rejects(
    module(types, [0x03, 0x02, 0x01, 0x00]),
    "function and code section have inconsistent lengths",
  );
  rejects(
    module(types, [0x03, 0x02, 0x01, 0x00], [0x0a, 0x01, 0x00]),
    "function and code section have inconsistent lengths",
  );
});

Deno.test("decodeModule() checks the data count", () => {
  rejects(module([0x0c, 0x01, 0x01]), "data count and data section have inconsistent lengths");
  const mem = [0x05, 0x03, 0x01, 0x00, 0x01];
  const data = [0x0b, 0x03, 0x01, 0x01, 0x00];
  assert.equal(decodeModule(module(mem, [0x0c, 0x01, 0x01], data)).datas.length, 1);
  rejects(
    module(mem, [0x0c, 0x01, 0x02], data),
    "data count and data section have inconsistent lengths",
  );
});

Deno.test("decodeModule() checks limits flags, mutability and import kinds", () => {
  rejects(module([0x05, 0x02, 0x01, 0x02]), "integer too large");
  rejects(module([0x05, 0x03, 0x01, 0x81, 0x00]), "integer representation too long");
  rejects(module([0x06, 0x06, 0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b]), "malformed mutability");
  rejects(module([0x02, 0x04, 0x01, 0x00, 0x00, 0x04]), "malformed import kind");
  rejects(module([0x04, 0x04, 0x01, 0x71, 0x00, 0x00]), "malformed reference type");
});

Deno.test("decodeModule() and validateModule() reject too many locals and malformed bodies", () => {
  const prefix = [[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x03, 0x02, 0x01, 0x00]];
  const locals = [0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e];
  rejects(module(...prefix, [0x0a, 0x0c, 0x01, 0x0a, ...locals, 0x0b]), "too many locals");
  rejects(module(...prefix, [0x0a, 0x05, 0x01, 0x03, 0x00, 0x06, 0x0b]), "illegal opcode");
  rejects(
    module(...prefix, [0x0a, 0x06, 0x01, 0x04, 0x00, 0x3f, 0x01, 0x0b]),
    "zero byte expected",
  );
  rejects(module(...prefix, [0x0a, 0x05, 0x01, 0x03, 0x00, 0x05, 0x0b]), "END opcode expected");
  rejects(module(...prefix, [0x0a, 0x05, 0x01, 0x03, 0x00, 0x0b, 0x0b]), "section size mismatch");
});

Deno.test("decodeModule() treats ops of disabled features as illegal", () => {
  const prefix = [[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x03, 0x02, 0x01, 0x00]];
  const bytes = module(...prefix, [0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xc0, 0x1a, 0x0b]);
  validateModule(decodeModule(bytes));
  const features = { ...DEFAULT_FEATURES, signExtension: false };
  assert.throws(
    () => validateModule(decodeModule(bytes, { features })),
    /illegal opcode/,
  );
});

Deno.test("decodeModule() reads function names and ignores a broken name section", () => {
  const prefix = [[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], [0x03, 0x02, 0x01, 0x00]];
  const code = [0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b];
  const nameSection = (payload: number[]) => {
    const name = [0x04, ...new TextEncoder().encode("name")];
    return [0x00, name.length + payload.length, ...name, ...payload];
  };
  const names = nameSection([0x01, 0x05, 0x01, 0x00, 0x02, 0x66, 0x30]);
  assert.equal(decodeModule(module(...prefix, code, names)).names.funcs.get(0), "f0");
  const broken = nameSection([0x01, 0x09, 0x01]);
  assert.equal(decodeModule(module(...prefix, code, broken)).names.funcs.size, 0);
});

Deno.test("decodeModule() inverts the encoder (roundtrip property)", () => {
  fc.assert(
    fc.property(arbitraryModule, (spec) => {
      const decoded = decodeModule(encodeModule(spec));
      assert.deepEqual(toEncodable(decoded), structuredClone(spec));
      for (let i = 0; i < spec.funcs.length; i++) {
        assert.deepEqual(bodyOf(decoded, decoded.importedFuncs + i), spec.funcs[i]!.body);
      }
    }),
    { numRuns: 300 },
  );
});
