/**
 * The README's example is run exactly as written: its commands, from the repository root,
 * must print exactly the output the README shows.
 */

import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../scripts/fetch_spec_tests.ts";

function block(readme: string, name: string): string {
  const match = new RegExp(
    `<!-- ${name}:begin -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`,
  )
    .exec(readme);
  assert.ok(match, `README.md has no ${name} block`);
  return match[1]!;
}

Deno.test("the README's example compiles, links and prints what the README says", async () => {
  const readme = Deno.readTextFileSync(join(REPO_ROOT, "README.md"));
  const commands = block(readme, "example");
  const expected = block(readme, "example-output");
  try {
    const run = await new Deno.Command("bash", {
      args: ["-euo", "pipefail", "-c", commands],
      cwd: REPO_ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(run.stderr);
    assert.ok(run.success, `the example failed:\n${stderr}`);
    assert.equal(new TextDecoder().decode(run.stdout), expected);
  } finally {
    rmSync(join(REPO_ROOT, "fac.o"), { force: true });
    rmSync(join(REPO_ROOT, "fac"), { force: true });
  }
});
