/**
 * Reads the whole pinned spec suite: every file parses, the per-file, per-kind command counts
 * match `testdata/COUNTS.tsv` (counted independently of this code), and wabt converts every
 * text module that is not meant to be malformed.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureSpecTests } from "../../scripts/fetch_spec_tests.ts";
import { readScript } from "./read_script.ts";
import { moduleBinary } from "./to_binary.ts";
import { type Command, REPORT_KINDS, reportKind } from "./types.ts";

const COUNTS_PATH = new URL("./testdata/COUNTS.tsv", import.meta.url);

/** Every `.wast` file of the suite, read, in name order. */
function readSuite(): Map<string, Command[]> {
  const dir = ensureSpecTests();
  const names = [...Deno.readDirSync(dir)]
    .map((entry) => entry.name)
    .filter((name) => name.endsWith(".wast"))
    .sort();
  return new Map(
    names.map((name) => [name, readScript(Deno.readTextFileSync(join(dir, name)), name)]),
  );
}

/** COUNTS.tsv as file -> kind -> count (the TOTAL row included). */
function readCounts(): Map<string, Map<string, number>> {
  const lines = Deno.readTextFileSync(COUNTS_PATH).split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"));
  const header = lines[0]!.split("\t");
  assert.deepEqual(header.slice(1), [...REPORT_KINDS]);
  const counts = new Map<string, Map<string, number>>();
  for (const line of lines.slice(1)) {
    const [file, ...cells] = line.split("\t");
    counts.set(file!, new Map(cells.map((cell, index) => [header[index + 1]!, Number(cell)])));
  }
  return counts;
}

let suite: Map<string, Command[]> | undefined;

function suiteOnce(): Map<string, Command[]> {
  suite ??= readSuite();
  return suite;
}

Deno.test("readScript() reads all 147 suite files with the counts of COUNTS.tsv", () => {
  const started = performance.now();
  const commands = suiteOnce();
  const elapsed = performance.now() - started;
  assert.equal(commands.size, 147);
  const expected = readCounts();
  const total = new Map<string, number>(REPORT_KINDS.map((kind) => [kind, 0]));
  for (const [file, fileCommands] of commands) {
    const got = new Map<string, number>(REPORT_KINDS.map((kind) => [kind, 0]));
    for (const command of fileCommands) {
      const kind = reportKind(command);
      got.set(kind, got.get(kind)! + 1);
      total.set(kind, total.get(kind)! + 1);
    }
    assert.deepEqual(got, expected.get(file), file);
  }
  assert.deepEqual(total, expected.get("TOTAL"));
  assert.ok(elapsed < 20_000, `reading the suite took ${elapsed.toFixed(0)} ms`);
});

Deno.test("moduleBinary() converts every suite text module, and rejects malformed ones", async () => {
  let converted = 0;
  let topLevel = 0;
  let rejected = 0;
  for (const [file, commands] of suiteOnce()) {
    for (const command of commands) {
      if (!("module" in command) || command.module.form === "binary") continue;
      const name = `${file}:${command.pos.line}`;
      if (command.kind === "assert_malformed") {
        await assert.rejects(() => moduleBinary(command.module, { name }), name);
        rejected++;
      } else {
        const bytes = await moduleBinary(command.module, { name });
        assert.equal(bytes[0], 0, name);
        converted++;
        if (command.kind === "module" && command.module.form === "text") topLevel++;
      }
    }
  }
  // FACTS.md: 1,528 top-level text modules; wabt rejects all 1,091 text assert_malformed.
  assert.deepEqual({ topLevel, converted, rejected }, {
    topLevel: 1528,
    converted: 3784,
    rejected: 1091,
  });
});
