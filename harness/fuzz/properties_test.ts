import assert from "node:assert/strict";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { cacheKey } from "../../engine/cache/mod.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { defaultCompile, loadRealCompile, standInCompile, withStandIn } from "./compilers.ts";
import { arbitraryModule } from "./arbitrary_module.ts";
import { DEFAULT_SETTINGS, hostTarget } from "../../engine/settings.ts";
import { ENGINE_VERSION } from "../../engine/engine_id.ts";
import { arbitraryInput } from "./arbitrary_input.ts";
import {
  CacheMismatch,
  cacheProperty,
  checkSoundness,
  PROPERTY_NAMES,
  type PropertyContext,
} from "./properties.ts";

const RUNS = 60;
const SEED = 20261125;

function tempRoot(): { path: string; [Symbol.dispose](): void } {
  const path = Deno.makeTempDirSync({ prefix: "ingot-fuzz-test-" });
  return { path, [Symbol.dispose]: () => Deno.removeSync(path, { recursive: true }) };
}

for (const name of PROPERTY_NAMES) {
  Deno.test(`cache property "${name}" holds for ${RUNS} generated cases`, async () => {
    using root = tempRoot();
    const choice = await defaultCompile();
    const details = await fc.check(
      cacheProperty(name, { compile: choice.compile, root: root.path }),
      {
        numRuns: RUNS,
        seed: SEED,
      },
    );
    console.log(`  ${name}: ${choice.describe()}`);
    assert.ok(!details.failed, fc.defaultReportMessage(details) ?? "");
  });
}

Deno.test("soundness fails for a key that ignores the optimisation level", async () => {
  using root = tempRoot();
  const key = (input: CompileInput) =>
    cacheKey({ ...input, settings: { ...input.settings, optLevel: 0 } });
  const ctx: PropertyContext = { compile: standInCompile, key, root: root.path };
  const details = await fc.check(cacheProperty("soundness", ctx), { numRuns: 1000, seed: SEED });
  assert.ok(details.failed);
  assert.ok(details.errorInstance instanceof CacheMismatch);
});

Deno.test("the stand-in answers only inputs the real compile throws UnsupportedError on", async () => {
  const { UnsupportedError } = await import("../../engine/errors.ts");
  const real = (input: CompileInput) => {
    if (input.settings.optLevel === 2) throw new UnsupportedError("opt level 2");
    if (input.settings.optLevel === 1) throw new RangeError("broken");
    return Uint8Array.of(1);
  };
  const choice = withStandIn(real);
  const [input] = fc.sample(arbitraryInput(), { numRuns: 1, seed: 1 });
  const at = (optLevel: 0 | 1 | 2) => ({ ...input!, settings: { ...input!.settings, optLevel } });
  assert.deepEqual(await choice.compile(at(0)), Uint8Array.of(1));
  assert.deepEqual(await choice.compile(at(2)), standInCompile(at(2)));
  await assert.rejects(async () => await choice.compile(at(1)), RangeError);
  assert.equal(choice.real(), 2);
  assert.equal(choice.standIn(), 1);
  assert.match(choice.describe(), /real engine compile for 2 of 3 inputs/);
  using root = tempRoot();
  await checkSoundness({ compile: choice.compile, root: root.path }, {
    a: at(0),
    b: at(2),
    kind: "one-field",
    field: "settings.optLevel",
  });
});

Deno.test("nothing-more fails for a key that depends on the order of the input's keys", async () => {
  using root = tempRoot();
  const key = (input: CompileInput) =>
    createHash("sha256").update(JSON.stringify({ ...input, wasm: [...input.wasm] })).digest("hex");
  const ctx: PropertyContext = { compile: standInCompile, key, root: root.path };
  const details = await fc.check(cacheProperty("nothing-more", ctx), { numRuns: 20, seed: SEED });
  assert.ok(details.failed);
  assert.match(String(details.errorInstance), /key of a reordered copy/);
});

Deno.test("the real compile makes an object of every generated SIMD module", async () => {
  const real = await loadRealCompile();
  assert.equal(typeof real, "function", String(real));
  const compile = real as Exclude<typeof real, string>;
  const modules = fc.sample(arbitraryModule({ simd: 1 }), { numRuns: 40, seed: SEED });
  for (const [index, { wasm }] of modules.entries()) {
    const input = {
      wasm,
      settings: DEFAULT_SETTINGS,
      target: hostTarget(),
      engine: ENGINE_VERSION,
    };
    const object = await compile(input);
    assert.ok(object.length > 0, `sample ${index}`);
  }
});
