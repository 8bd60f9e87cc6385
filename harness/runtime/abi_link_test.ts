/**
 * The ABI version is checked by the linker: an object compiled for ABI vN references the
 * symbol `ingot_abi_vN`, which only a runtime of version N defines.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ABI_CHECK_SYMBOL, ABI_VERSION } from "../../engine/abi/mod.ts";
import { compile, ENGINE_VERSION, hostTarget, resolveSettings } from "../../engine/mod.ts";
import { buildRuntime, driverModuleList, runCc, RUNTIME_CFLAGS } from "./build.ts";

const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

function compileEmpty(dir: string): string {
  const path = join(dir, "m.o");
  Deno.writeFileSync(
    path,
    compile({
      wasm: EMPTY_MODULE,
      settings: resolveSettings({ symbolPrefix: "m0_" }),
      target: hostTarget(),
      engine: ENGINE_VERSION,
    }),
  );
  return path;
}

/** Copies the runtime sources with every mention of ABI version N changed to N + 1. */
function nextVersionRuntime(dir: string, includeDir: string): string {
  const copy = join(dir, "runtime-next");
  Deno.mkdirSync(copy);
  const next = ABI_VERSION + 1;
  for (const entry of Deno.readDirSync(includeDir)) {
    if (!/\.(c|h)$/.test(entry.name)) continue;
    const text = Deno.readTextFileSync(join(includeDir, entry.name))
      .replaceAll(ABI_CHECK_SYMBOL, `ingot_abi_v${next}`)
      .replace(/#define INGOT_ABI_VERSION \d+/, `#define INGOT_ABI_VERSION ${next}`);
    Deno.writeTextFileSync(join(copy, entry.name), text);
  }
  return copy;
}

Deno.test("an object links with the runtime of its own ABI version", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const runtime = await buildRuntime();
    const list = join(dir, "list.c");
    Deno.writeTextFileSync(list, driverModuleList(["m0_module"]));
    await runCc([
      "-o",
      join(dir, "driver"),
      `-I${runtime.includeDir}`,
      list,
      compileEmpty(dir),
      runtime.driverObject,
      ...runtime.objects,
      ...runtime.libs,
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("an object fails at link time against a runtime of another ABI version", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const runtime = await buildRuntime();
    const sources = nextVersionRuntime(dir, runtime.includeDir);
    const cFiles = [...Deno.readDirSync(sources)].map((entry) => entry.name)
      .filter((name) => name.endsWith(".c")).map((name) => join(sources, name));
    const list = join(dir, "list.c");
    Deno.writeTextFileSync(list, driverModuleList(["m0_module"]));
    await assert.rejects(
      runCc([
        ...RUNTIME_CFLAGS,
        `-I${sources}`,
        "-o",
        join(dir, "driver"),
        list,
        compileEmpty(dir),
        ...cFiles,
        ...runtime.libs,
      ]),
      (error: Error) => {
        assert.match(error.message, new RegExp(`undefined reference to .${ABI_CHECK_SYMBOL}`));
        return true;
      },
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
