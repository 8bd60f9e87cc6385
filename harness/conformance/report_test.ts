import assert from "node:assert/strict";
import { REPORT_KINDS } from "../wast/types.ts";
import { fileReport, formatTable, jsonReport } from "./report.ts";

const pos = { file: "a.wast", line: 1, column: 1 };

Deno.test("jsonReport() has the documented shape and counts every kind", () => {
  const report = fileReport("a.wast", [
    { kind: "assert_invalid", pos, status: "passed", messageMatched: true },
    { kind: "assert_invalid", pos, status: "passed", messageMatched: false },
    { kind: "assert_return", pos, status: "skipped" },
    { kind: "module", pos, status: "failed" },
  ]);
  const json = jsonReport({ commit: "c", files: 1 }, { optLevel: 0 }, [report]);
  assert.deepEqual(Object.keys(json), ["suite", "settings", "files", "totals", "messages"]);
  assert.deepEqual(Object.keys(json.totals), [...REPORT_KINDS]);
  assert.deepEqual(json.totals.assert_invalid, { passed: 2, failed: 0, skipped: 0 });
  assert.deepEqual(json.totals.assert_return, { passed: 0, failed: 0, skipped: 1 });
  assert.deepEqual(json.totals.module, { passed: 0, failed: 1, skipped: 0 });
  assert.deepEqual(json.messages, { matched: 1, total: 2 });
  assert.deepEqual(json.files[0]?.kinds, json.totals);
});

Deno.test("formatTable() shows passed/failed/skipped per kind and a totals row", () => {
  const report = fileReport("a.wast", [{ kind: "assert_return", pos, status: "passed" }]);
  const table = formatTable([report]);
  assert.match(table, /^a\.wast +\. +\. +\. +1\/0\/0/m);
  assert.match(table, /^total +\. +\. +\. +1\/0\/0/m);
});
