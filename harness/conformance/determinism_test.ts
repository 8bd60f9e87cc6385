/**
 * `compile` is deterministic: every module of the pinned suite, compiled twice (the second
 * time from a structured clone of the input, after other compiles), gives identical bytes,
 * under every bounds-check strategy.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  compile,
  type CompileInput,
  ENGINE_VERSION,
  hostTarget,
  resolveSettings,
  UnsupportedError,
} from "../../engine/mod.ts";
import { ensureSpecTests, readManifest } from "../../scripts/fetch_spec_tests.ts";
import { readScript } from "../wast/mod.ts";
import { modulesToRun } from "./run_script.ts";

async function suiteModules(): Promise<Uint8Array[]> {
  const dir = ensureSpecTests();
  const modules: Uint8Array[] = [];
  for (const file of readManifest().files.keys()) {
    if (!file.endsWith(".wast")) continue;
    modules.push(...await modulesToRun(readScript(readFileSync(join(dir, file), "utf8"), file)));
  }
  return modules;
}

function compileOrUnsupported(input: CompileInput): Uint8Array | undefined {
  try {
    return compile(input);
  } catch (error) {
    if (error instanceof UnsupportedError) return undefined;
    throw error;
  }
}

Deno.test("compile() gives identical bytes twice for every module of the suite", async () => {
  const modules = await suiteModules();
  assert.ok(modules.length > 1500, `only ${modules.length} modules found`);
  let compiled = 0;
  for (const boundsChecks of ["explicit", "guard-pages"] as const) {
    const inputs = modules.map((wasm) => ({
      wasm,
      settings: resolveSettings({ boundsChecks }),
      target: hostTarget(),
      engine: ENGINE_VERSION,
    }));
    const first = inputs.map(compileOrUnsupported);
    for (const [index, input] of inputs.entries()) {
      const again = compileOrUnsupported(structuredClone(input));
      assert.deepEqual(again, first[index], `module ${index} (${boundsChecks}) differs`);
      if (again !== undefined) compiled++;
    }
  }
  assert.ok(compiled > 2 * 1000, `only ${compiled} objects compared`);
});
