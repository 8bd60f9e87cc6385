import assert from "node:assert/strict";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { Cache } from "./cache.ts";
import { cacheKey } from "./key.ts";
import { expectedHeaderLength } from "./_entry.ts";
import {
  diskFull,
  encodingCompute,
  entryFiles,
  faultyFs,
  sampleInput,
  tempDir,
  throwingCompute,
  warnings,
} from "./testdata/fixtures.ts";

const INPUT = sampleInput(100, 48);
const EXPECTED = encodingCompute(INPUT);

function entryPath(dir: string, input = INPUT): string {
  const key = cacheKey(input);
  return join(dir, input.engine, key.slice(0, 2), key);
}

/** A cache folder holding the verified entry of INPUT; returns the entry's bytes. */
async function seed(dir: string): Promise<Uint8Array> {
  const cache = new Cache({ dir });
  await cache.load(INPUT, encodingCompute);
  await cache.close();
  return Deno.readFileSync(entryPath(dir));
}

/** Loads INPUT after `damage`, expecting exactly compute(INPUT) and a repaired entry. */
async function expectRepaired(cache: Cache, dir: string, good: Uint8Array): Promise<void> {
  assert.deepEqual(await cache.load(INPUT, encodingCompute), EXPECTED);
  assert.deepEqual(Deno.readFileSync(entryPath(dir)), good);
  assert.deepEqual(await cache.load(INPUT, throwingCompute), EXPECTED);
}

Deno.test("Cache: an entry truncated at every byte boundary is a miss and is replaced", async () => {
  using dir = tempDir();
  const good = await seed(dir.path);
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  for (let length = 0; length < good.length; length++) {
    Deno.writeFileSync(entryPath(dir.path), good.subarray(0, length));
    await expectRepaired(cache, dir.path, good);
  }
  assert.equal(log.list.length, 1, log.list.join("\n"));
  assert.match(log.list[0]!, /damaged/);
  assert.equal((await cache.stats()).corrupt, good.length);
  await cache.close();
});

Deno.test("Cache: an entry with any one bit flipped is a miss and is replaced", async () => {
  using dir = tempDir();
  const good = await seed(dir.path);
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  let flips = 0;
  // Every bit of the magic, version and length words; one bit (varying) of every other byte.
  const bits = Array.from({ length: good.length }, (_, byte) => byte * 8 + byte % 8);
  for (let bit = 0; bit < 16 * 8; bit++) if (bit % 8 !== (bit >> 3) % 8) bits.push(bit);
  for (const bit of bits) {
    const bad = good.slice();
    bad[bit >> 3]! ^= 1 << (bit & 7);
    Deno.writeFileSync(entryPath(dir.path), bad);
    await expectRepaired(cache, dir.path, good);
    flips++;
  }
  assert.equal(log.list.length, 1);
  assert.equal((await cache.stats()).corrupt, flips);
  await cache.close();
});

Deno.test("Cache: wrong magic, another format version or trailing bytes are misses", async () => {
  using dir = tempDir();
  const good = await seed(dir.path);
  const wrongMagic = good.slice();
  wrongMagic.set(new TextEncoder().encode("WASMOBJ!"), 0);
  const oldVersion = good.slice();
  new DataView(oldVersion.buffer).setUint32(8, 0, true);
  const longer = Uint8Array.of(...good, 0);
  for (const bad of [wrongMagic, oldVersion, longer, new Uint8Array(good.length)]) {
    const log = warnings();
    const cache = new Cache({ dir: dir.path, warn: log.warn });
    Deno.writeFileSync(entryPath(dir.path), bad);
    await expectRepaired(cache, dir.path, good);
    assert.equal(log.list.length, 1);
    await cache.close();
  }
});

Deno.test("Cache: an entry of another key or engine renamed into place is a miss", async () => {
  using dir = tempDir();
  const good = await seed(dir.path);
  const other = sampleInput(101, 48);
  const otherEngine = { ...INPUT, engine: "ingot-other" };
  const cache = new Cache({ dir: dir.path });
  await cache.load(other, encodingCompute);
  await cache.load(otherEngine, encodingCompute);
  for (const source of [entryPath(dir.path, other), entryPath(dir.path, otherEngine)]) {
    const log = warnings();
    const fresh = new Cache({ dir: dir.path, warn: log.warn });
    Deno.copyFileSync(source, entryPath(dir.path));
    await expectRepaired(fresh, dir.path, good);
    assert.match(log.list.join(), /another (key|engine identity)/);
    await fresh.close();
  }
  await cache.close();
});

