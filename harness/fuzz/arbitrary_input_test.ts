import assert from "node:assert/strict";
import fc from "fast-check";
import { cacheKey } from "../../engine/cache/mod.ts";
import { decodeModule, validateModule } from "../../engine/wasm/mod.ts";
import { DEFAULT_SETTINGS, hostTarget, type WasmFeatures } from "../../engine/settings.ts";
import {
  arbitraryFromSchema,
  arbitraryInput,
  arbitraryPair,
  arbitrarySettings,
  arbitraryTarget,
  INPUT_DOMAINS,
  inputSchema,
  leafPaths,
  valueAt,
} from "./arbitrary_input.ts";

const SAMPLES = 300;

function key(value: unknown): string {
  return value instanceof Uint8Array ? `bytes:${value.join(",")}` : JSON.stringify(value);
}

Deno.test("arbitraryInput() varies every leaf of CompileInput (each takes at least 2 values)", () => {
  const inputs = fc.sample(arbitraryInput(), { numRuns: SAMPLES, seed: 11 });
  const paths = leafPaths(inputSchema());
  assert.ok(paths.length >= 20);
  for (const path of paths) {
    const values = new Set(inputs.map((input) => key(valueAt(input, path))));
    assert.ok(values.size >= 2, `${path.join(".")} took only ${[...values]}`);
  }
});

Deno.test("arbitraryInput() inputs have the shape of the defaults and encode as keys", () => {
  for (const input of fc.sample(arbitraryInput(), { numRuns: 50, seed: 12 })) {
    assert.deepEqual(leafPaths(input), leafPaths(inputSchema()));
    assert.match(cacheKey(input), /^[0-9a-f]{64}$/);
  }
});

Deno.test("arbitrarySettings() and arbitraryTarget() give every field of the defaults", () => {
  const [settings] = fc.sample(arbitrarySettings(), { numRuns: 1, seed: 1 });
  const [target] = fc.sample(arbitraryTarget(), { numRuns: 1, seed: 1 });
  assert.deepEqual(Object.keys(settings!).sort(), Object.keys(DEFAULT_SETTINGS).sort());
  assert.deepEqual(Object.keys(target!).sort(), Object.keys(hostTarget()).sort());
});

Deno.test("arbitraryFromSchema() fails loudly on a field without a domain", () => {
  const schema = { ...inputSchema(), settings: { ...DEFAULT_SETTINGS, newLevel: "fast" } };
  assert.throws(() => arbitraryFromSchema(schema), /Cannot fuzz settings\.newLevel \(string\)/);
  const numeric = { ...inputSchema(), target: { ...hostTarget(), pointerBits: 64 } };
  assert.throws(() => arbitraryFromSchema(numeric), /Cannot fuzz target\.pointerBits/);
});

Deno.test("arbitraryFromSchema() derives a new boolean field without a domain", () => {
  const schema = { ...inputSchema(), settings: { ...DEFAULT_SETTINGS, newFlag: false } };
  const values = fc.sample(arbitraryFromSchema(schema), { numRuns: 100, seed: 3 });
  const flags = new Set(values.map((value) => valueAt(value, ["settings", "newFlag"])));
  assert.deepEqual([...flags].sort(), [false, true]);
});

Deno.test("arbitraryFromSchema() fails loudly on a domain that names no field", () => {
  const domains = { ...INPUT_DOMAINS, "settings.gone": INPUT_DOMAINS["settings.optLevel"]! };
  assert.throws(
    () => arbitraryFromSchema(inputSchema(), domains),
    /names no field of the input: settings\.gone/,
  );
});

Deno.test("arbitraryPair() is biased toward pairs that differ in exactly one field", () => {
  const pairs = fc.sample(arbitraryPair(), { numRuns: SAMPLES, seed: 5 });
  const oneField = pairs.filter((pair) => pair.kind === "one-field");
  assert.ok(oneField.length > SAMPLES / 2);
  const fields = new Set<string>();
  for (const pair of oneField) {
    const differing = leafPaths(pair.a).filter((path) =>
      key(valueAt(pair.a, path)) !== key(valueAt(pair.b, path))
    );
    assert.deepEqual(differing.map((path) => path.join(".")), [pair.field]);
    fields.add(pair.field!);
  }
  assert.equal(fields.size, leafPaths(inputSchema()).length);
});

function validUnder(wasm: Uint8Array, features: WasmFeatures): boolean {
  try {
    validateModule(decodeModule(wasm, { features }));
    return true;
  } catch {
    return false;
  }
}

Deno.test("arbitraryInput() modules mostly validate under the input's own Wasm features", () => {
  const runs = 1000;
  const inputs = fc.sample(arbitraryInput(), { numRuns: runs, seed: 7 });
  const valid = inputs.filter((input) => validUnder(input.wasm, input.settings.features));
  // Half the inputs carry a generated module; a feature switched off rejects some of those.
  assert.ok(valid.length >= runs * 0.75, `${valid.length} of ${runs} valid`);
  const empty = inputs.filter((input) => input.wasm.length === 8);
  assert.ok(empty.length <= runs * 0.6, `${empty.length} of ${runs} are the empty module`);
  // Some SIMD modules meet settings with the simd feature off: a rejection the key must keep.
  const simdOff = inputs.filter((input) =>
    !input.settings.features.simd && !validUnder(input.wasm, input.settings.features) &&
    validUnder(input.wasm, { ...input.settings.features, simd: true })
  );
  assert.ok(simdOff.length > 0);
});
