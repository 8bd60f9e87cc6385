import assert from "node:assert/strict";
import fc from "fast-check";
import { WastSyntaxError } from "./errors.ts";
import { readScript } from "./read_script.ts";
import type { Command, Expected, Value } from "./types.ts";

function one(text: string): Command {
  const commands = readScript(text, "t.wast");
  assert.equal(commands.length, 1);
  return commands[0]!;
}

function args(text: string): readonly Value[] {
  const command = one(text);
  assert.equal(command.kind, "action");
  assert.equal(command.action.kind, "invoke");
  return command.action.args;
}

function results(text: string): readonly Expected[] {
  const command = one(`(assert_return (invoke "f") ${text})`);
  assert.equal(command.kind, "assert_return");
  return command.expected;
}

function assertSyntaxError(text: string, line: number, column: number, detail: RegExp): void {
  assert.throws(() => readScript(text, "bad.wast"), (error: unknown) => {
    assert.ok(error instanceof WastSyntaxError);
    assert.ok(error.message.startsWith(`bad.wast:${line}:${column}: `), error.message);
    assert.match(error.detail, detail);
    return true;
  });
}

Deno.test("readScript() keeps a text module's exact source slice and its name", () => {
  const text = ';; c\n  (module $M (func (export "f")) ;; x\n  (; y ;))\n(module)';
  const commands = readScript(text, "m.wast");
  assert.deepEqual(commands[0], {
    kind: "module",
    pos: { file: "m.wast", line: 2, column: 3 },
    name: "$M",
    module: { form: "text", text: '(module $M (func (export "f")) ;; x\n  (; y ;))' },
  });
  assert.deepEqual(commands[1], {
    kind: "module",
    pos: { file: "m.wast", line: 4, column: 1 },
    name: undefined,
    module: { form: "text", text: "(module)" },
  });
});

Deno.test("readScript() reads binary and quote modules as concatenated strings", () => {
  const binary = one('(module $B binary "\\00asm" "\\01\\00\\00\\00")');
  assert.equal(binary.kind, "module");
  assert.equal(binary.name, "$B");
  assert.deepEqual(binary.module, {
    form: "binary",
    bytes: Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0),
  });
  const quote = one('(module quote "(func" " (export \\"\\u{e9}\\"))")');
  assert.equal(quote.kind, "module");
  assert.deepEqual(quote.module, { form: "quote", text: '(func (export "\u00e9"))' });
  const empty = one("(module binary)");
  assert.deepEqual(empty.kind === "module" && empty.module, {
    form: "binary",
    bytes: new Uint8Array(0),
  });
});

Deno.test("readScript() reads a script of bare module fields as one inline module", () => {
  const command = one('(func) (memory 0) (func (export "f"))');
  assert.equal(command.kind, "module");
  assert.deepEqual(command.module, {
    form: "text",
    text: '(module\n(func) (memory 0) (func (export "f"))\n)',
  });
});

Deno.test("readScript() reads register and actions, with optional module names", () => {
  assert.deepEqual(one('(register "spectest" $M)'), {
    kind: "register",
    pos: { file: "t.wast", line: 1, column: 1 },
    as: "spectest",
    name: "$M",
  });
  const register = one('(register "m")');
  assert.equal(register.kind === "register" && register.name, undefined);
  const get = one('(get $G "g\\u{1F600}")');
  assert.equal(get.kind, "action");
  assert.deepEqual(get.action, { kind: "get", module: "$G", name: "g\u{1F600}" });
  const invoke = one('(invoke "f" (i32.const 1))');
  assert.deepEqual(invoke.kind === "action" && invoke.action, {
    kind: "invoke",
    module: undefined,
    name: "f",
    args: [{ type: "i32", bits: 1 }],
  });
});