Deno.test("Cache: temporary files of a killed writer are ignored and later removed", async () => {
  using dir = tempDir();
  const key = cacheKey(INPUT);
  const folder = join(dir.path, INPUT.engine, key.slice(0, 2));
  Deno.mkdirSync(folder, { recursive: true });
  const stale = join(folder, `.tmp-${key}-4242-deadbeef`);
  const fresh = join(folder, `.tmp-${key}-4243-feedbeef`);
  Deno.writeFileSync(stale, new Uint8Array(10));
  Deno.writeFileSync(fresh, new Uint8Array(10));
  Deno.utimeSync(
    stale,
    new Date(Date.now() - 2 * 3600 * 1000),
    new Date(Date.now() - 2 * 3600 * 1000),
  );
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  assert.deepEqual(await cache.load(INPUT, encodingCompute), EXPECTED);
  assert.deepEqual(await cache.load(INPUT, throwingCompute), EXPECTED);
  assert.ok(!(await exists(stale)), "the stale temporary file is removed");
  assert.ok(await exists(fresh), "a temporary file a live writer may own is kept");
  assert.equal(log.list.length, 1);
  assert.match(log.list[0]!, /removed 1 temporary files/);
  await cache.close();
});

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("Cache: a missing folder is created", async () => {
  using dir = tempDir();
  const cache = new Cache({ dir: join(dir.path, "a", "b"), warn: () => assert.fail("no warning") });
  assert.deepEqual(await cache.load(INPUT, encodingCompute), EXPECTED);
  assert.deepEqual(await cache.load(INPUT, throwingCompute), EXPECTED);
  await cache.close();
});

Deno.test("Cache: a read-only folder serves hits, computes misses, and warns once", async () => {
  using dir = tempDir();
  await seed(dir.path);
  const denied = () =>
    Promise.reject(new Deno.errors.PermissionDenied("Permission denied (os error 13)"));
  const log = warnings();
  const fs = faultyFs({
    writeFile: denied,
    rename: denied,
    mkdir: denied,
    utime: denied,
    remove: denied,
  });
  const cache = new Cache({ dir: dir.path, warn: log.warn, fs });
  assert.deepEqual(await cache.load(INPUT, throwingCompute), EXPECTED);
  for (const seed of [102, 103, 102]) {
    const input = sampleInput(seed);
    assert.deepEqual(await cache.load(input, encodingCompute), encodingCompute(input));
  }
  assert.equal(log.list.length, 1, log.list.join("\n"));
  assert.match(log.list[0]!, /cannot write to .*PermissionDenied/);
  await cache.close();
});

Deno.test("Cache: a real read-only folder (skipped as root, who can write anyway)", {
  ignore: Deno.uid() === 0,
}, async () => {
  using dir = tempDir();
  await seed(dir.path);
  Deno.chmodSync(dir.path, 0o555);
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  const input = sampleInput(104);
  assert.deepEqual(await cache.load(input, encodingCompute), encodingCompute(input));
  assert.deepEqual(await cache.load(INPUT, throwingCompute), EXPECTED);
  assert.ok(log.list.length >= 1);
  await cache.close();
});

