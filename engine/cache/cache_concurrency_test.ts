import assert from "node:assert/strict";
import { Cache } from "./cache.ts";
import { tempDir } from "./testdata/fixtures.ts";

const CHILD = new URL("./testdata/load_child.ts", import.meta.url).pathname;
const WORKERS = 4;
const ROUNDS = 40;

Deno.test("Cache: 4 processes loading the same and different keys at once get exact answers", async () => {
  using dir = tempDir();
  // Small enough that entries are evicted while the others read them.
  const maxBytes = 12 * 2200;
  const children = Array.from(
    { length: WORKERS },
    (_, worker) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-all",
          CHILD,
          dir.path,
          String(worker),
          String(ROUNDS),
          String(maxBytes),
        ],
        stdout: "piped",
        stderr: "piped",
      }).output(),
  );
  const outputs = await Promise.all(children);
  let loads = 0;
  for (const output of outputs) {
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.equal(stderr, "", "no warnings: concurrency is not a fault");
    const report = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(report.wrong, 0);
    loads += report.loads;
  }
  const cache = new Cache({ dir: dir.path });
  const stats = await cache.stats();
  assert.equal(stats.hits + stats.misses, loads, "every load is counted exactly once");
  assert.equal(stats.corrupt, 0);
  assert.ok(stats.hits > 0 && stats.misses > 0 && stats.evictions > 0, JSON.stringify(stats));
  assert.ok(stats.bytes <= maxBytes + 4 * 2200, JSON.stringify(stats));
  await cache.close();
});
