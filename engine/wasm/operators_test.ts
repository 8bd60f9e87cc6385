import assert from "node:assert/strict";
import { DecodeError } from "../errors.ts";
import { DEFAULT_FEATURES } from "../settings.ts";
import { decodeModule } from "./decode.ts";
import { OperatorReader } from "./operators.ts";

function mnemonics(body: number[]): string[] {
  const bytes = Uint8Array.from(body);
  const reader = new OperatorReader(bytes, { start: 0, end: bytes.length }, {
    features: DEFAULT_FEATURES,
    bodyEnd: bytes.length,
  });
  const ops: string[] = [];
  for (const instr of reader) ops.push(instr.op.mnemonic); // the reader reuses its instruction
  return ops;
}

Deno.test("OperatorReader tracks if/else far deeper than its first block-kind capacity", () => {
  const depth = 70;
  const body: number[] = [];
  for (let i = 0; i < depth; i++) body.push(0x41, 1, 0x04, 0x40); // i32.const 1, if
  for (let i = 0; i < depth; i++) body.push(0x05, 0x0b); // else, end
  body.push(0x0b);
  const ops = mnemonics(body);
  assert.equal(ops.filter((op) => op === "else").length, depth);
  assert.equal(ops.at(-1), "end");
});

Deno.test("OperatorReader rejects an else inside a block nested in an if", () => {
  // if, block, else: the else closes the block, not the if.
  const body = [0x41, 1, 0x04, 0x40, 0x02, 0x40, 0x05, 0x0b, 0x0b, 0x0b];
  assert.throws(() => mnemonics(body), (error) => error instanceof DecodeError);
  // After the deeper block ends, the if's else is fine again (the kinds are per depth).
  assert.deepEqual(mnemonics([0x41, 1, 0x04, 0x40, 0x02, 0x40, 0x0b, 0x05, 0x0b, 0x0b]), [
    "i32.const",
    "if",
    "block",
    "end",
    "else",
    "end",
    "end",
  ]);
});

Deno.test("decodeModule() reads ASCII and non-ASCII export names alike", () => {
  const names = ["f", "with space\u0000nul", "\u00e9t\u00e9", "\u{1F600}", "x".repeat(300)];
  const exports: number[] = [names.length];
  names.forEach((name, index) => {
    const bytes = new TextEncoder().encode(name);
    exports.push(...leb(bytes.length), ...bytes, 0x03, index); // global export
  });
  const globals = [names.length, ...names.flatMap(() => [0x7f, 0, 0x41, 0, 0x0b])];
  const wasm = Uint8Array.from([
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...[6, ...leb(globals.length), ...globals],
    ...[7, ...leb(exports.length), ...exports],
  ]);
  const module = decodeModule(wasm);
  assert.deepEqual(module.exports.map((entry) => entry.name), names);
});

Deno.test("decodeModule() still rejects a malformed UTF-8 name", () => {
  const wasm = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, 3, 2, 0xc3, 0x28]);
  assert.throws(() => decodeModule(wasm), /malformed UTF-8 encoding/);
});

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    const byte = value & 0x7f;
    value >>>= 7;
    out.push(value === 0 ? byte : byte | 0x80);
  } while (value !== 0);
  return out;
}
