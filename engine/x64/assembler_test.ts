import assert from "node:assert/strict";
import { InternalError } from "../errors.ts";
import { DEFAULT_CPU_FEATURES } from "../settings.ts";
import { Assembler, nopBytes } from "./assembler.ts";
import fc from "fast-check";
import { operandsFor } from "./_arbitrary_operands.ts";
import { decodeInstruction, disassemble } from "./decode.ts";
import { encodeInstruction } from "./encode.ts";
import { INST_ROWS } from "./insts.ts";
import { sdmText } from "./row.ts";
import { imm, label, mem, r32, r64, r8, xmm } from "./operands.ts";

function texts(code: Uint8Array): string[] {
  return disassemble(code).map((line) => `${line.offset.toString(16)}: ${line.text}`);
}

Deno.test("Assembler uses rel8 for bound labels in range and rel32 otherwise", () => {
  const asm = new Assembler();
  const top = asm.newLabel();
  const bottom = asm.newLabel();
  asm.bind(top);
  asm.jcc("e", bottom);
  asm.jmp(top);
  asm.data(new Uint8Array(130));
  asm.jmp(top);
  asm.bind(bottom);
  const { code, labels } = asm.finish();
  assert.deepEqual(labels, [0, 0x8f]);
  const lines = disassemble(code);
  assert.equal(lines[0]?.text, "je 0x8f");
  assert.equal(lines[0]?.bytes.length, 6);
  assert.equal(lines[1]?.text, "jmp 0x0");
  assert.equal(lines[1]?.bytes.length, 2);
  assert.equal(lines.at(-1)?.text, "jmp 0x0");
  assert.equal(lines.at(-1)?.bytes.length, 5);
});

Deno.test("Assembler emits short forward branches on request and checks their range", () => {
  const asm = new Assembler();
  const done = asm.newLabel();
  asm.jcc("ne", done, { short: true });
  asm.emit("ud2");
  asm.bind(done);
  assert.deepEqual(texts(asm.finish().code), ["0: jne 0x4", "2: ud2"]);
  const far = new Assembler();
  const target = far.newLabel();
  far.jmp(target, { short: true });
  far.data(new Uint8Array(200));
  far.bind(target);
  assert.throws(() => far.finish(), InternalError);
});

Deno.test("finish() reports the label error of the first fixup recorded", () => {
  // Fixups are patched when their label is bound; errors still come out in recording order.
  const asm = new Assembler();
  const never = asm.newLabel(), far = asm.newLabel();
  asm.jmp(far, { short: true });
  asm.jmp(never);
  asm.data(new Uint8Array(200));
  asm.bind(far);
  assert.throws(() => asm.finish(), { message: `Cannot reach label ${far.id} with rel8 (205)` });
  const other = new Assembler();
  const unbound = other.newLabel(), late = other.newLabel();
  other.jmp(unbound);
  other.jmp(late, { short: true });
  other.data(new Uint8Array(200));
  other.bind(late);
  assert.throws(() => other.finish(), {
    message: `Cannot resolve label ${unbound.id}: never bound`,
  });
});

Deno.test("Assembler emits jmp to a label operand and call to a label", () => {
  const asm = new Assembler();
  const entry = asm.newLabel();
  asm.bind(entry);
  asm.emit("jmp", label(entry));
  asm.callLabel(entry);
  assert.deepEqual(texts(asm.finish().code), ["0: jmp 0x0", "2: call 0x0"]);
});

Deno.test("callSymbol() and RIP-relative symbol references record relocations", () => {
  const asm = new Assembler();
  asm.callSymbol("ingot_trap");
  asm.leaRip(r64("rax"), { symbol: "foo", addend: 8 });
  asm.emit("cmp", mem({ symbol: "bar", width: 32 }), imm(1));
  asm.emit("movsd", xmm(0), mem({ symbol: { symbol: "k", addend: 0 }, disp: 4, width: 64 }));
  const { code, relocs } = asm.finish();
  assert.deepEqual(relocs, [
    { offset: 1, symbol: "ingot_trap", type: "R_X86_64_PLT32", addend: -4 },
    { offset: 8, symbol: "foo", type: "R_X86_64_PC32", addend: 4 },
    // cmp DWORD PTR [rip+bar], 1: the imm8 follows the disp32, so the addend is -5.
    { offset: 14, symbol: "bar", type: "R_X86_64_PC32", addend: -5 },
    { offset: 23, symbol: "k", type: "R_X86_64_PC32", addend: 0 },
  ]);
  assert.equal(code.length, 27);
});

Deno.test("jmpSymbol() emits jmp rel32 with a PLT32 relocation", () => {
  const asm = new Assembler();
  asm.emit("nop");
  asm.jmpSymbol("callee");
  const { code, relocs } = asm.finish();
  assert.deepEqual(texts(code), ["0: nop", "1: jmp 0x6"]);
  assert.deepEqual(relocs, [{ offset: 2, symbol: "callee", type: "R_X86_64_PLT32", addend: -4 }]);
});

