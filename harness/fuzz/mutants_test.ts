import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, hostTarget } from "../../engine/settings.ts";
import { formatMutantTable, MAX_RUNS_TO_DETECTION, mutantTable } from "./mutants.ts";

const SEED = 4242;

Deno.test("every mutant key that leaves out one field is caught within 1,000 runs", async () => {
  const root = Deno.makeTempDirSync({ prefix: "ingot-mutants-test-" });
  try {
    const rows = await mutantTable({ root, seed: SEED, constructionRuns: 150 });
    console.log(formatMutantTable(rows, SEED));
    const fields = rows.map((row) => row.field);
    const expected = 2 + Object.keys(hostTarget()).length +
      Object.keys(DEFAULT_SETTINGS).length - 2 + Object.keys(DEFAULT_SETTINGS.features).length +
      Object.keys(DEFAULT_SETTINGS.cpuFeatures).length;
    assert.equal(fields.length, expected);
    assert.ok(fields.includes("wasm") && fields.includes("settings.cpuFeatures.avx2"));
    for (const row of rows) {
      assert.ok(
        row.status === "caught" || row.status === "by construction",
        `the mutant without ${row.field} ${row.status} (${row.runs} runs)`,
      );
      assert.ok(row.runs <= MAX_RUNS_TO_DETECTION);
    }
    assert.equal(rows.find((row) => row.field === "engine")?.status, "by construction");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
