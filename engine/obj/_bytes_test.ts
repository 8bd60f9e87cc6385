import assert from "node:assert/strict";
import fc from "fast-check";
import { ByteWriter, StringTable } from "./_bytes.ts";

function u64Bytes(value: bigint): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, value), true);
  return [...new Uint8Array(view.buffer)];
}

Deno.test("ByteWriter.u64() writes safe integers, negative ones too, as their bigint would", () => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), (value) => {
      const writer = new ByteWriter(8);
      writer.u64(value);
      assert.deepEqual([...writer.finish()], u64Bytes(BigInt(value)));
    }),
    { numRuns: 500 },
  );
  for (const value of [0, -1, -4, 2 ** 32, -(2 ** 32), Number.MAX_SAFE_INTEGER]) {
    const writer = new ByteWriter();
    writer.u64(value);
    assert.deepEqual([...writer.finish()], u64Bytes(BigInt(value)), `${value}`);
  }
  const big = new ByteWriter();
  big.u64(-(2n ** 63n));
  assert.deepEqual([...big.finish()], u64Bytes(-(2n ** 63n)));
});

Deno.test("ByteWriter.finish() hands over an exactly filled buffer and trims any other", () => {
  const exact = new ByteWriter(4);
  exact.u32(0x04030201);
  assert.deepEqual([...exact.finish()], [1, 2, 3, 4]);
  const grown = new ByteWriter(2);
  grown.u8(9);
  grown.alignTo(4);
  grown.bytes(Uint8Array.from([7, 7, 7]));
  grown.alignTo(8);
  assert.deepEqual([...grown.finish()], [9, 0, 0, 0, 7, 7, 7, 0]);
});

Deno.test("StringTable adds UTF-8 names once, NUL-terminated, after a leading NUL", () => {
  const table = new StringTable(1);
  assert.equal(table.add("f"), 1);
  assert.equal(table.add("é\u{1F600}"), 3);
  assert.equal(table.add("f"), 1);
  assert.equal(table.add(""), 0);
  const expected = [0, 0x66, 0, ...new TextEncoder().encode("é\u{1F600}"), 0];
  assert.deepEqual([...table.finish()], expected);
});

Deno.test("ByteWriter.utf8() writes what TextEncoder does, ASCII or not", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 12 }), fc.nat(5), (text, lead) => {
      const writer = new ByteWriter(1);
      for (let i = 0; i < lead; i++) writer.u8(0xaa);
      const encoded = new TextEncoder().encode(text);
      assert.equal(writer.utf8(text), encoded.length);
      assert.deepEqual([...writer.finish()], [...new Array(lead).fill(0xaa), ...encoded]);
    }),
    { numRuns: 300 },
  );
});
