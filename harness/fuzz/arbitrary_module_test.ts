import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeModule, OPCODES, readOperators, validateModule } from "../../engine/wasm/mod.ts";
import { BODY_OPS } from "./_ops.ts";
import { arbitraryModule, usesSimd, withCustomSection } from "./arbitrary_module.ts";
import { wabtValidationError, watOf } from "./_wabt.ts";

const SAMPLES = 200;
const SEED = 0x1760;

const allRows = OPCODES.map((row) => row.mnemonic);
const nonSimdRows = OPCODES.filter((row) => row.feature !== "simd").map((row) => row.mnemonic);
const simdRows = OPCODES.filter((row) => row.feature === "simd").map((row) => row.mnemonic);

/** How often each mnemonic occurs in the bodies of `wasm`. */
function opCounts(wasm: Uint8Array, counts: Map<string, number>): void {
  const module = decodeModule(wasm);
  for (let index = 0; index < module.funcs.length; index++) {
    for (const instr of readOperators(module, module.importedFuncs + index)) {
      counts.set(instr.op.mnemonic, (counts.get(instr.op.mnemonic) ?? 0) + 1);
    }
  }
}

/** Asserts that both Ingot's validator and wabt accept `bytes`. */
async function assertValid(bytes: Uint8Array, what: string): Promise<void> {
  try {
    validateModule(decodeModule(bytes));
  } catch (error) {
    assert.fail(`${what}: Ingot rejects it: ${error}\n${await watOf(bytes)}`);
  }
  const wabtError = await wabtValidationError(bytes);
  assert.equal(wabtError, undefined, `${what}: wabt rejects it\n${await watOf(bytes)}`);
}

Deno.test("arbitraryModule() generates modules both Ingot's validator and wabt accept", async () => {
  const modules = fc.sample(arbitraryModule(), { numRuns: SAMPLES, seed: SEED });
  let simd = 0;
  for (const [index, { wasm }] of modules.entries()) {
    for (const bytes of [wasm, withCustomSection(wasm, "x")]) {
      await assertValid(bytes, `sample ${index}`);
    }
    if (usesSimd(wasm)) simd++;
  }
  // The default mix: some modules with SIMD (default share 0.4, less where a body is empty).
  assert.ok(simd >= SAMPLES * 0.2 && simd <= SAMPLES * 0.5, `${simd} of ${SAMPLES} use SIMD`);
});

Deno.test("arbitraryModule({ simd: 1 }) modules with SIMD pass both validators", async () => {
  const modules = fc.sample(arbitraryModule({ simd: 1 }), { numRuns: 100, seed: SEED + 1 });
  for (const [index, { wasm }] of modules.entries()) await assertValid(wasm, `sample ${index}`);
});

Deno.test("arbitraryModule({ simd: 0 }) modules validate with the simd feature off", () => {
  for (const { wasm } of fc.sample(arbitraryModule({ simd: 0 }), { numRuns: 100, seed: SEED })) {
    assert.ok(!usesSimd(wasm));
  }
});

Deno.test("BODY_OPS has every opcode of the opcode table exactly once, SIMD included", () => {
  const generated = BODY_OPS.map((op) => op.mnemonic);
  assert.equal(new Set(generated).size, generated.length);
  assert.deepEqual([...generated].sort(), [...allRows].sort());
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

Deno.test("arbitraryModule({ simd: 1 }) bodies use at least 95% of the SIMD opcodes in 200 samples", () => {
  const counts = new Map<string, number>();
  for (
    const { wasm } of fc.sample(arbitraryModule({ simd: 1 }), { numRuns: SAMPLES, seed: SEED })
  ) {
    opCounts(wasm, counts);
  }
  const missing = simdRows.filter((mnemonic) => !counts.has(mnemonic));
  assert.ok(missing.length <= simdRows.length * 0.05, `never generated: ${missing}`);
  const immediates = ["v128.const", "i8x16.shuffle", "i8x16.extract_lane_s", "i64x2.replace_lane"];
  const memory = ["v128.load", "v128.load32_zero", "v128.load64_splat", "v128.store64_lane"];
  for (const mnemonic of [...immediates, ...memory]) {
    assert.ok(counts.has(mnemonic), `never generated: ${mnemonic}`);
  }
});

/** The shrunk counterexample of a property that fails on any module using `mnemonic`. */
function shrunkWith(mnemonic: string, simd: number): Uint8Array {
  const details = fc.check(
    fc.property(arbitraryModule({ simd }), ({ wasm }) => {
      const counts = new Map<string, number>();
      opCounts(wasm, counts);
      return !counts.has(mnemonic);
    }),
    { seed: SEED, numRuns: 1000 },
  );
  assert.ok(details.failed);
  return details.counterexample![0].wasm;
}

Deno.test("arbitraryModule() counterexamples shrink to small valid modules", () => {
  // A property that fails on any module with a call_indirect: the shrunk module keeps little else.
  const wasm = shrunkWith("call_indirect", 0.4);
  validateModule(decodeModule(wasm));
  assert.ok(wasm.length <= 64, `shrunk to ${wasm.length} bytes`);
});

Deno.test("arbitraryModule() SIMD counterexamples shrink to small modules both validators accept", async () => {
  const wasm = shrunkWith("i8x16.shuffle", 0.4);
  await assertValid(wasm, "shrunk shuffle module");
  assert.ok(wasm.length <= 100, `shrunk to ${wasm.length} bytes\n${await watOf(wasm)}`);
});
