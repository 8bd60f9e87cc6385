import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { checkImports, layerOf } from "./lint_imports.ts";

function tree(files: Record<string, string>): string {
  const root = Deno.makeTempDirSync();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

Deno.test("checkImports() passes on this repository", () => {
  assert.deepEqual(checkImports(), []);
});

Deno.test("layerOf() puts abi and the top-level files in the base layer", () => {
  assert.equal(layerOf("engine/abi/structs.ts"), "base");
  assert.equal(layerOf("engine/errors.ts"), "base");
  assert.equal(layerOf("engine/mod.ts"), "mod");
  assert.equal(layerOf("engine/x64/masm.ts"), "x64");
  assert.equal(layerOf("harness/wast/mod.ts"), undefined);
});

Deno.test("checkImports() flags an upward import, an import from outside, and a cycle", () => {
  const root = tree({
    "engine/mod.ts": 'export * from "./wasm/mod.ts";\nexport * from "./compile/mod.ts";\n',
    "engine/wasm/mod.ts": 'import { x } from "../compile/mod.ts";\nexport const w = x;\n',
    "engine/compile/mod.ts": 'import { y } from "../../harness/h.ts";\nexport const x = y;\n' +
      'export * from "./a.ts";\n',
    "engine/compile/a.ts": 'export * from "./b.ts";\n',
    "engine/compile/b.ts": 'export * from "./a.ts";\n',
    "engine/compile/a_test.ts": 'import "../../harness/h.ts";\n',
    "harness/h.ts": "export const y = 1;\n",
  });
  const problems = checkImports(root);
  assert.deepEqual(problems.slice(0, 2), [
    "engine/compile/mod.ts imports harness/h.ts, outside engine/",
    "engine/wasm/mod.ts (wasm) imports engine/compile/mod.ts (compile): an upward import",
  ]);
  assert.match(
    problems[2] ?? "",
    /^import cycle: .*engine\/compile\/a\.ts -> engine\/compile\/b\.ts/,
  );
  assert.equal(problems.length, 3, "test files are exempt");
  Deno.removeSync(root, { recursive: true });
});

Deno.test("checkImports() lets type-only imports cross without forming a cycle", () => {
  const root = tree({
    "engine/mod.ts": 'export * from "./wasm/a.ts";\n',
    "engine/wasm/a.ts": 'import type { B } from "./b.ts";\nexport type A = B;\n',
    "engine/wasm/b.ts": 'import type { A } from "./a.ts";\nexport type B = A | 1;\n',
  });
  assert.deepEqual(checkImports(root), []);
  Deno.removeSync(root, { recursive: true });
});