Deno.test("labelAddressTable() emits label-minus-table entries addressed RIP-relative", () => {
  const asm = new Assembler();
  const cases = [asm.newLabel(), asm.newLabel()];
  const table = asm.newLabel();
  asm.leaRip(r64("r11"), table); // 7 bytes
  asm.emit("movsxd", r64("rax"), mem({ base: "r11", index: "rax", scale: 4, width: 32 }));
  asm.emit("add", r64("rax"), r64("r11"));
  asm.emit("jmp", r64("rax"));
  for (const target of cases) {
    asm.bind(target);
    asm.emit("ret");
  }
  const emitted = asm.labelAddressTable(cases, table);
  assert.equal(emitted, table);
  const { code, labels } = asm.finish();
  const tableOffset = labels[emitted.id] ?? -1;
  assert.equal(tableOffset % 4, 0);
  const view = new DataView(code.buffer);
  assert.equal(view.getInt32(tableOffset, true), (labels[cases[0]?.id ?? 0] ?? 0) - tableOffset);
  assert.equal(
    view.getInt32(tableOffset + 4, true),
    (labels[cases[1]?.id ?? 0] ?? 0) - tableOffset,
  );
  assert.deepEqual(texts(code.slice(0, 7)), [
    `0: lea r11,[rip+0x${(tableOffset - 7).toString(16)}]        # 0x${tableOffset.toString(16)}`,
  ]);
  // A label that is referred to but never bound is an engine bug.
  assert.throws(() => {
    const broken = new Assembler();
    broken.leaRip(r64("rax"), broken.newLabel());
    broken.finish();
  }, InternalError);
});

Deno.test("leaRip() to a bound label computes the displacement from the next instruction", () => {
  const asm = new Assembler();
  const data = asm.newLabel();
  asm.leaRip(r64("rax"), data);
  asm.emit("ret");
  asm.bind(data);
  assert.deepEqual(texts(asm.finish().code), ["0: lea rax,[rip+0x1]        # 0x8", "7: ret"]);
});

Deno.test("align() pads with the SDM's multi-byte NOPs that decode as single instructions", () => {
  for (let size = 1; size <= 9; size++) {
    const lines = disassemble(nopBytes(size));
    assert.equal(lines.length, 1, `nop of ${size} bytes`);
    assert.match(lines[0]?.text ?? "", /^(nop|xchg ax,ax)/);
    assert.equal(lines[0]?.bytes.length, size);
  }
  const asm = new Assembler();
  asm.emit("ret");
  asm.align(32);
  assert.equal(asm.offset, 32);
  asm.align(32);
  assert.equal(asm.offset, 32);
  const lines = disassemble(asm.finish().code);
  assert.deepEqual(lines.map((line) => line.bytes.length), [1, 9, 9, 9, 4]);
});

Deno.test("emitForm() forces a row, and patchU32() rewrites its imm32", () => {
  const asm = new Assembler();
  asm.emitForm("SUB r/m64, imm32", r64("rsp"), imm(0));
  asm.patchU32(asm.offset - 4, 0x40);
  assert.deepEqual(texts(asm.finish().code), ["0: sub rsp,0x40"]);
});

Deno.test("emit() rejects rows of disabled CPU features and impossible operands", () => {
  const asm = new Assembler({ cpuFeatures: { ...DEFAULT_CPU_FEATURES, lzcnt: false } });
  assert.throws(() => asm.emit("lzcnt", r32("eax"), r32("ecx")), /feature "lzcnt"/);
  assert.throws(() => asm.emit("add", r32("eax"), r64("rcx")), InternalError);
  assert.throws(() => asm.emit("add", r64("rax"), imm(0x80000000)), InternalError);
  assert.throws(() => asm.emit("frobnicate"), InternalError);
  assert.throws(() => asm.emit("mov", r8("ah"), r8("sil")), InternalError);
  assert.throws(() => mem({ base: "rax", index: "rsp" }), InternalError);
  assert.throws(() => r32("rax"), InternalError);
  const label = asm.newLabel();
  asm.bind(label);
  assert.throws(() => asm.bind(label), InternalError);
  assert.equal(asm.offset, 0);
});

Deno.test("emit() finds an encoding for random operands of every row, with the same meaning", () => {
  const everything = Object.fromEntries(
    Object.keys(DEFAULT_CPU_FEATURES).map((name) => [name, true]),
  ) as unknown as typeof DEFAULT_CPU_FEATURES;
  INST_ROWS.forEach((row, index) => {
    for (const operands of fc.sample(operandsFor(row), { seed: 99 + index, numRuns: 4 })) {
      const asm = new Assembler({ cpuFeatures: everything });
      asm.emit(row.mnemonic, ...operands);
      const { code } = asm.finish();
      const decoded = decodeInstruction(code);
      assert.ok(decoded !== undefined && decoded.length === code.length, sdmText(row));
      assert.equal(decoded.row.mnemonic, row.mnemonic);
      assert.ok(code.length <= encodeInstruction(row, operands).bytes.length, sdmText(row));
    }
  });
});
