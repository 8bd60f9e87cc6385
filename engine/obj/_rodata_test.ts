import assert from "node:assert/strict";
import { RelocatedData } from "./_rodata.ts";

Deno.test("RelocatedData.addString() appends NUL-terminated UTF-8 at the end", () => {
  const data = new RelocatedData(".data");
  data.alloc(3, 1);
  assert.deepEqual(data.addString("ab"), { local: 3, length: 2 });
  assert.deepEqual(data.addString("\u00e9"), { local: 6, length: 2 });
  assert.deepEqual(data.addString(""), { local: 9, length: 0 });
  const offset = data.alloc(2, 4);
  assert.equal(offset, 12);
  assert.deepEqual([...data.finish()], [0, 0, 0, 0x61, 0x62, 0, 0xc3, 0xa9, 0, 0, 0, 0, 0, 0]);
});

Deno.test("RelocatedData.addString() grows its buffer for long strings", () => {
  const data = new RelocatedData(".data");
  const text = "x".repeat(5000);
  assert.deepEqual(data.addString(text), { local: 0, length: 5000 });
  const bytes = data.finish();
  assert.equal(bytes.length, 5001);
  assert.ok(bytes.subarray(0, 5000).every((byte) => byte === 0x78) && bytes[5000] === 0);
});
