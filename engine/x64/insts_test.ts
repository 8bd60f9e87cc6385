import assert from "node:assert/strict";
import { INST_ROWS, INSTRUCTION_TABLE, ROWS_BY_FORM, ROWS_BY_MNEMONIC } from "./insts.ts";
import { parseRow, sdmText } from "./row.ts";
import { InternalError } from "../errors.ts";

Deno.test("every row prints itself in SDM notation", () => {
  const add = ROWS_BY_FORM.get("ADD r/m64, r64")?.[0];
  assert.ok(add !== undefined);
  assert.equal(sdmText(add), "REX.W + 01 /r ADD r/m64, r64");
  assert.equal(add.opEn, "MR");
  assert.equal(add.rexW, true);
  assert.equal(add.opcode, 0x01);
  assert.equal(add.modrm, -1);
});

Deno.test("cc rows expand to the 16 SDM conditions with the condition in the opcode", () => {
  const jumps = [
    "jo",
    "jno",
    "jb",
    "jae",
    "je",
    "jne",
    "jbe",
    "ja",
    "js",
    "jns",
    "jp",
    "jnp",
    "jl",
    "jge",
    "jle",
    "jg",
  ];
  jumps.forEach((mnemonic, cc) => {
    const rows = ROWS_BY_MNEMONIC.get(mnemonic) ?? [];
    assert.deepEqual(rows.map((row) => [row.map, row.opcode, row.cc]), [[0, 0x70 + cc, cc], [
      1,
      0x80 + cc,
      cc,
    ]]);
  });
  assert.equal(ROWS_BY_MNEMONIC.get("cmovge")?.length, 3);
  const sete = ROWS_BY_FORM.get("SETE r/m8")?.[0];
  assert.equal(sete === undefined ? "" : sdmText(sete), "0F 94 /0 SETE r/m8");
  const jle = ROWS_BY_FORM.get("JLE rel32")?.[0];
  assert.equal(jle === undefined ? "" : sdmText(jle), "0F 8E cd JLE rel32");
});

Deno.test("parseRow() reads prefixes, escapes, VEX fields and operand slots", () => {
  const [pextrq] = parseRow([
    "66 REX.W 0F 3A 16 /r ib",
    "PEXTRQ r/m64, xmm2, imm8",
    "MRI",
    "sse41",
  ]);
  assert.ok(pextrq !== undefined);
  assert.deepEqual([pextrq.prefix, pextrq.rexW, pextrq.map, pextrq.opcode], [0x66, true, 3, 0x16]);
  assert.deepEqual(pextrq.operands.map((spec) => spec.slot), ["rm", "reg", "imm"]);
  const [shlx] = parseRow(["VEX.LZ.66.0F38.W1 F7 /r", "SHLX r64, r/m64, r64", "RMV", "bmi2"]);
  assert.deepEqual(shlx?.vex, { l: 0, pp: 1, mmmmm: 2, w: 1 });
  assert.deepEqual(shlx?.operands.map((spec) => spec.slot), ["reg", "rm", "vvvv"]);
});

Deno.test("parseRow() rejects rows whose columns disagree", () => {
  assert.throws(() => parseRow(["01 /r", "ADD r/m32", "MR", "baseline"]), InternalError);
  assert.throws(() => parseRow(["01 /q", "ADD r/m32, r32", "MR", "baseline"]), InternalError);
  assert.throws(
    () => parseRow(["0F 40+cc /r", "CMOV r32, r/m32", "RM", "baseline"]),
    InternalError,
  );
});

Deno.test("no two rows share a mnemonic and instruction form with different encodings", () => {
  const seen = new Map<string, string>();
  for (const row of INST_ROWS) {
    const key = `${row.mnemonic} ${row.instructionText}`;
    const previous = seen.get(key);
    assert.ok(previous === undefined || previous === row.opcodeText, `${key} is listed twice`);
    seen.set(key, row.opcodeText);
  }
  assert.ok(INSTRUCTION_TABLE.length > 600);
});
