import assert from "node:assert/strict";
import { join } from "node:path";
import type { CompileInput } from "../settings.ts";
import { Cache } from "./cache.ts";
import { cacheKey } from "./key.ts";
import { denoFs } from "./_fs.ts";
import {
  encodingCompute,
  entryFiles,
  faultyFs,
  sampleInput,
  tempDir,
  throwingCompute,
  warnings,
} from "./testdata/fixtures.ts";

Deno.test("Cache.load() computes on a miss and serves the stored bytes on a hit", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: dir.path, warn: () => assert.fail("no warning expected") });
  const input = sampleInput(1);
  const first = await cache.load(input, encodingCompute);
  assert.deepEqual(first, encodingCompute(input));
  const second = await cache.load(input, throwingCompute);
  assert.deepEqual(second, first);
  const key = cacheKey(input);
  assert.deepEqual(entryFiles(dir.path), [`ingot-test/${key.slice(0, 2)}/${key}`]);
  const stats = await cache.stats();
  assert.equal(stats.hits, 1);
  assert.equal(stats.misses, 1);
  assert.equal(stats.corrupt, 0);
  assert.equal(stats.entries, 1);
  assert.equal(stats.bytesWritten, first.length);
  assert.ok(stats.bytes > first.length);
  await cache.close();
});

Deno.test("Cache.load() hands compute a frozen copy of the input", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: dir.path });
  const input = sampleInput(2);
  let seen: CompileInput | undefined;
  await cache.load(input, (copy) => {
    seen = copy;
    return Uint8Array.of(1);
  });
  assert.ok(seen !== undefined && seen !== input);
  assert.ok(Object.isFrozen(seen) && Object.isFrozen(seen.settings));
  assert.ok(Object.isFrozen(seen.settings.features) && Object.isFrozen(seen.target));
  assert.notEqual(seen.wasm.buffer, input.wasm.buffer);
  assert.deepEqual(seen.wasm, input.wasm);
  await cache.close();
});

Deno.test("Cache.load() does not store what a compute that mutates its input returns", async () => {
  using dir = tempDir();
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  const input = sampleInput(3);
  const result = await cache.load(input, (copy) => {
    copy.wasm[0] = 0xff;
    return encodingCompute(copy);
  });
  assert.deepEqual(
    result,
    encodingCompute({ ...input, wasm: Uint8Array.of(0xff, ...input.wasm.subarray(1)) }),
  );
  assert.deepEqual(entryFiles(dir.path), []);
  assert.equal(log.list.length, 1);
  assert.match(log.list[0]!, /input changed/);
  await cache.close();
});

Deno.test("Cache.load() passes on compute's errors and stores nothing", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: dir.path });
  await assert.rejects(
    cache.load(sampleInput(4), () => Promise.reject(new RangeError("boom"))),
    RangeError,
  );
  await assert.rejects(
    cache.load(sampleInput(4), () => "text" as unknown as Uint8Array),
    TypeError,
  );
  assert.deepEqual(entryFiles(dir.path), []);
  await cache.close();
});

Deno.test("Cache.load() rejects an input the key cannot encode exactly", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: dir.path });
  const input = { ...sampleInput(5), settings: { ...sampleInput(5).settings, extra: undefined } };
  await assert.rejects(() => cache.load(input, encodingCompute), /settings\.extra.*undefined/);
  await cache.close();
});

Deno.test("Cache keeps each engine identity in its own folder", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: dir.path });
  await cache.load(sampleInput(6, 64, "ingot-a"), encodingCompute);
  await cache.load(sampleInput(6, 64, "ingot-b"), encodingCompute);
  await cache.load(sampleInput(6, 64, "../odd/name"), encodingCompute);
  const folders = [...Deno.readDirSync(dir.path)].map((entry) => entry.name).sort();
  assert.equal(folders.length, 4);
  assert.deepEqual(folders.slice(0, 3), [".stats", "id-" + folders[1]!.slice(3), "ingot-a"].sort());
  assert.ok(folders.includes("ingot-b"));
  assert.deepEqual(
    await cache.load(sampleInput(6, 64, "../odd/name"), throwingCompute),
    encodingCompute(sampleInput(6, 64, "../odd/name")),
  );
  await cache.close();
});

