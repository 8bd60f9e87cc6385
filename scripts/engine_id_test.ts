import assert from "node:assert/strict";
import { join } from "node:path";
import {
  computeEngineId,
  ENGINE_ID_FILE,
  engineSources,
  renderEngineIdModule,
  REPO_ROOT,
} from "./engine_id.ts";

Deno.test("engine/engine_id.ts matches the engine's sources", () => {
  const expected = renderEngineIdModule(computeEngineId());
  const actual = Deno.readTextFileSync(join(REPO_ROOT, ENGINE_ID_FILE));
  assert.ok(
    actual === expected,
    `${ENGINE_ID_FILE} is stale: the engine's sources changed; run deno task engine-id`,
  );
});

Deno.test("engineSources() leaves out tests, fixtures and the identity file itself", () => {
  const sources = engineSources();
  assert.ok(sources.includes("engine/settings.ts"));
  assert.ok(sources.includes("engine/cache/key.ts"));
  assert.ok(sources.every((path) => !path.endsWith("_test.ts")));
  assert.ok(sources.every((path) => !path.includes("/testdata/")));
  assert.ok(!sources.includes(ENGINE_ID_FILE));
  assert.deepEqual(sources, [...sources].sort());
});

Deno.test("computeEngineId() changes when a source changes", () => {
  const root = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(join(root, "engine/cache/testdata"), { recursive: true });
    Deno.writeTextFileSync(join(root, "engine/a.ts"), "export const a = 1;\n");
    const before = computeEngineId(root);
    assert.match(before, /^ingot-[0-9a-f]{16}$/);
    Deno.writeTextFileSync(join(root, "engine/a_test.ts"), "// test\n");
    Deno.writeTextFileSync(join(root, "engine/cache/testdata/x.ts"), "// fixture\n");
    Deno.writeTextFileSync(join(root, "engine/engine_id.ts"), "// generated\n");
    assert.equal(computeEngineId(root), before);
    Deno.writeTextFileSync(join(root, "engine/a.ts"), "export const a = 2;\n");
    assert.notEqual(computeEngineId(root), before);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
