import assert from "node:assert/strict";
import { join } from "node:path";
import { main } from "./ingot.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) },
  };
}

const EMPTY_MODULE = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

Deno.test("ingot cache stats, gc, verify and clear report on a cache folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const action of ["stats", "gc", "verify", "clear", "stats"]) {
      const run = capture();
      assert.equal(await main(["cache", action, "--cache-dir", dir], run.io), 0, run.err.join());
      assert.deepEqual(run.err, []);
      if (action === "stats") {
        assert.ok(run.out.includes("hits: 0") && run.out.includes("entries: 0"), run.out.join());
      }
      if (action === "verify") assert.deepEqual(run.out, ["checked 0 entries, 0 damaged"]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ingot reports bad usage in one line with exit code 1", async () => {
  for (
    const args of [
      [],
      ["frobnicate"],
      ["cache", "shrink"],
      ["compile"],
      ["compile", "a.wasm"],
      ["compile", "a.wasm", "-o", "a.o", "--features", "threads"],
      ["compile", "/nonexistent/a.wasm", "-o", "a.o", "--no-cache"],
    ]
  ) {
    const run = capture();
    assert.equal(await main(args, run.io), 1, args.join(" "));
    assert.equal(run.err.length, 1, run.err.join("\n"));
    assert.match(run.err[0]!, /^ingot: [^\n]+$/);
  }
});

Deno.test("ingot compile goes through the pool and the cache", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const wasm = join(dir, "m.wasm");
    await Deno.writeFile(wasm, EMPTY_MODULE);
    const args = [
      "compile",
      wasm,
      "-o",
      join(dir, "m.o"),
      "--cache-dir",
      join(dir, "cache"),
      "-O1",
    ];
    const first = capture();
    const code = await main(args, first.io);
    if (code === 0) {
      // compile exists: the second run is a hit with the same bytes.
      const object = await Deno.readFile(join(dir, "m.o"));
      assert.equal(await main(args, capture().io), 0);
      assert.deepEqual(await Deno.readFile(join(dir, "m.o")), object);
      const stats = capture();
      await main(["cache", "stats", "--cache-dir", join(dir, "cache")], stats.io);
      assert.ok(stats.out.includes("hits: 1") && stats.out.includes("misses: 1"), stats.out.join());
    } else {
      // compile is not there yet: its error comes back from the worker, in one line.
      assert.equal(first.err.length, 1);
      assert.match(
        first.err[0]!,
        /^ingot: .*m\.wasm: (UnsupportedError|DecodeError|ValidationError): /,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task ingot exits with 1 and one line on an error", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--unstable-worker-options",
      new URL("./ingot.ts", import.meta.url).pathname,
      "cache",
      "nope",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 1);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.match(stderr, /^ingot: [^\n]+\n$/);
});