Deno.test("Cache evicts the least recently used entries beyond maxBytes", async () => {
  using dir = tempDir();
  const inputs = [0, 1, 2, 3].map((seed) => sampleInput(10 + seed, 1000));
  const probe = new Cache({ dir: dir.path });
  await probe.load(inputs[0]!, encodingCompute);
  const entrySize = (await probe.stats()).bytes;
  await probe.clear();
  await probe.close();
  const cache = new Cache({ dir: dir.path, maxBytes: entrySize * 3.5 });
  for (const input of inputs.slice(0, 3)) await cache.load(input, encodingCompute);
  // Age the three entries (oldest first), then use the oldest: it becomes the newest.
  const paths = inputs.slice(0, 3).map((input) => {
    const key = cacheKey(input);
    return join(dir.path, "ingot-test", key.slice(0, 2), key);
  });
  paths.forEach((path, index) => Deno.utimeSync(path, 1000 + index, 1000 + index));
  await cache.load(inputs[0]!, throwingCompute);
  await cache.load(inputs[3]!, encodingCompute);
  const left = entryFiles(dir.path).map((path) => path.split("/")[2]);
  assert.deepEqual(left.sort(), [inputs[0]!, inputs[2]!, inputs[3]!].map(cacheKey).sort());
  const stats = await cache.stats();
  assert.equal(stats.evictions, 1);
  assert.equal(stats.bytesEvicted, entrySize);
  await cache.close();
});

Deno.test("Cache statistics persist across instances and survive compaction", async () => {
  using dir = tempDir();
  const a = new Cache({ dir: dir.path });
  const b = new Cache({ dir: dir.path });
  await a.load(sampleInput(20), encodingCompute);
  await b.load(sampleInput(20), throwingCompute);
  await b.load(sampleInput(21), encodingCompute);
  await a.close();
  await b.close();
  const fresh = new Cache({ dir: dir.path });
  const before = await fresh.stats();
  assert.deepEqual([before.hits, before.misses, before.entries], [1, 2, 2]);
  await fresh.gc();
  const files = [...Deno.readDirSync(join(dir.path, ".stats"))].map((entry) => entry.name);
  assert.deepEqual(files, ["base.json"]);
  assert.deepEqual(await fresh.stats(), before);
  await fresh.close();
});

Deno.test("Cache statistics do not count twice after a compaction died before cleaning up", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: dir.path });
  await cache.load(sampleInput(22), encodingCompute);
  await cache.close();
  const stats = join(dir.path, ".stats");
  await cache.gc(); // folds everything into base.json
  await cache.load(sampleInput(22), throwingCompute);
  await cache.load(sampleInput(23), encodingCompute);
  await cache.close();
  const before = await cache.stats();
  const deltas = [...Deno.readDirSync(stats)].map((entry) => entry.name)
    .filter((name) => name !== "base.json");
  assert.ok(deltas.length > 0);
  // What a compaction leaves when it dies after writing the base: the deltas are still there.
  const { hits, misses, corrupt, evictions, bytesWritten, bytesEvicted } = before;
  const counters = { hits, misses, corrupt, evictions, bytesWritten, bytesEvicted };
  Deno.writeTextFileSync(join(stats, "base.json"), JSON.stringify({ counters, merged: deltas }));
  assert.deepEqual(await cache.stats(), before);
  await cache.gc();
  assert.deepEqual(await cache.stats(), before);
  await cache.close();
});

Deno.test("Cache.clear() removes entries and statistics", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: dir.path });
  await cache.load(sampleInput(23), encodingCompute);
  await cache.clear();
  const stats = await cache.stats();
  assert.deepEqual([stats.entries, stats.misses, stats.hits], [0, 0, 0]);
  await cache.close();
});

Deno.test("Cache hits refresh an entry's recency only once it is a minute old", async () => {
  using dir = tempDir();
  const input = sampleInput(20);
  const touched: string[] = [];
  const fs = faultyFs({ utime: (path, time) => (touched.push(path), denoFs.utime(path, time)) });
  const cache = new Cache({ dir: dir.path, fs });
  await cache.load(input, encodingCompute);
  await cache.load(input, throwingCompute);
  assert.deepEqual(touched, []);
  const key = cacheKey(input);
  const path = join(dir.path, "ingot-test", key.slice(0, 2), key);
  Deno.utimeSync(path, 1000, Date.now() / 1000 - 61);
  await cache.load(input, throwingCompute);
  assert.deepEqual(touched, [path]);
  assert.ok(Date.now() - Deno.statSync(path).mtime!.getTime() < 10_000);
  await cache.close();
});

Deno.test("Cache: concurrent misses of a fresh cache share one scan of the folder", async () => {
  using dir = tempDir();
  let scans = 0;
  const fs = faultyFs({
    readDir: (path) => (path === dir.path && scans++, denoFs.readDir(path)),
  });
  const cache = new Cache({ dir: dir.path, fs });
  const inputs = Array.from({ length: 40 }, (_, index) => sampleInput(300 + index));
  const objects = await Promise.all(inputs.map((input) => cache.load(input, encodingCompute)));
  assert.deepEqual(objects, inputs.map(encodingCompute));
  assert.equal(scans, 1);
  assert.equal((await cache.stats()).entries, 40);
  await cache.close();
});
