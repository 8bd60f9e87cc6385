/**
 * The objdump oracle: random encodings of every table row, disassembled by GNU objdump in one
 * batch, must split into the same instructions and read the same as our decoder's text.
 * Skips loudly when objdump is missing.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { operandsFor } from "./_arbitrary_operands.ts";
import { nopBytes } from "./assembler.ts";
import { disassemble } from "./decode.ts";
import { encodeInstruction } from "./encode.ts";
import { INST_ROWS } from "./insts.ts";
import { sdmText } from "./row.ts";

const SAMPLES_PER_ROW = 8;
const SEED = 20261125;

/** Compare predicates objdump folds into the mnemonic (`cmpltps`, `vcmpge_oqps`), by imm8. */
// deno-fmt-ignore
const COMPARE_PREDICATES = [
  "eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord",
  "eq_uq", "nge", "ngt", "false", "neq_oq", "ge", "gt", "true",
  "eq_os", "lt_oq", "le_oq", "unord_s", "neq_us", "nlt_uq", "nle_uq", "ord_s",
  "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq", "true_us",
];

/**
 * Brings objdump's text to our form. Differences normalised:
 * - whitespace runs (objdump pads the mnemonic to a column) become one space;
 * - `[v]cmp<pred>ps/pd/ss/sd a,b` pseudo-ops become `cmpps a,b,<imm8>` (we print the SDM form);
 * - a negative RIP displacement, which objdump prints as `rip+0xffffffffffffff80`, becomes
 *   `rip-0x80` (as llvm-objdump prints it).
 */
function normaliseObjdump(text: string): string {
  const [instruction = "", comment] = text.split(" # ");
  let collapsed = instruction.trim().replace(/\s+/g, " ").replace(
    /rip\+0x(f{8}[0-9a-f]{8})\]/,
    (_, hex: string) => `rip-0x${(-BigInt.asIntN(64, BigInt(`0x${hex}`))).toString(16)}]`,
  );
  const compare = collapsed.match(/^(v?)cmp([a-z_]+)(ps|pd|ss|sd) (.*)$/);
  const predicate = compare === null ? -1 : COMPARE_PREDICATES.indexOf(compare[2] ?? "");
  if (compare !== null && predicate >= 0) {
    collapsed = `${compare[1]}cmp${compare[3]} ${compare[4]},0x${predicate.toString(16)}`;
  }
  return comment === undefined ? collapsed : `${collapsed} # ${comment.trim()}`;
}

function objdumpAvailable(): boolean {
  const probe = spawnSync("objdump", ["--version"], { encoding: "utf8" });
  return probe.status === 0;
}

/** Runs objdump on raw bytes; returns text by instruction offset. */
function objdumpLines(code: Uint8Array): Map<number, string> {
  const folder = mkdtempSync(join(tmpdir(), "ingot-x64-"));
  try {
    const file = join(folder, "code.bin");
    writeFileSync(file, code);
    const result = spawnSync("objdump", [
      "-D",
      "-b",
      "binary",
      "-m",
      "i386:x86-64",
      "-M",
      "intel",
      "--insn-width=16",
      file,
    ], { encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(result.status, 0, result.stderr);
    const lines = new Map<number, string>();
    for (const line of result.stdout.split("\n")) {
      const match = line.match(/^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/);
      if (match !== null) lines.set(parseInt(match[1] ?? "", 16), match[2] ?? "");
    }
    return lines;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

Deno.test("our disassembly of random encodings of every row matches objdump's", () => {
  if (!objdumpAvailable()) {
    console.warn("SKIPPED: objdump is not installed; the x64 objdump oracle did not run");
    return;
  }
  const chunks: Uint8Array[] = [];
  const origins: string[] = [];
  INST_ROWS.forEach((row, index) => {
    for (
      const operands of fc.sample(operandsFor(row), {
        seed: SEED + index,
        numRuns: SAMPLES_PER_ROW,
      })
    ) {
      chunks.push(encodeInstruction(row, operands).bytes);
      origins.push(sdmText(row));
    }
  });
  for (let size = 1; size <= 9; size++) {
    chunks.push(nopBytes(size));
    origins.push(`the ${size}-byte NOP of Assembler.align`);
  }
  const code = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    code.set(chunk, at);
    at += chunk.length;
  }
  const theirs = objdumpLines(code);
  const ours = disassemble(code);
  assert.equal(ours.length, chunks.length, "our decoder split the batch differently");
  const mismatches: string[] = [];
  ours.forEach((line, i) => {
    const expected = theirs.get(line.offset);
    const text = expected === undefined ? "<no instruction here>" : normaliseObjdump(expected);
    if (text !== line.text.replace(/\s+/g, " ")) {
      const hex = [...line.bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
      mismatches.push(`${origins[i]}\n  bytes   ${hex}\n  ours    ${line.text}\n  objdump ${text}`);
    }
  });
  assert.deepEqual(mismatches.slice(0, 400), [], `${mismatches.length} mismatches`);
});
