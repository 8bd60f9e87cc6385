import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeModule, OPCODES, readOperators, validateModule } from "../../engine/wasm/mod.ts";
import { BODY_OPS } from "./_ops.ts";
import { arbitraryModule, withCustomSection } from "./arbitrary_module.ts";
import { wabtValidationError, watOf } from "./_wabt.ts";

const SAMPLES = 200;
const SEED = 0x1760;

const nonSimdRows = OPCODES.filter((row) => row.feature !== "simd").map((row) => row.mnemonic);

/** How often each mnemonic occurs in the bodies of `wasm`. */
function opCounts(wasm: Uint8Array, counts: Map<string, number>): void {
  const module = decodeModule(wasm);
  for (let index = 0; index < module.funcs.length; index++) {
    for (const instr of readOperators(module, module.importedFuncs + index)) {
      counts.set(instr.op.mnemonic, (counts.get(instr.op.mnemonic) ?? 0) + 1);
    }
  }
}

Deno.test("arbitraryModule() generates modules both Ingot's validator and wabt accept", async () => {
  const modules = fc.sample(arbitraryModule(), { numRuns: SAMPLES, seed: SEED });
  for (const [index, { wasm }] of modules.entries()) {
    for (const bytes of [wasm, withCustomSection(wasm, "x")]) {
      try {
        validateModule(decodeModule(bytes));
      } catch (error) {
        assert.fail(`sample ${index}: Ingot rejects it: ${error}\n${await watOf(bytes)}`);
      }
      const wabtError = await wabtValidationError(bytes);
      assert.equal(wabtError, undefined, `sample ${index}: wabt rejects it\n${await watOf(bytes)}`);
    }
  }
});

Deno.test("BODY_OPS has every non-SIMD opcode of the opcode table exactly once", () => {
  const generated = BODY_OPS.map((op) => op.mnemonic);
  assert.equal(new Set(generated).size, generated.length);
  assert.deepEqual([...generated].sort(), [...nonSimdRows].sort());
});

Deno.test("arbitraryModule() bodies use at least 95% of the non-SIMD opcodes in 200 samples", () => {
  const counts = new Map<string, number>();
  for (const { wasm } of fc.sample(arbitraryModule(), { numRuns: SAMPLES, seed: SEED })) {
    opCounts(wasm, counts);
  }
  const missing = nonSimdRows.filter((mnemonic) => !counts.has(mnemonic));
  assert.ok(missing.length <= nonSimdRows.length * 0.05, `never generated: ${missing}`);
  for (const family of ["br_table", "call_indirect", "table.init", "memory.init", "select_t"]) {
    assert.ok(counts.has(family), `never generated: ${family}`);
  }
});

Deno.test("arbitraryModule() counterexamples shrink to small valid modules", () => {
  // A property that fails on any module with a call_indirect: the shrunk module keeps little else.
  const details = fc.check(
    fc.property(arbitraryModule(), ({ wasm }) => {
      const counts = new Map<string, number>();
      opCounts(wasm, counts);
      return !counts.has("call_indirect");
    }),
    { seed: SEED, numRuns: 1000 },
  );
  assert.ok(details.failed);
  const [{ wasm }] = details.counterexample!;
  validateModule(decodeModule(wasm));
  assert.ok(wasm.length <= 64, `shrunk to ${wasm.length} bytes`);
});