Deno.test("readScript() reads every argument form to exact bits", () => {
  assert.deepEqual(
    args(
      `(invoke "f" (i32.const -0x80000000) (i32.const 0xffffffff) (i64.const -1)
         (f32.const -0) (f32.const nan:0x200000) (f64.const 0x1p-1074) (f64.const -inf)
         (ref.null func) (ref.null extern) (ref.extern 7))`,
    ),
    [
      { type: "i32", bits: 0x80000000 },
      { type: "i32", bits: 0xffffffff },
      { type: "i64", bits: 0xffffffffffffffffn },
      { type: "f32", bits: 0x80000000 },
      { type: "f32", bits: 0x7fa00000 },
      { type: "f64", bits: 1n },
      { type: "f64", bits: 0xfff0000000000000n },
      { type: "ref.null", refType: "funcref" },
      { type: "ref.null", refType: "externref" },
      { type: "ref.extern", id: 7 },
    ],
  );
});

Deno.test("readScript() lays out v128 arguments of every shape little-endian", () => {
  const bytes = (text: string) => {
    const [value] = args(`(invoke "f" (v128.const ${text}))`);
    assert.equal(value?.type, "v128");
    return [...value.bytes];
  };
  const counting = Array.from({ length: 16 }, (_, index) => index);
  assert.deepEqual(bytes(`i8x16 ${counting.join(" ")}`), counting);
  assert.deepEqual(bytes("i8x16 -1 255 -128 0 0 0 0 0 0 0 0 0 0 0 0 +1").slice(0, 4), [
    0xff,
    0xff,
    0x80,
    0,
  ]);
  assert.deepEqual(bytes("i16x8 0x0102 -1 0 0 0 0 0 0").slice(0, 4), [2, 1, 0xff, 0xff]);
  assert.deepEqual(bytes("i32x4 0x01020304 0 0 -1").slice(0, 4), [4, 3, 2, 1]);
  assert.deepEqual(bytes("i64x2 0x0102030405060708 -1"), [8, 7, 6, 5, 4, 3, 2, 1, ...[
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
  ]]);
  assert.deepEqual(bytes("f32x4 1 -0 nan inf").slice(0, 8), [0, 0, 0x80, 0x3f, 0, 0, 0, 0x80]);
  assert.deepEqual(bytes("f64x2 1 -nan").slice(6, 16), [0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xf8, 0xff]);
});

Deno.test("readScript() reads expected results, NaN patterns and reference patterns", () => {
  assert.deepEqual(
    results(
      `(f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const nan) (i64.const 5)
       (ref.func) (ref.extern) (ref.extern 3) (ref.null func)`,
    ),
    [
      { kind: "nan", type: "f32", nan: "canonical" },
      { kind: "nan", type: "f64", nan: "arithmetic" },
      { kind: "value", value: { type: "f32", bits: 0x7fc00000 } },
      { kind: "value", value: { type: "i64", bits: 5n } },
      { kind: "ref.func" },
      { kind: "ref.extern.any" },
      { kind: "value", value: { type: "ref.extern", id: 3 } },
      { kind: "value", value: { type: "ref.null", refType: "funcref" } },
    ],
  );
  assert.deepEqual(results("(v128.const f32x4 nan:canonical 1 nan:arithmetic -0)"), [{
    kind: "v128",
    shape: "f32",
    lanes: [{ nan: "canonical" }, { bits: 0x3f800000n }, { nan: "arithmetic" }, {
      bits: 0x80000000n,
    }],
  }]);
  assert.deepEqual(results("(v128.const i16x8 -1 0 0 0 0 0 0 1)"), [{
    kind: "v128",
    shape: "i16",
    lanes: [0xffffn, 0n, 0n, 0n, 0n, 0n, 0n, 1n].map((bits) => ({ bits })),
  }]);
  assert.deepEqual(results(""), []);
});

