import assert from "node:assert/strict";
import { compile, ENGINE_VERSION, hostTarget, resolveSettings, UnsupportedError } from "./mod.ts";
import type { Target } from "./settings.ts";

const EMPTY = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

Deno.test("compile() refuses a target it cannot emit instead of emitting x86-64 for it", () => {
  const settings = resolveSettings();
  const target = { ...hostTarget(), arch: "aarch64" } as unknown as Target;
  assert.throws(
    () => compile({ wasm: EMPTY, settings, target, engine: ENGINE_VERSION }),
    (error: Error) => error instanceof UnsupportedError && /aarch64/.test(error.message),
  );
  assert.ok(
    compile({ wasm: EMPTY, settings, target: hostTarget(), engine: ENGINE_VERSION }).length,
  );
});
