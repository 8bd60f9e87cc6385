import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readElf } from "../engine/obj/mod.ts";
import { PROFILE_NAMES, profileSettings } from "../golden/profiles.ts";
import { inspectObject } from "../harness/inspect/mod.ts";
import { fixedObject } from "../harness/inspect/testdata/fixed_object.ts";
import {
  dumpPath,
  findCases,
  GoldenCaseError,
  parseProfiles,
  strayDumps,
} from "./_golden_cases.ts";
import { compareDump, GOLDEN_ROOT, main, UPDATE_COMMAND } from "./golden.ts";
import { MATRIX_FOLDER, matrixCases } from "./gen_golden_matrix.ts";

Deno.test("parseProfiles() reads the ;;! header and rejects bad ones", () => {
  assert.deepEqual(parseProfiles(';;! profiles = ["O0-explicit", "O0-guard"]\n(module)', "a"), [
    "O0-explicit",
    "O0-guard",
  ]);
  assert.throws(() => parseProfiles("(module)", "a"), GoldenCaseError);
  assert.throws(() => parseProfiles(';;! profiles = ["O9"]', "a"), /unknown profile "O9"/);
  assert.throws(() => parseProfiles(";;! profiles = []", "a"), GoldenCaseError);
  assert.throws(() => parseProfiles(';;! profiles = ["O0-guard", "O0-guard"]', "a"), /twice/);
});

Deno.test("golden/profiles.ts defines the required profiles, each a valid setting", () => {
  for (const name of ["O0-explicit", "O0-guard", "O0-explicit-nosse41"]) {
    assert.ok(PROFILE_NAMES.includes(name), name);
  }
  assert.equal(profileSettings("O0-guard").boundsChecks, "guard-pages");
  assert.equal(profileSettings("O0-explicit-nosse41").cpuFeatures.sse41, false);
  assert.throws(() => profileSettings("O3"), RangeError);
});

Deno.test("compareDump() fails with a readable diff when one emitted byte changes", () => {
  const bytes = fixedObject();
  const text = readElf(bytes).sections.find((section) => section.name === ".text")!;
  const perturbed = bytes.slice();
  perturbed[text.offset + 0x3d] = 0x2b; // t_helper: mov eax,0x2a -> mov eax,0x2b
  const verdict = compareDump(inspectObject(bytes), inspectObject(perturbed), "case.O0.dump");
  assert.equal(verdict.kind, "differs");
  if (verdict.kind !== "differs") return;
  const changed = verdict.diff.split("\n").filter((line) => /^[-+] /.test(line));
  assert.deepEqual(changed, [
    "-  0000:  b8 2a 00 00 00                 mov eax,0x2a",
    "+  0000:  b8 2b 00 00 00                 mov eax,0x2b",
  ]);
  assert.match(verdict.diff, /^--- case\.O0\.dump\n\+\+\+ case\.O0\.dump \(compiled now\)\n@@ /);
});

Deno.test("compareDump() reports a missing dump and accepts an equal one", () => {
  assert.deepEqual(compareDump(undefined, "x\n", "a"), { kind: "missing" });
  assert.deepEqual(compareDump("x\n", "x\n", "a"), { kind: "match" });
});

Deno.test("the memory matrix in golden/ is what scripts/gen_golden_matrix.ts generates", () => {
  const expected = matrixCases();
  const present = readdirSync(MATRIX_FOLDER).filter((name) => name.endsWith(".wast")).sort();
  assert.deepEqual(present, [...expected.keys()].sort(), "run scripts/gen_golden_matrix.ts");
  for (const [name, text] of expected) {
    assert.equal(readFileSync(join(MATRIX_FOLDER, name), "utf8"), text, `${name} is stale`);
  }
});

Deno.test("the corpus has 40+ cases, each with a dump per profile and no stray dumps", () => {
  const cases = findCases(GOLDEN_ROOT);
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  const used = new Set(cases.flatMap((kase) => kase.profiles));
  assert.deepEqual([...used].sort(), [...PROFILE_NAMES].sort(), "every profile is used");
  for (const kase of cases) {
    for (const profile of kase.profiles) {
      const path = dumpPath(GOLDEN_ROOT, kase, profile);
      assert.ok(existsSync(path), `missing ${path}: run deno task golden --update`);
    }
  }
  assert.deepEqual(strayDumps(GOLDEN_ROOT, cases), []);
});

Deno.test("deno task golden writes, matches, then reports a changed dump with a diff", async () => {
  const root = mkdtempSync(join(tmpdir(), "ingot-golden-test-"));
  try {
    mkdirSync(join(root, "i32"));
    const kase = join(root, "i32", "add.wast");
    writeFileSync(
      kase,
      ';;! profiles = ["O0-explicit"]\n(module (func (export "f") (param i32) (result i32)\n' +
        "  (i32.add (local.get 0) (i32.const 7))))\n",
    );
    const lines: string[] = [];
    const out = (line: string) => lines.push(line);
    const flags = ["--no-run", "--no-objdump"];
    assert.equal(await main([...flags], { root, out }), 1, "a case without a dump fails");
    assert.match(lines.join("\n"), /MISSING golden\/i32\/add\.O0-explicit\.dump/);
    assert.equal(await main(["--update", ...flags], { root, out }), 0);
    assert.equal(await main(flags, { root, out }), 0);
    const dump = join(root, "i32", "add.O0-explicit.dump");
    const text = readFileSync(dump, "utf8");
    writeFileSync(dump, text.replace(/^( {2}[0-9a-f]{4}: {2})([0-9a-f]{2})/m, "$1ff"));
    lines.length = 0;
    assert.equal(await main(flags, { root, out }), 1);
    const report = lines.join("\n");
    assert.match(report, /^--- golden\/i32\/add\.O0-explicit\.dump$/m);
    assert.match(report, /^- {2}0000: {2}ff /m);
    assert.match(report, /^\+ {2}0000: {2}/m);
    assert.ok(report.includes(UPDATE_COMMAND));
    writeFileSync(join(root, "i32", "gone.O0-explicit.dump"), "");
    lines.length = 0;
    assert.equal(await main(["--update", ...flags], { root, out }), 0);
    assert.deepEqual(readFileSync(dump, "utf8"), text);
    assert.ok(!existsSync(join(root, "i32", "gone.O0-explicit.dump")), "stray dump deleted");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