Deno.test("readScript() reads every assertion form", () => {
  const script = `
(assert_trap (invoke "f") "unreachable")
(assert_trap (module (start 0)) "out of bounds")
(assert_exhaustion (invoke $M "loop" (i32.const 0)) "call stack exhausted")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module binary "\\00asm") "unexpected end")
(assert_malformed (module quote "(func") "unexpected token")
(assert_unlinkable (module (import "m" "f" (func))) "unknown import")
(assert_return (get "g") (i32.const 2))`;
  const commands = readScript(script, "a.wast");
  assert.deepEqual(commands.map((command) => [command.kind, command.pos.line]), [
    ["assert_trap", 2],
    ["assert_uninstantiable", 3],
    ["assert_exhaustion", 4],
    ["assert_invalid", 5],
    ["assert_malformed", 6],
    ["assert_malformed", 7],
    ["assert_unlinkable", 8],
    ["assert_return", 9],
  ]);
  assert.deepEqual(commands[1], {
    kind: "assert_uninstantiable",
    pos: { file: "a.wast", line: 3, column: 1 },
    module: { form: "text", text: "(module (start 0))" },
    message: "out of bounds",
  });
  const exhaustion = commands[2]!;
  assert.ok(exhaustion.kind === "assert_exhaustion");
  assert.deepEqual(exhaustion.action, {
    kind: "invoke",
    module: "$M",
    name: "loop",
    args: [{ type: "i32", bits: 0 }],
  });
  assert.equal(exhaustion.message, "call stack exhausted");
  const quote = commands[5]!;
  assert.ok(quote.kind === "assert_malformed");
  assert.deepEqual(quote.module, { form: "quote", text: "(func" });
});

Deno.test("readScript() names file:line:col of malformed commands and literals", () => {
  assertSyntaxError(
    '(module)\n  (assert_return (invoke "f" (i32.const 0x1_0000_0000)))',
    2,
    41,
    /i32/,
  );
  assertSyntaxError('(invoke "f" (f32.const 1e39))', 1, 24, /malformed f32 literal/);
  assertSyntaxError('(invoke "f" (f32.const nan:canonical))', 1, 24, /malformed f32/);
  assertSyntaxError('(invoke "f" (i32.const))', 1, 13, /one operand/);
  assertSyntaxError('(invoke "f" (v128.const i8x16 1 2))', 1, 13, /16 lanes/);
  assertSyntaxError('(invoke "f" (v128.const i8x17 1))', 1, 25, /unknown v128 shape/);
  assertSyntaxError('(invoke "f" (v128.const i32x4 nan:canonical 0 0 0))', 1, 31, /i32/);
  assertSyntaxError('(invoke "f" (ref.null any))', 1, 23, /reference kind/);
  assertSyntaxError('(invoke "f" (i32.add))', 1, 13, /unknown constant/);
  assertSyntaxError("\n\n   (assert_bogus)", 3, 4, /unknown command "assert_bogus"/);
  assertSyntaxError('(assert_trap (invoke "f"))', 1, 26, /failure message/);
  assertSyntaxError('(assert_invalid (invoke "f") "x")', 1, 17, /expected a module/);
  assertSyntaxError("(assert_return (module) (i32.const 0))", 1, 16, /expected an action/);
  assertSyntaxError('(register "a" $m "b")', 1, 18, /extra operand/);
  assertSyntaxError('(invoke "\\ff")', 1, 9, /UTF-8/);
  assertSyntaxError("(module) x", 1, 10, /expected a command/);
  assertSyntaxError('(get "g" (i32.const 0))', 1, 10, /extra operand/);
});

/** Pieces of scripts, valid and not, for the robustness property. */
const FRAGMENTS = [
  "(",
  ")",
  " ",
  "\n",
  "\r",
  ";;",
  "(;",
  ";)",
  '"',
  '\\"',
  "\\",
  "\\u{",
  "}",
  "\\ff",
  "module",
  "$M",
  "binary",
  "quote",
  "register",
  "invoke",
  "get",
  "assert_return",
  "assert_trap",
  "assert_invalid",
  "assert_malformed",
  "i32.const",
  "f32.const",
  "v128.const",
  "i8x16",
  "f64x2",
  "ref.null",
  "func",
  "ref.extern",
  "nan:canonical",
  "nan:0x",
  "0x1p",
  "-0x8000_0000",
  "1e39",
  "inf",
  "\u00e9",
  "\u{1F600}",
  "\t",
  "\u0000",
  "[",
  ",",
];

Deno.test("readScript() throws only WastSyntaxError on arbitrary text (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (pieces) => {
      try {
        readScript(pieces.join(""), "fuzz.wast");
      } catch (error) {
        if (!(error instanceof WastSyntaxError)) throw error;
        assert.match(error.message, /^fuzz\.wast:\d+:\d+: /);
      }
    }),
    { numRuns: 3000 },
  );
});
