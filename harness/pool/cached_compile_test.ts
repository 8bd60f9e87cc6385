import assert from "node:assert/strict";
import { Cache } from "../../engine/cache/mod.ts";
import {
  compile,
  DecodeError,
  ENGINE_VERSION,
  hostTarget,
  resolveSettings,
} from "../../engine/mod.ts";
import { cachedCompile } from "./cached_compile.ts";
import { CompilePool } from "./compile_pool.ts";

const input = (wasm: Uint8Array) => ({
  wasm,
  settings: resolveSettings(),
  target: hostTarget(),
  engine: ENGINE_VERSION,
});
const VALID = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const MALFORMED = new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]);

Deno.test("cachedCompile() serves objects and rejections from the cache", async () => {
  const dir = Deno.makeTempDirSync();
  const pool = new CompilePool({ size: 1 });
  const cache = new Cache({ dir });
  try {
    const first = await cachedCompile(input(VALID), { pool, cache });
    assert.equal(first.hit, false);
    assert.deepEqual(first.object, compile(input(VALID)));
    const again = await cachedCompile(input(VALID), { pool, cache });
    assert.equal(again.hit, true);
    assert.deepEqual(again.object, first.object);

    const rejected = await cachedCompile(input(MALFORMED), { pool, cache });
    assert.equal(rejected.hit, false);
    assert.ok(rejected.rejection instanceof DecodeError);
    const cached = await cachedCompile(input(MALFORMED), { pool, cache });
    assert.equal(cached.hit, true);
    assert.ok(cached.rejection instanceof DecodeError, "revived as its own class");
    assert.equal(cached.rejection.message, rejected.rejection.message);
    assert.equal(cached.rejection.reason, "unknown binary version");
    assert.equal(cached.rejection.offset, rejected.rejection.offset);
  } finally {
    pool.close();
    await cache.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("cachedCompile() does not trust a payload without its magic word", async () => {
  const dir = Deno.makeTempDirSync();
  const pool = new CompilePool({ size: 1 });
  const cache = new Cache({ dir });
  try {
    // An entry as an older harness stored it: the bare object (here: junk bytes).
    await cache.load(input(VALID), () => new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]));
    const outcome = await cachedCompile(input(VALID), { pool, cache });
    assert.equal(outcome.hit, false);
    assert.deepEqual(outcome.object, compile(input(VALID)));
  } finally {
    pool.close();
    await cache.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
