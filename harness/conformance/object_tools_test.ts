/**
 * binutils read every kind of object Ingot emits without a warning: `readelf -a -W` and
 * `objdump -dr` over the objects of one module of every spec file, under both bounds-check
 * strategies.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compile, ENGINE_VERSION, hostTarget, resolveSettings } from "../../engine/mod.ts";
import { ensureSpecTests, readManifest } from "../../scripts/fetch_spec_tests.ts";
import { moduleBinary, readScript } from "../wast/mod.ts";

async function firstModules(): Promise<Uint8Array[]> {
  const dir = ensureSpecTests();
  const modules: Uint8Array[] = [];
  for (const file of readManifest().files.keys()) {
    if (!file.endsWith(".wast")) continue;
    const commands = readScript(readFileSync(join(dir, file), "utf8"), file);
    const first = commands.find((command) => command.kind === "module");
    if (first?.kind === "module") modules.push(await moduleBinary(first.module));
  }
  return modules;
}

async function run(tool: string, args: string[]) {
  const out = await new Deno.Command(tool, { args, stdout: "piped", stderr: "piped" }).output();
  return {
    ...out,
    text: new TextDecoder().decode(out.stdout),
    errors: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("readelf and objdump read every compiled object without a warning", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const paths: string[] = [];
    for (const boundsChecks of ["explicit", "guard-pages"] as const) {
      for (const [index, wasm] of (await firstModules()).entries()) {
        const path = join(dir, `${boundsChecks}-${index}.o`);
        const settings = resolveSettings({ boundsChecks });
        Deno.writeFileSync(
          path,
          compile({ wasm, settings, target: hostTarget(), engine: ENGINE_VERSION }),
        );
        paths.push(path);
      }
    }
    assert.ok(paths.length > 250, `only ${paths.length} objects`);
    for (const [tool, args] of [["readelf", ["-a", "-W"]], ["objdump", ["-dr"]]] as const) {
      const result = await run(tool, [...args, ...paths]);
      assert.ok(result.success, `${tool} failed: ${result.errors.slice(0, 2000)}`);
      assert.equal(result.errors, "", `${tool} wrote to stderr`);
      // Not "(bad)": jump tables and SIMD constant pools sit in .text after the code, and
      // objdump -d decodes them as instructions. That is data, not a complaint.
      assert.doesNotMatch(result.text, /warning|corrupt/i, `${tool} complained`);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