Deno.test("Cache: a folder where an entry should be is a miss and is replaced", async () => {
  using dir = tempDir();
  const good = await seed(dir.path);
  Deno.removeSync(entryPath(dir.path));
  Deno.mkdirSync(join(entryPath(dir.path), "inner"), { recursive: true });
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  await expectRepaired(cache, dir.path, good);
  assert.equal(log.list.length, 1);
  assert.match(log.list[0]!, /damaged \(unreadable/);
  await cache.close();
});

Deno.test("Cache: a file where the fan-out folder should be is replaced", async () => {
  using dir = tempDir();
  const good = await seed(dir.path);
  const folder = join(entryPath(dir.path), "..");
  Deno.removeSync(folder, { recursive: true });
  Deno.writeTextFileSync(folder, "not a folder");
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  await expectRepaired(cache, dir.path, good);
  assert.equal(log.list.length, 1, log.list.join("\n"));
  await cache.close();
});

Deno.test("Cache: a file where the cache folder should be makes every load a computed miss", async () => {
  using dir = tempDir();
  const file = join(dir.path, "cache");
  Deno.writeTextFileSync(file, "not a folder");
  const log = warnings();
  const cache = new Cache({ dir: file, warn: log.warn });
  for (const seed of [105, 106, 105]) {
    const input = sampleInput(seed);
    assert.deepEqual(await cache.load(input, encodingCompute), encodingCompute(input));
  }
  assert.equal(Deno.readTextFileSync(file), "not a folder");
  assert.equal(log.list.length, 1, log.list.join("\n"));
  assert.match(log.list[0]!, /cannot write to .*NotADirectory/);
  await cache.close();
});

Deno.test("Cache: a full disk leaves no partial file and no error, and warns once", async () => {
  using dir = tempDir();
  let full = true;
  const log = warnings();
  const fs = faultyFs({
    writeFile: async (path, data, options) => {
      if (!full) return Deno.writeFile(path, data, options);
      await Deno.writeFile(path, data.subarray(0, data.length >> 1), options);
      throw diskFull();
    },
  });
  const cache = new Cache({ dir: dir.path, warn: log.warn, fs });
  for (const seed of [107, 108, 107]) {
    const input = sampleInput(seed);
    assert.deepEqual(await cache.load(input, encodingCompute), encodingCompute(input));
  }
  assert.deepEqual(entryFiles(dir.path), []);
  const leftovers = [...Deno.readDirSync(dir.path)].map((entry) => entry.name);
  for (const name of leftovers) {
    if (name === ".stats") continue;
    for (const fan of Deno.readDirSync(join(dir.path, name))) {
      assert.deepEqual([...Deno.readDirSync(join(dir.path, name, fan.name))], []);
    }
  }
  assert.match(log.list.join("\n"), /cannot write to .*No space left/);
  assert.equal(log.list.filter((line) => line.includes("cannot write")).length, 1);
  full = false; // space freed: the cache works again, and the counts were kept
  const input = sampleInput(107);
  assert.deepEqual(await cache.load(input, encodingCompute), encodingCompute(input));
  assert.deepEqual(await cache.load(input, throwingCompute), encodingCompute(input));
  const stats = await cache.stats();
  assert.deepEqual([stats.misses, stats.hits], [4, 1]);
  await cache.close();
});

Deno.test("Cache: a large entry with a fault anywhere is a miss", async () => {
  using dir = tempDir();
  const input = sampleInput(105, 4_900_000);
  const expected = encodingCompute(input);
  const path = entryPath(dir.path, input);
  const cache = new Cache({ dir: dir.path, warn: () => {} });
  await cache.load(input, encodingCompute);
  const good = Deno.readFileSync(path);
  assert.ok(good.length >= 4_900_000);
  for (const at of [40, 64 * 1024, 600_000, good.length - 1]) {
    const flipped = good.slice();
    flipped[at]! ^= 0x10;
    for (const bad of [flipped, good.subarray(0, at)]) {
      Deno.writeFileSync(path, bad);
      assert.deepEqual(await cache.load(input, encodingCompute), expected);
      assert.deepEqual(Deno.readFileSync(path), good);
    }
  }
  assert.deepEqual(await cache.load(input, throwingCompute), expected);
  assert.equal((await cache.stats()).corrupt, 8);
  await cache.close();
});

/** `entry` with payload byte `at` changed and its CRC-32 recomputed: damage a hit cannot see. */
function forgedCrc(entry: Uint8Array, header: number, at: number): Uint8Array {
  const forged = entry.slice();
  forged[header + at]! ^= 0xff;
  const crc = crc32(forged.subarray(header), crc32(forged.subarray(0, header - 4)));
  new DataView(forged.buffer).setUint32(header - 4, crc, true);
  return forged;
}

Deno.test("Cache.verify() checks every entry's SHA-256 and removes the damaged ones", async () => {
  using dir = tempDir();
  const log = warnings();
  const cache = new Cache({ dir: dir.path, warn: log.warn });
  const inputs = [sampleInput(120), sampleInput(121), sampleInput(122)];
  for (const input of inputs) await cache.load(input, encodingCompute);
  const [forgedPath, movedPath, soundPath] = inputs.map((input) => entryPath(dir.path, input));
  const header = expectedHeaderLength({ key: cacheKey(inputs[0]!), engine: INPUT.engine });
  const good = Deno.readFileSync(forgedPath!);
  Deno.writeFileSync(forgedPath!, forgedCrc(good, header, 5));
  // A hit checks the CRC-32 only, so the forged entry would be served: verify finds it.
  assert.notDeepEqual(await cache.load(inputs[0]!, throwingCompute), encodingCompute(inputs[0]!));
  Deno.writeFileSync(movedPath!, Deno.readFileSync(soundPath!)); // another key's entry
  const report = await cache.verify();
  assert.equal(report.checked, 3);
  assert.deepEqual(
    report.damaged,
    [
      { path: forgedPath!, fault: "payload SHA-256 mismatch" },
      { path: movedPath!, fault: "entry holds another key" },
    ].sort((a, b) => a.path < b.path ? -1 : 1),
  );
  assert.deepEqual(entryFiles(dir.path).length, 1);
  assert.equal((await cache.stats()).corrupt, 2);
  for (const input of inputs) {
    assert.deepEqual(await cache.load(input, encodingCompute), encodingCompute(input));
  }
  assert.deepEqual((await cache.verify()).damaged, []);
  assert.deepEqual(log.list, []);
  await cache.close();
});
