import assert from "node:assert/strict";
import fc from "fast-check";
import { operandsFor } from "./_arbitrary_operands.ts";
import { decodeInstruction, disassemble } from "./decode.ts";
import { encodeInstruction } from "./encode.ts";
import { INST_ROWS } from "./insts.ts";
import { sdmText } from "./row.ts";

const RUNS_PER_ROW = 12;

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

Deno.test("every row round-trips encode -> decode -> encode with random operands", () => {
  INST_ROWS.forEach((row, index) => {
    fc.assert(
      fc.property(operandsFor(row), (operands) => {
        const bytes = encodeInstruction(row, operands).bytes;
        const decoded = decodeInstruction(bytes);
        assert.ok(decoded !== undefined, `${sdmText(row)}: ${hex(bytes)} does not decode`);
        assert.equal(sdmText(decoded.row), sdmText(row), hex(bytes));
        assert.equal(decoded.row.mnemonic, row.mnemonic, hex(bytes));
        assert.equal(decoded.length, bytes.length, hex(bytes));
        assert.equal(hex(encodeInstruction(decoded.row, decoded.operands).bytes), hex(bytes));
      }),
      { numRuns: RUNS_PER_ROW, seed: 4242 + index },
    );
  });
});

Deno.test("disassemble() never throws on arbitrary bytes and covers every byte", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), (code) => {
      const lines = disassemble(code);
      let offset = 0;
      for (const line of lines) {
        assert.equal(line.offset, offset);
        assert.ok(line.bytes.length >= 1 && line.bytes.length <= 15);
        offset += line.bytes.length;
      }
      assert.equal(offset, code.length);
    }),
    { numRuns: 2000, seed: 7 },
  );
});

Deno.test("disassemble() prints unknown and truncated bytes as (bad), one byte at a time", () => {
  const lines = disassemble(Uint8Array.of(0xd6, 0x48, 0x8b)); // salc is invalid in 64-bit mode
  assert.deepEqual(lines.map((line) => line.text), ["(bad)", "(bad)", "(bad)"]);
  assert.deepEqual(lines.map((line) => line.offset), [0, 1, 2]);
});

Deno.test("disassemble() reports branch targets relative to baseAddress", () => {
  const lines = disassemble(Uint8Array.of(0xeb, 0xfe, 0x0f, 0x84, 0x10, 0, 0, 0), {
    baseAddress: 0x100,
  });
  assert.deepEqual(lines.map((line) => [line.text, line.target]), [
    ["jmp 0x100", 0x100],
    ["je 0x118", 0x118],
  ]);
});

Deno.test("decodeInstruction() reads legacy high-byte registers without REX", () => {
  const decoded = decodeInstruction(Uint8Array.of(0x88, 0xe0)); // mov al, ah
  assert.ok(decoded !== undefined);
  assert.equal(disassemble(Uint8Array.of(0x88, 0xe0))[0]?.text, "mov al,ah");
  assert.equal(disassemble(Uint8Array.of(0x40, 0x88, 0xe0))[0]?.text, "mov al,spl");
});
