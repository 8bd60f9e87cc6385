import assert from "node:assert/strict";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureSpecTests, readManifest, verifyFolder } from "./fetch_spec_tests.ts";

Deno.test("readManifest() pins the upstream commit and 149 files with sha256s", () => {
  const manifest = readManifest();
  assert.match(manifest.commit, /^[0-9a-f]{40}$/);
  assert.equal(manifest.repository, "https://github.com/WebAssembly/testsuite");
  assert.equal([...manifest.files.keys()].filter((file) => file.endsWith(".wast")).length, 147);
  assert.equal(manifest.files.size, 149);
});

Deno.test("ensureSpecTests() materialises a verified copy", () => {
  const dir = ensureSpecTests();
  assert.deepEqual(verifyFolder(dir, readManifest()), []);
});

Deno.test("ensureSpecTests() names every place it looked when a file is altered or missing", () => {
  const work = Deno.makeTempDirSync();
  const altered = join(work, "altered");
  cpSync(ensureSpecTests(), altered, { recursive: true });
  writeFileSync(join(altered, "i32.wast"), "(module)");
  const missing = join(work, "missing");
  assert.throws(
    () =>
      ensureSpecTests({
        target: join(work, "out"),
        sources: [{ label: altered, dir: altered }, { label: missing, dir: missing }],
        clone: false,
      }),
    (error: Error) => {
      assert.match(error.message, /altered: 1 bad file\(s\), first i32\.wast: sha256 [0-9a-f]{64}/);
      assert.match(error.message, /missing: no such folder/);
      assert.match(error.message, /cloning disabled/);
      return true;
    },
  );
  Deno.removeSync(work, { recursive: true });
});

Deno.test("ensureSpecTests() copies from the first good source", () => {
  const work = Deno.makeTempDirSync();
  const good = ensureSpecTests();
  const target = join(work, "out");
  const dir = ensureSpecTests({ target, sources: [{ label: "good", dir: good }], clone: false });
  assert.equal(dir, target);
  assert.deepEqual(verifyFolder(target, readManifest()), []);
  Deno.removeSync(work, { recursive: true });
});
