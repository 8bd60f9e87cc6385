import assert from "node:assert/strict";
import { Assembler } from "./assembler.ts";
import { disassemblyListing } from "./listing.ts";
import { imm, r32 } from "./operands.ts";

Deno.test("disassemblyListing() labels jump targets and shows relocations under their instruction", () => {
  const asm = new Assembler();
  const loop = asm.newLabel();
  const done = asm.newLabel();
  asm.bind(loop);
  asm.emit("sub", r32("edi"), imm(1));
  asm.jcc("e", done);
  asm.callSymbol("wasm_tick");
  asm.jmp(loop);
  asm.bind(done);
  asm.emit("ret");
  const { code, relocs } = asm.finish();
  assert.deepEqual(disassemblyListing(code, { relocations: relocs }), [
    "L0:",
    "     0: 83 ef 01                       sub edi,0x1",
    "     3: 0f 84 07 00 00 00              je L1",
    "     9: e8 00 00 00 00                 call 0xe",
    "        a: R_X86_64_PLT32 wasm_tick-0x4",
    "     e: eb f0                          jmp L0",
    "L1:",
    "    10: c3                             ret",
  ]);
});

Deno.test("disassemblyListing() lists undecodable bytes as (bad) and a label at the end", () => {
  assert.deepEqual(disassemblyListing(Uint8Array.of(0xeb, 0x01, 0xd6)), [
    "     0: eb 01                          jmp L0",
    "     2: d6                             (bad)",
    "L0:",
  ]);
});
