import assert from "node:assert/strict";
import fc from "fast-check";
import { diffLines, type DiffOp, unifiedDiff } from "./line_diff.ts";

Deno.test("unifiedDiff() is empty for equal texts", () => {
  assert.equal(unifiedDiff("a\nb\n", "a\nb\n"), "");
  assert.equal(unifiedDiff("", ""), "");
});

Deno.test("unifiedDiff() shows one changed line with three lines of context", () => {
  const before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  assert.equal(
    unifiedDiff(before, after, { fromLabel: "old", toLabel: "new" }),
    "--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
  );
});

Deno.test("unifiedDiff() splits distant changes into hunks and merges near ones", () => {
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
  const changed = lines.map((line, i) => i === 2 || i === 25 ? `${line}!` : line);
  const far = unifiedDiff(lines.join("\n"), changed.join("\n"));
  assert.equal(far.match(/^@@/gm)?.length, 2);
  const near = lines.map((line, i) => i === 2 || i === 7 ? `${line}!` : line);
  assert.equal(unifiedDiff(lines.join("\n"), near.join("\n")).match(/^@@/gm)?.length, 1);
});

Deno.test("unifiedDiff() writes an empty side's range as the line before it", () => {
  assert.equal(unifiedDiff("", "a\n"), "--- expected\n+++ actual\n@@ -0,0 +1 @@\n+a\n");
  assert.equal(unifiedDiff("a\nb\n", "b\n"), "--- expected\n+++ actual\n@@ -1,2 +1 @@\n-a\n b\n");
});

/** Length of a longest common subsequence, by dynamic programming (the oracle). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const line of a) {
    const next = [0];
    for (let j = 0; j < b.length; j++) {
      next.push(line === b[j] ? row[j]! + 1 : Math.max(row[j + 1]!, next[j]!));
    }
    row = next;
  }
  return row[b.length]!;
}

function sides(ops: readonly DiffOp[]): [string[], string[]] {
  return [
    ops.filter((op) => op.kind !== "insert").map((op) => op.line),
    ops.filter((op) => op.kind !== "delete").map((op) => op.line),
  ];
}

Deno.test("diffLines() rebuilds both sides and keeps a longest common subsequence", () => {
  const text = fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 24 });
  fc.assert(
    fc.property(text, text, (a, b) => {
      const ops = diffLines(a, b);
      assert.deepEqual(sides(ops), [a, b]);
      assert.equal(ops.filter((op) => op.kind === "equal").length, lcsLength(a, b));
    }),
    { numRuns: 300, seed: 20261125 },
  );
});

Deno.test("diffLines() handles long inputs with few changes quickly", () => {
  const a = Array.from({ length: 20000 }, (_, i) => `${i}`);
  const b = [...a];
  b.splice(5000, 1, "changed");
  b.splice(15000, 0, "inserted");
  const ops = diffLines(a, b);
  assert.equal(ops.filter((op) => op.kind !== "equal").length, 3);
});
