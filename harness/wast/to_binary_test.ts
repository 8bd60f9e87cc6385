import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { WatError } from "./errors.ts";
import { moduleBinary } from "./to_binary.ts";

const MAGIC_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The binary of `(module (func (export "f")))`: type, function, export and code sections. */
const EXPORTED_FUNC = [
  ...MAGIC_VERSION,
  ...[0x01, 0x04, 0x01, 0x60, 0x00, 0x00],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00],
  ...[0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b],
];

Deno.test("moduleBinary() returns a binary module's bytes as they are", async () => {
  const bytes = Uint8Array.of(0, 1, 2);
  assert.equal(await moduleBinary({ form: "binary", bytes }), bytes);
});

Deno.test("moduleBinary() converts text modules, named or not, through wabt", async () => {
  for (const text of ['(module (func (export "f")))', '(module $M (func $g (export "f")))']) {
    assert.deepEqual([...await moduleBinary({ form: "text", text })], EXPORTED_FUNC, text);
  }
  const names = await moduleBinary({ form: "text", text: '(module (func (export "\u00e9")))' });
  // The export name's UTF-8 bytes, length-prefixed: wabt was given UTF-8, not a JS string.
  assert.ok(Buffer.from(names).includes(Buffer.from([0x02, 0xc3, 0xa9, 0x00, 0x00])));
});

Deno.test("moduleBinary() wraps quote text in (module ...) unless it is one already", async () => {
  const cases = [
    '(func (export "f"))',
    '(func (export "f")) ;; a trailing line comment',
    ' (; c ;) (module (func (export "f")))',
  ];
  for (const text of cases) {
    assert.deepEqual([...await moduleBinary({ form: "quote", text })], EXPORTED_FUNC, text);
  }
  assert.deepEqual([...await moduleBinary({ form: "quote", text: "" })], MAGIC_VERSION);
});

Deno.test("moduleBinary() throws WatError with wabt's message on malformed text", async () => {
  await assert.rejects(
    () => moduleBinary({ form: "quote", text: "(func (i32.const 0x1_0000_0000) drop)" }),
    (error: unknown) => {
      assert.ok(error instanceof WatError);
      assert.equal(error.moduleName, "module.wat");
      assert.match(error.wabtMessage, /module\.wat:1:\d+: error/);
      return true;
    },
  );
  await assert.rejects(
    () => moduleBinary({ form: "text", text: "(module (func" }, { name: "x.wast:3" }),
    (error: unknown) => error instanceof WatError && error.message.startsWith("x.wast:3: "),
  );
});
