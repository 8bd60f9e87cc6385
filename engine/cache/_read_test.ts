import assert from "node:assert/strict";
import { join } from "node:path";
import { checkSha256, encodeEntry, expectedHeaderLength } from "./_entry.ts";
import { type CacheReader, denoFs } from "./_fs.ts";
import { type ReadEntry, readEntry } from "./_read.ts";
import { tempDir } from "./testdata/fixtures.ts";

const NAME = { key: "c0ffee".repeat(10), engine: "ingot-test" };
const HEADER = expectedHeaderLength(NAME);
const SMALL = payloadOf(3000, 1);
/** Larger than a 4 MiB read, so short reads and the file's end are exercised. */
const LARGE = payloadOf(5 * 1024 * 1024 + 77, 2);

function payloadOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/** Offsets where a fault is most likely missed: every header field's edges, and the end. */
function edges(length: number): number[] {
  const shaAt = HEADER - 36;
  const marks = [0, 1, 7, 8, 11, 12, 15, 16, 17, shaAt - 8, shaAt - 1, shaAt, shaAt + 31];
  marks.push(HEADER - 4, HEADER - 1, HEADER, HEADER + 1, 1 << 20, length >> 1, length - 1);
  return [...new Set(marks)].filter((mark) => mark >= 0 && mark < length).sort((a, b) => a - b);
}

/** `bytes` and one more. */
function longer(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

async function readFile(path: string): Promise<ReadEntry> {
  const file = await denoFs.open(path);
  try {
    return readEntry(file, NAME);
  } finally {
    file.close();
  }
}

/** A reader over `content` that claims `size` bytes and returns reads of varying length. */
function fakeReader(content: Uint8Array, size = content.length): CacheReader {
  let at = 0;
  let reads = 0;
  const readSync = (into: Uint8Array) => {
    if (at >= content.length) return null;
    const count = Math.min(into.length, content.length - at, 1 + (reads++ * 7919) % 200_000);
    into.set(content.subarray(at, at + count));
    at += count;
    return count;
  };
  const info = { size, mtime: new Date(0), isFile: true, isDirectory: false };
  return { info, readSync, close: () => {} };
}

Deno.test("readEntry() returns exactly the payload of a small and of a large entry", async () => {
  using dir = tempDir();
  for (const payload of [SMALL, LARGE, new Uint8Array(0)]) {
    const path = join(dir.path, "entry");
    Deno.writeFileSync(path, encodeEntry(NAME, payload));
    const read = await readFile(path);
    assert.ok("payload" in read, JSON.stringify(read));
    assert.deepEqual(read.payload, payload);
    assert.ok(read.mtime instanceof Date);
    assert.ok(checkSha256(read.entry, read.payload));
  }
});

Deno.test("readEntry() finds an entry truncated or with a bit flipped at every field edge", async () => {
  using dir = tempDir();
  const path = join(dir.path, "entry");
  const good = encodeEntry(NAME, LARGE);
  for (const at of edges(good.length)) {
    Deno.writeFileSync(path, good.subarray(0, at));
    assert.ok("fault" in await readFile(path), `truncated at ${at}`);
    for (const bit of [0, 7]) {
      const flipped = good.slice();
      flipped[at]! ^= 1 << bit;
      Deno.writeFileSync(path, flipped);
      assert.ok("fault" in await readFile(path), `bit ${bit} flipped at byte ${at}`);
    }
  }
  Deno.writeFileSync(path, longer(good));
  assert.ok("fault" in await readFile(path), "one byte appended");
});

Deno.test("readEntry() finds two payload bytes swapped (a fault that keeps every length)", () => {
  const good = encodeEntry(NAME, SMALL);
  const swapped = good.slice();
  const at = HEADER + 100;
  [swapped[at], swapped[at + 1]] = [good[at + 1]!, good[at]!];
  assert.notDeepEqual(swapped, good);
  const read = readEntry(fakeReader(swapped), NAME);
  assert.deepEqual(read, { fault: "checksum (CRC-32) mismatch" });
});

Deno.test("readEntry() verifies whatever lengths the reads return", () => {
  for (const payload of [SMALL, LARGE]) {
    const good = encodeEntry(NAME, payload);
    const read = readEntry(fakeReader(good), NAME);
    assert.ok("payload" in read);
    assert.deepEqual(read.payload, payload);
  }
});

Deno.test("readEntry() reports a file that shrank or grew after it was opened", () => {
  for (const payload of [SMALL, LARGE]) {
    const good = encodeEntry(NAME, payload);
    const shrank = readEntry(fakeReader(good.subarray(0, good.length - 1), good.length), NAME);
    assert.match("fault" in shrank ? shrank.fault : "", /truncated/);
    const grew = readEntry(fakeReader(longer(good), good.length), NAME);
    assert.match("fault" in grew ? grew.fault : "", /grew/);
  }
});

Deno.test("readEntry() lets a read error through, so the cache reports it", () => {
  const reader = fakeReader(encodeEntry(NAME, SMALL));
  const failing: CacheReader = {
    ...reader,
    readSync: () => {
      throw new Deno.errors.Interrupted("read failed");
    },
  };
  assert.throws(() => readEntry(failing, NAME), Deno.errors.Interrupted);
});

Deno.test("readEntry() calls a folder not a regular file", async () => {
  using dir = tempDir();
  const read = await readFile(dir.path);
  assert.deepEqual(read, { fault: "unreadable (not a regular file)", folder: true });
});
