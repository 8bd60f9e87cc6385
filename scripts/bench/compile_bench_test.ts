import assert from "node:assert/strict";
import { clangAvailable, generateCProgram } from "./c_program.ts";
import {
  benchCompile,
  codeSectionBytes,
  type CompileBench,
  formatCompileBench,
  PHASES,
} from "./compile_bench.ts";
import { benchModule } from "./decode_bench.ts";

function checkShape(result: CompileBench): void {
  assert.ok(result.bytes > result.codeBytes && result.codeBytes > 0);
  assert.ok(result.ingotMBps > 0 && result.liftoffMBps > 0);
  assert.ok(result.ingotCodeMBps < result.ingotMBps);
  assert.ok(result.ratio > 0);
  if (result.runs === 1) { // one run: the median ratio is the ratio of the medians
    assert.ok(Math.abs(result.ratio - result.ingotMBps / result.liftoffMBps) < 1e-9);
  }
  assert.deepEqual(Object.keys(result.phases), [...PHASES, "total"]);
  const sum = PHASES.reduce((total, name) => total + result.phases[name]!, 0);
  assert.ok(sum > 0 && result.phases.total! > 0);
  assert.match(formatCompileBench(result), /Ingot .* MB\/s, V8 Liftoff .* MB\/s/);
}

Deno.test("codeSectionBytes() finds the size of the code section's contents", () => {
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  const types = [1, 4, 1, 0x60, 0, 0], funcs = [3, 2, 1, 0], code = [10, 4, 1, 2, 0, 0x0b];
  assert.equal(codeSectionBytes(Uint8Array.from([...header, ...types, ...funcs, ...code])), 4);
  assert.equal(codeSectionBytes(Uint8Array.from([...header, ...types])), 0);
  assert.ok(codeSectionBytes(benchModule(3)) > 3 * 100);
});

Deno.test("benchCompile() measures Ingot and Liftoff on a small synthetic module", async () => {
  const result = await benchCompile({ source: "synthetic", funcs: 30, runs: 1 });
  assert.equal(result.module, "synthetic benchModule(30)");
  assert.equal(result.note, undefined);
  assert.equal(result.runs, 1);
  checkShape(result);
});

Deno.test("benchCompile() compiles a small C program, or falls back and says so", async () => {
  const result = await benchCompile({ units: 2, runs: 1 });
  if (clangAvailable()) {
    assert.match(result.module, /^C program/);
    assert.equal(result.note, undefined);
  } else {
    console.warn("clang-16/wasm-ld-16 not installed: only the fallback is checked");
    assert.match(result.note ?? "", /not installed/);
  }
  checkShape(result);
});

Deno.test("generateCProgram() is deterministic and follows its seed", () => {
  assert.equal(generateCProgram({ units: 3 }), generateCProgram({ units: 3 }));
  assert.notEqual(generateCProgram({ units: 3 }), generateCProgram({ units: 3, seed: 2 }));
  assert.ok(generateCProgram({ units: 6 }).length > generateCProgram({ units: 3 }).length);
});
