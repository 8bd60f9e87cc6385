import assert from "node:assert/strict";
import { benchCacheHit } from "./cache_bench.ts";

Deno.test("benchCacheHit() measures a hit of a 1 MB module against its floor", async () => {
  const result = await benchCacheHit({ wasmBytes: 1 << 20, runs: 3 });
  assert.equal(result.wasmBytes, 1 << 20);
  assert.ok(result.entryBytes > result.wasmBytes);
  assert.ok(result.hitMs > 0 && result.floorMs > 0 && result.ratio > 0);
});
