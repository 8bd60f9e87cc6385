import assert from "node:assert/strict";
import { basename } from "node:path";
import { cacheKey } from "../../engine/cache/mod.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { defaultCompile, withStandIn } from "./compilers.ts";
import { CORPUS_DIR, fromJson, loadCorpus, toJson } from "./corpus.ts";
import { fuzzCache, replaySaved } from "./fuzz_cache.ts";
import { checkCase } from "./properties.ts";

Deno.test("toJson() and fromJson() keep byte arrays", () => {
  const value = { wasm: Uint8Array.of(0, 97, 255), nested: [{ bytes: new Uint8Array() }], n: 1 };
  assert.deepEqual(fromJson(toJson(value)), value);
});

// Every counterexample ever found is a named regression test.
for (const { file, entry } of loadCorpus(CORPUS_DIR)) {
  Deno.test(`corpus case ${basename(file)} (${entry.property}) passes`, async () => {
    const root = Deno.makeTempDirSync({ prefix: "ingot-corpus-test-" });
    try {
      const choice = await defaultCompile();
      await checkCase(entry.property, { compile: choice.compile, root }, entry.value);
    } finally {
      Deno.removeSync(root, { recursive: true });
    }
  });
}

Deno.test("fuzzCache() reports and saves a counterexample, and replays it first", async () => {
  const corpusDir = Deno.makeTempDirSync({ prefix: "ingot-corpus-test-" });
  try {
    // A key that forgets the symbol prefix: wasmtime's -O bug, one field over.
    const key = (input: CompileInput) =>
      cacheKey({ ...input, settings: { ...input.settings, symbolPrefix: "wasm_" } });
    const lines: string[] = [];
    const options = {
      seed: 99,
      runs: 1000,
      only: ["soundness"] as const,
      corpusDir,
      key,
      compile: withStandIn(undefined, "test"),
      log: (line: string) => void lines.push(line),
      progress: () => {},
    };
    assert.equal(await fuzzCache(options), false);
    const report = lines.join("\n");
    assert.match(report, /FAILED: cache property "soundness" \(seed 99, run \d+\)/);
    assert.match(report, /differs from a in: settings\.symbolPrefix: "wasm_" -> /);
    assert.match(report, /first differing byte at offset 0x[0-9a-f]+/);
    assert.match(report, /\(module/);
    const saved = loadCorpus(corpusDir);
    assert.equal(saved.length, 1);
    assert.ok(Deno.statSync(saved[0]!.file.replace(/\.json$/, ".wat")).isFile);
    lines.length = 0;
    assert.equal(await replaySaved(corpusDir, options), false);
    assert.match(lines.join("\n"), /FAILED: cache property "soundness"/);
    assert.equal(await replaySaved(saved[0]!.file, { ...options, key: cacheKey }), true);
    lines.length = 0;
    assert.equal(await fuzzCache({ ...options, key: cacheKey, runs: 5 }), true);
    assert.match(lines.join("\n"), /corpus: 0 of the saved cases fail/);
  } finally {
    Deno.removeSync(corpusDir, { recursive: true });
  }
});
