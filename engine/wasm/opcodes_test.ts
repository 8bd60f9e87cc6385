import assert from "node:assert/strict";
import wabtInit from "wabt";
import { type EncodableModule, encodeModule } from "./_encode.ts";
import { makeInstruction } from "./operators.ts";
import { opcode, OPCODE_BY_CODE, OPCODE_BY_MNEMONIC, OPCODES } from "./opcodes.ts";
import type { Instruction } from "./syntax.ts";

Deno.test("OPCODES has one row per mnemonic and per prefix and code", () => {
  assert.equal(OPCODE_BY_MNEMONIC.size, OPCODES.length);
  const codes = new Set(OPCODES.map((row) => `${row.prefix}:${row.code}`));
  assert.equal(codes.size, OPCODES.length);
  OPCODES.forEach((row, i) => assert.equal(row.id, i));
});

Deno.test("OPCODES covers all of WebAssembly 2.0", () => {
  const count = (prefix: number) => OPCODES.filter((row) => row.prefix === prefix).length;
  assert.equal(count(0xfd), 236);
  assert.equal(count(0xfc), 18);
  assert.equal(count(0), 183);
});

Deno.test("OPCODE_BY_CODE finds every row", () => {
  for (const row of OPCODES) assert.equal(OPCODE_BY_CODE[row.prefix][row.code], row);
});

Deno.test("memory ops have a natural alignment and a signature", () => {
  for (const row of OPCODES) {
    const isMemarg = row.immediate === "memarg" || row.immediate === "memarg_lane";
    assert.equal(row.naturalAlign !== undefined, isMemarg, row.mnemonic);
    if (isMemarg) assert.ok(row.params !== undefined, row.mnemonic);
  }
  assert.equal(opcode("i64.load32_u").naturalAlign, 2);
  assert.equal(opcode("v128.load").naturalAlign, 4);
  assert.equal(opcode("v128.store16_lane").naturalAlign, 1);
});

Deno.test("opcode() throws on an unknown mnemonic", () => {
  assert.throws(() => opcode("i32.frobnicate"), /Cannot find opcode/);
});

/** A module whose one function holds `instr`: the index spaces exist so wabt can print it. */
function moduleWith(instr: Instruction): EncodableModule {
  return {
    types: [{ params: [], results: [] }],
    imports: [],
    funcs: [{ typeIdx: 0, locals: [], body: [instr, makeInstruction(opcode("end"), 0)] }],
    tables: [{ limits: { min: 1, max: undefined }, elemType: "funcref" }],
    mems: [{ limits: { min: 1, max: undefined } }],
    globals: [],
    exports: [],
    start: undefined,
    elems: [{ type: "funcref", init: [], mode: { kind: "passive" }, encoding: "funcidx" }],
    datas: [{ init: new Uint8Array(1), mode: { kind: "passive" } }],
    dataCount: 1,
  };
}

Deno.test("every row's encoding disassembles to its mnemonic in wabt", async () => {
  const wabt = await wabtInit();
  const structured = new Set(["block", "loop", "if", "else", "end"]);
  for (const row of OPCODES.filter((row) => !structured.has(row.mnemonic))) {
    const instr = makeInstruction(row, 0, {
      align: row.naturalAlign ?? 0,
      bytes: new Uint8Array(16),
      valTypes: ["funcref"],
    });
    const module = wabt.readWasm(encodeModule(moduleWith(instr)), { readDebugNames: false });
    const text = module.toText({});
    module.destroy();
    const line = text.slice(text.indexOf("(func (;0;)")).split("\n")[1]!.trim();
    const mnemonic = line.replace(/\)$/, "").split(/\s/)[0];
    assert.equal(mnemonic, row.mnemonic === "select_t" ? "select" : row.mnemonic);
  }
});
