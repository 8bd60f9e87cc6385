/**
 * `deno task golden`: compiles every case of `golden/` under each named settings profile and
 * compares the object dump with the checked-in one (`--update` rewrites them).
 *
 * The corpus arrives with the back end (issue 7); until then the task lists what it found.
 *
 * @module
 */

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./fetch_spec_tests.ts";

if (import.meta.main) {
  const dir = join(REPO_ROOT, "golden");
  const cases = existsSync(dir)
    ? readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith(".wast"))
    : [];
  console.log(`golden: ${cases.length} case(s) in golden/; the corpus is not written yet`);
}
