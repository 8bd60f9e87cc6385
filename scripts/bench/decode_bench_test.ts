import assert from "node:assert/strict";
import { decodeModule, validateModule } from "../../engine/wasm/mod.ts";
import { benchDecode, benchModule } from "./decode_bench.ts";

Deno.test("benchModule() builds a valid module that V8 accepts too", () => {
  const bytes = benchModule(20);
  validateModule(decodeModule(bytes));
  assert.ok(WebAssembly.validate(bytes));
});

Deno.test("benchModule() reaches 1 MB of code with the default function count", () => {
  assert.ok(benchModule(1400).length > 1_000_000);
});

Deno.test("benchDecode() measures Ingot and V8", async () => {
  const result = await benchDecode({ funcs: 50, runs: 1 });
  assert.ok(result.bytes > 0 && result.ingotMBps > 0 && result.v8MBps > 0);
});
