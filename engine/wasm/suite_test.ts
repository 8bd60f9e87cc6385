/**
 * The spec suite through decode + validate: every binary assert_malformed and every
 * assert_invalid module is rejected, every module the suite expects to be valid is accepted,
 * and the messages match the suite's (prefix match either way), except for listed cases.
 */

import assert from "node:assert/strict";
import { CompileError, DecodeError, ValidationError } from "../errors.ts";
import { encodeModule, toEncodable } from "./_encode.ts";
import { type SuiteCase, suiteCases, suiteFiles } from "./_suite.ts";
import { decodeModule } from "./decode.ts";
import { validateModule } from "./validate.ts";

/** Cases whose binary cannot carry what the text said, so another message is right. */
const KNOWN_MESSAGE_MISMATCHES: ReadonlyMap<string, string> = new Map([
  // wabt encodes `(select (result) ...)` as the untyped select, so arity 0 is lost.
  ["select.wast:323", "type mismatch"],
]);

const cases: SuiteCase[] = [];
for (const file of suiteFiles()) cases.push(...await suiteCases(file));

function outcome(bytes: Uint8Array): unknown {
  try {
    validateModule(decodeModule(bytes));
    return undefined;
  } catch (error) {
    return error;
  }
}

Deno.test("the suite's valid modules decode and validate", () => {
  const rejected = cases.filter((c) => c.expect === "valid" && outcome(c.bytes) !== undefined);
  assert.deepEqual(rejected.map((c) => `${c.file}:${c.line}`), []);
});

Deno.test("the suite's malformed and invalid modules are rejected with the suite's message", () => {
  const bad = cases.filter((c) => c.expect !== "valid");
  const problems: string[] = [];
  let matched = 0;
  for (const c of bad) {
    const error = outcome(c.bytes);
    const where = `${c.file}:${c.line}`;
    if (!(error instanceof CompileError)) {
      problems.push(`${where}: expected ${c.expect} "${c.message}", got ${error}`);
      continue;
    }
    const expectedClass = c.expect === "malformed" ? DecodeError : ValidationError;
    const reason = error.reason;
    if (reason.startsWith(c.message) || c.message.startsWith(reason)) {
      matched++;
      // The suite's text modules can lack a data count section only because wabt omits it.
      if (!(error instanceof expectedClass) && reason !== "data count section required") {
        problems.push(`${where}: ${error.name} for an ${c.expect} module`);
      }
    } else if (KNOWN_MESSAGE_MISMATCHES.get(where) !== reason) {
      problems.push(`${where}: expected "${c.message}", got "${error.message}"`);
    }
  }
  console.log(`suite: ${bad.length} rejected, ${matched} with the suite's message`);
  assert.deepEqual(problems, []);
});

Deno.test("the suite's valid modules survive decode -> encode -> decode", () => {
  for (const c of cases.filter((c) => c.expect === "valid")) {
    const first = toEncodable(decodeModule(c.bytes));
    assert.deepEqual(toEncodable(decodeModule(encodeModule(first))), first, `${c.file}:${c.line}`);
  }
});
