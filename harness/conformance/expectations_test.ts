import assert from "node:assert/strict";
import { join } from "node:path";
import { checkExpectations, readExpectations, updateExpectations } from "./expectations.ts";
import { fileReport } from "./report.ts";
import type { Outcome } from "./run_script.ts";

function outcome(line: number, status: Outcome["status"]): Outcome {
  return { kind: "assert_return", pos: { file: "a.wast", line, column: 1 }, status, detail: "why" };
}

Deno.test("checkExpectations() flags unlisted failures and listed passes", () => {
  const report = fileReport("a.wast", [
    outcome(1, "failed"),
    outcome(2, "passed"),
    outcome(3, "failed"),
  ]);
  const check = checkExpectations({ "a.wast:2:1": "was broken", "a.wast:3:1": "known" }, [report]);
  assert.deepEqual(check.unexpectedFailures, ["a.wast:1:1 assert_return: why"]);
  assert.deepEqual(check.unexpectedPasses, ["a.wast:2:1 assert_return"]);
});

Deno.test("checkExpectations() ignores skipped commands and files that did not run", () => {
  const report = fileReport("a.wast", [outcome(1, "skipped")]);
  const check = checkExpectations({ "a.wast:1:1": "known", "b.wast:1:1": "known" }, [report]);
  assert.deepEqual(check, { unexpectedFailures: [], unexpectedPasses: [] });
});

Deno.test("updateExpectations() rewrites the files that ran and keeps the others", () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "expectations.json");
  Deno.writeTextFileSync(
    path,
    JSON.stringify({ profiles: { p: { "a.wast:9:1": "old", "b.wast:1:1": "other file" } } }),
  );
  updateExpectations(path, "p", [
    fileReport("a.wast", [outcome(1, "failed"), outcome(2, "passed")]),
  ]);
  const profile = readExpectations(path).profiles["p"]!;
  assert.deepEqual(Object.keys(profile), ["a.wast:1:1", "b.wast:1:1"]);
  assert.equal(profile["a.wast:1:1"], "assert_return: why");
  Deno.removeSync(dir, { recursive: true });
});
