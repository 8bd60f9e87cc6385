import assert from "node:assert/strict";
import wabtInit from "wabt";
import { DecodeError, ValidationError } from "../errors.ts";
import { type EncodableModule, encodeModule } from "./_encode.ts";
import { decodeModule } from "./decode.ts";
import { makeInstruction } from "./operators.ts";
import { opcode } from "./opcodes.ts";
import { validateModule, validatingReaders } from "./validate.ts";

const wabt = await wabtInit();

function wat(text: string): Uint8Array {
  const module = wabt.parseWat("test.wat", new TextEncoder().encode(text));
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

function check(bytes: Uint8Array): void {
  validateModule(decodeModule(bytes));
}

function invalid(text: string, reason: string): ValidationError {
  let caught: unknown;
  try {
    check(wat(text));
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ValidationError, `expected "${reason}", got ${caught}`);
  assert.equal(caught.reason, reason);
  return caught;
}

function valid(text: string): void {
  check(wat(text));
}

Deno.test("validateModule() accepts well-typed code", () => {
  valid(`(module (func (param i32) (result i32) (local i64)
    (block (result i32) (local.get 0) (br_if 0 (i32.const 1)) (drop) (i32.const 2))
    (i32.add (local.get 0))))`);
  valid(`(module (func (result i32) (unreachable) (i32.add)))`);
  valid(`(module (func (result i32 i64) (i32.const 1) (i64.const 2))
    (func (result i32) (call 0) (drop)))`);
  valid(`(module (func (param i32) (result i32)
    (block (block (br_table 0 1 (local.get 0)))) (i32.const 0)))`);
  valid(`(module (type $t (func (param i32) (result i32)))
    (func (i32.const 1) (block (type $t) (i32.const 1) (i32.add)) (drop)))`);
});

Deno.test("validateModule() reports type mismatches with location", () => {
  const error = invalid(`(module (func (result i32) (i64.const 0)))`, "type mismatch");
  assert.equal(error.funcIdx, 0);
  assert.equal(error.instruction, "end");
  assert.ok(error.offset !== undefined);
  invalid(`(module (func (i32.add (i32.const 1) (i64.const 2)) (drop)))`, "type mismatch");
  invalid(`(module (func (if (i32.const 0) (then (i32.const 1)))))`, "type mismatch");
  invalid(
    `(module (func (result i32) (if (result i32) (i32.const 0) (then (i32.const 1)))))`,
    "type mismatch",
  );
  invalid(
    `(module (func (select (i32.const 1) (i64.const 1) (i32.const 0)) (drop)))`,
    "type mismatch",
  );
});

Deno.test("validateModule() checks indices", () => {
  invalid(`(module (func (local.get 0) (drop)))`, "unknown local");
  invalid(`(module (func (global.get 0) (drop)))`, "unknown global");
  invalid(`(module (func (call 3)))`, "unknown function");
  invalid(`(module (func (br 1)))`, "unknown label");
  invalid(`(module (func (i32.load (i32.const 0)) (drop)))`, "unknown memory");
  invalid(`(module (func (table.size 0) (drop)))`, "unknown table");
  invalid(`(module (memory 1) (func (data.drop 0)))`, "unknown data segment");
  invalid(`(module (table 1 funcref) (func (elem.drop 0)))`, "unknown elem segment");
});

Deno.test("validateModule() checks globals, alignment and lanes", () => {
  invalid(
    `(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))`,
    "global is immutable",
  );
  invalid(
    `(module (memory 1) (func (i32.load align=8 (i32.const 0)) (drop)))`,
    "alignment must not be larger than natural",
  );
  invalid(
    `(module (func (i8x16.extract_lane_s 16 (v128.const i64x2 0 0)) (drop)))`,
    "invalid lane index",
  );
  invalid(
    `(module (memory 1) (func (v128.load64_lane 2 (i32.const 0) (v128.const i64x2 0 0)) (drop)))`,
    "invalid lane index",
  );
});

Deno.test("validateModule() checks constant expressions", () => {
  invalid(`(module (global i32 (i32.ctz (i32.const 0))))`, "constant expression required");
  invalid(`(module (global i32 (nop)))`, "constant expression required");
  invalid(`(module (global i32 (i32.const 0) (i32.const 0)))`, "type mismatch");
  invalid(`(module (global i32 (f32.const 0)))`, "type mismatch");
  invalid(
    `(module (global (import "m" "g") (mut i32)) (global i32 (global.get 0)))`,
    "constant expression required",
  );
  invalid(`(module (global i32 (i32.const 0)) (global i32 (global.get 0)))`, "unknown global");
  valid(`(module (global (import "m" "g") i32) (global i32 (global.get 0)))`);
});

Deno.test("validateModule() checks ref.func declarations", () => {
  invalid(`(module (func (result funcref) (ref.func 0)))`, "undeclared function reference");
  valid(`(module (func (result funcref) (ref.func 0)) (elem declare func 0))`);
  valid(`(module (func (export "f") (result funcref) (ref.func 0)))`);
});

Deno.test("validateModule() checks module-level rules", () => {
  invalid(`(module (func) (export "a" (func 0)) (export "a" (func 0)))`, "duplicate export name");
  invalid(`(module (func (param i32)) (start 0))`, "start function");
  invalid(`(module (memory 65537))`, "memory size must be at most 65536 pages (4GiB)");
  invalid(`(module (memory 2 1))`, "size minimum must not be greater than maximum");
  invalid(`(module (table 2 1 funcref))`, "size minimum must not be greater than maximum");
  invalid(`(module (memory 1) (data (i32.const 0) "") (memory 1))`, "multiple memories");
  invalid(`(module (table 1 externref) (func $f) (elem (i32.const 0) $f))`, "type mismatch");
});

function bareModule(body: EncodableModule["funcs"][number]["body"]): EncodableModule {
  return {
    types: [{ params: [], results: [] }],
    imports: [],
    funcs: [{ typeIdx: 0, locals: [], body }],
    tables: [],
    mems: [{ limits: { min: 1, max: undefined } }],
    globals: [],
    exports: [],
    start: undefined,
    elems: [],
    datas: [{ init: new Uint8Array(1), mode: { kind: "passive" } }],
    dataCount: undefined,
  };
}

Deno.test("validateModule() rejects typed select with two types", () => {
  const body = [
    makeInstruction(opcode("i32.const"), 0),
    makeInstruction(opcode("i32.const"), 0),
    makeInstruction(opcode("i32.const"), 0),
    makeInstruction(opcode("select_t"), 0, { valTypes: ["i32", "i32"] }),
    makeInstruction(opcode("end"), 0),
  ];
  assert.throws(() => check(encodeModule(bareModule(body))), /invalid result arity/);
});

Deno.test("validateModule() requires the data count section for data.drop", () => {
  const body = [makeInstruction(opcode("data.drop"), 0), makeInstruction(opcode("end"), 0)];
  assert.throws(
    () => check(encodeModule(bareModule(body))),
    (error) => error instanceof DecodeError && error.reason === "data count section required",
  );
  check(encodeModule({ ...bareModule(body), dataCount: 1 }));
});

Deno.test("validatingReaders() reports the error validateModule() finds in a body", () => {
  const module = decodeModule(wat(`(module (func (nop)) (func (result i32) (i64.const 0)))`));
  validateModule(module, { bodies: false });
  const readBody = validatingReaders(module);
  const first = readBody(0);
  while (first.read() !== undefined) { /* valid */ }
  const second = readBody(1);
  const readAll = () => {
    while (second.read() !== undefined) { /* until the error */ }
  };
  assert.throws(readAll, (error) => error instanceof ValidationError && error.funcIdx === 1);
  assert.throws(() => validateModule(module), ValidationError);
});
