import assert from "node:assert/strict";
import { join } from "node:path";
import { CACHE_FORMAT_VERSION } from "../../engine/cache/mod.ts";
import { applyFault, entryFiles } from "./_faults.ts";

function withEntries(body: (dir: string, a: string, b: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "ingot-faults-test-" });
  try {
    const a = join(dir, "e", "aa", "aa01");
    const b = join(dir, "e", "bb", "bb02");
    for (const [path, fill] of [[a, 1], [b, 2]] as const) {
      Deno.mkdirSync(join(path, ".."), { recursive: true });
      Deno.writeFileSync(path, new Uint8Array(64).fill(fill));
    }
    Deno.mkdirSync(join(dir, ".stats"));
    Deno.writeTextFileSync(join(dir, ".stats", "x.json"), "{}");
    body(dir, a, b);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("entryFiles() lists entries, not statistics or temporary files", () => {
  withEntries((dir, a, b) => {
    Deno.writeFileSync(join(a, "..", ".tmp-aa01-1-x"), new Uint8Array(3));
    assert.deepEqual(entryFiles(dir), [a, b]);
  });
});

Deno.test("applyFault() truncates, flips, swaps, makes stale and half-writes entries", () => {
  withEntries((_dir, a, b) => {
    applyFault({ kind: "truncate", at: 0.5 }, a, b);
    assert.equal(Deno.readFileSync(a).length, 32);
  });
  withEntries((_dir, a, b) => {
    applyFault({ kind: "flip", bit: 8 * 64 + 9 }, a, b);
    assert.equal(Deno.readFileSync(a)[1], 1 ^ 2);
  });
  for (const kind of ["swap", "stale-engine"] as const) {
    withEntries((_dir, a, b) => {
      applyFault({ kind }, a, b);
      assert.equal(Deno.readFileSync(a)[0], 2);
      assert.equal(Deno.readFileSync(b)[0], 1);
    });
  }
  withEntries((_dir, a, b) => {
    applyFault({ kind: "stale-format", version: CACHE_FORMAT_VERSION }, a, b);
    const view = new DataView(Deno.readFileSync(a).buffer);
    assert.equal(view.getUint32(8, true), CACHE_FORMAT_VERSION + 1);
  });
  withEntries((_dir, a, b) => {
    applyFault({ kind: "half-written", at: 0.25 }, a, b);
    assert.equal(Deno.readFileSync(a).length, 16);
    const temps = [...Deno.readDirSync(join(a, ".."))].filter((e) => e.name.startsWith(".tmp-"));
    assert.equal(temps.length, 1);
  });
});
