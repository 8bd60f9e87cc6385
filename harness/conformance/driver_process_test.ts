import assert from "node:assert/strict";
import { join } from "node:path";
import { DriverProcess } from "./driver_process.ts";

/** A stand-in driver: echoes requests, logs them, dies on "crash", never answers "hang". */
function fakeDriver(dir: string): string {
  const path = join(dir, "driver.sh");
  Deno.writeTextFileSync(
    path,
    `#!/usr/bin/env bash
while IFS= read -r line; do
  echo "$line" >> "${join(dir, "log")}"
  case "$line" in
    crash) kill -SEGV $$ ;;
    hang) sleep 30 ;;
    quit) exit 0 ;;
    *) echo "ok $line" ;;
  esac
done
`,
  );
  Deno.chmodSync(path, 0o755);
  return path;
}

Deno.test("DriverProcess reports a crash and replays the answered requests after it", async () => {
  const dir = Deno.makeTempDirSync();
  const driver = new DriverProcess(fakeDriver(dir), 5000);
  try {
    assert.deepEqual(await driver.request("a"), { kind: "answer", line: "ok a" });
    const crash = await driver.request("crash");
    assert.equal(crash.kind, "crash");
    assert.match((crash as { why: string }).why, /signal SIGSEGV/);
    assert.deepEqual(await driver.request("b"), { kind: "answer", line: "ok b" });
    assert.deepEqual(Deno.readTextFileSync(join(dir, "log")).split("\n"), [
      "a",
      "crash",
      "a",
      "b",
      "",
    ]);
  } finally {
    await driver.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("DriverProcess cuts a hang at its timeout and goes on", async () => {
  const dir = Deno.makeTempDirSync();
  const driver = new DriverProcess(fakeDriver(dir), 300);
  try {
    const hang = await driver.request("hang");
    assert.deepEqual(hang, { kind: "timeout", why: "no answer in 300 ms" });
    assert.deepEqual(await driver.request("c"), { kind: "answer", line: "ok c" });
  } finally {
    await driver.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
