/**
 * The seed's regression test: a cache once served an unoptimised module after optimisation was
 * switched on, because its key left the flag out. Here every field of CompileSettings and Target
 * (found by walking the values, so a new field is covered automatically) and the rest of the
 * input are changed in turn, and each answer must equal a fresh compute. Mutant keys that leave
 * out any one field prove the test would catch that bug.
 */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { DEFAULT_SETTINGS, hostTarget } from "../settings.ts";
import type { CompileInput } from "../settings.ts";
import { Cache } from "./cache.ts";
import { canonicalEncode } from "./key.ts";
import { encodingCompute, tempDir } from "./testdata/fixtures.ts";

type Path = readonly string[];

function defaultInput(): CompileInput {
  const wasm = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  return { wasm, settings: DEFAULT_SETTINGS, target: hostTarget(), engine: "ingot-regression" };
}

/** The path of every leaf (a value that is not a plain object) of `value`. */
function leafPaths(value: unknown, path: Path = []): Path[] {
  const isRecord = typeof value === "object" && value !== null && !(value instanceof Uint8Array);
  if (!isRecord) return [path];
  return Object.keys(value).flatMap((key) =>
    leafPaths((value as Record<string, unknown>)[key], [...path, key])
  );
}

/** Another value of the same type as `value`. */
function another(value: unknown): unknown {
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return value + 1;
  if (typeof value === "string") return `${value}-other`;
  if (value instanceof Uint8Array) return Uint8Array.of(...value, 0);
  throw new Error(`no other value for ${String(value)}`);
}

/** A copy of `value` where the leaf at `path` is replaced by `change(leaf)` (deleted if absent). */
function rewrite(value: unknown, path: Path, change: (leaf: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = rewrite(copy[head], rest, change);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/**
 * Loads the default input, then each one-field variant, through one cache, and returns the
 * paths whose answer was not exactly a fresh compute of that variant.
 */
async function wrongAnswers(cache: Cache): Promise<string[]> {
  const base = defaultInput();
  const wrong: string[] = [];
  const inputs = [base, ...leafPaths(base).map((path) => rewrite(base, path, another))];
  for (const [index, input] of inputs.entries()) {
    const answer = await cache.load(input as CompileInput, encodingCompute);
    const fresh = encodingCompute(input as CompileInput);
    if (!answer.every((byte, at) => byte === fresh[at]) || answer.length !== fresh.length) {
      wrong.push(index === 0 ? "(default)" : leafPaths(base)[index - 1]!.join("."));
    }
  }
  return wrong;
}

Deno.test("Cache answers every one-field change of the input with a fresh compute", async () => {
  using dir = tempDir();
  const paths = leafPaths(defaultInput()).map((path) => path.join("."));
  assert.ok(paths.includes("settings.optLevel") && paths.includes("settings.features.simd"));
  assert.ok(paths.includes("target.arch") && paths.includes("wasm") && paths.includes("engine"));
  assert.equal(
    paths.length,
    Object.keys(DEFAULT_SETTINGS).length - 2 +
      Object.keys(DEFAULT_SETTINGS.features).length +
      Object.keys(DEFAULT_SETTINGS.cpuFeatures).length +
      Object.keys(hostTarget()).length + 2,
  );
  const cache = new Cache({ dir: dir.path });
  assert.deepEqual(await wrongAnswers(cache), []);
  assert.deepEqual(await wrongAnswers(cache), []); // all hits now
  const stats = await cache.stats();
  assert.equal(stats.misses, paths.length + 1);
  assert.equal(stats.hits, paths.length + 1);
  await cache.close();
});

Deno.test("mutant keys that leave out any one field are caught by the regression test", async () => {
  using dir = tempDir();
  for (const path of leafPaths(defaultInput())) {
    const mutantKey = (input: CompileInput) => {
      const partial = rewrite(input, path, () => undefined);
      return createHash("sha256").update(canonicalEncode(partial)).digest("hex");
    };
    const cache = new Cache({ dir: `${dir.path}/${path.join(".")}`, key: mutantKey });
    const wrong = await wrongAnswers(cache);
    if (path.join(".") === "engine") {
      // The engine identity also names the entry's folder and is checked in its header, so
      // even a key without it cannot serve another engine's object.
      assert.deepEqual(wrong, []);
    } else {
      assert.ok(wrong.length > 0, `a key without ${path.join(".")} went unnoticed`);
    }
    await cache.close();
  }
});
