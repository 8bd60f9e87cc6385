import assert from "node:assert/strict";
import { CompileError } from "../../engine/errors.ts";
import { readScript } from "../wast/mod.ts";
import {
  type CompiledModule,
  type EngineSession,
  type InstanceRef,
  NotYet,
  type ResultValue,
  Trap,
  Unlinkable,
} from "./engine.ts";
import { runScript, wordingMatches } from "./run_script.ts";

/**
 * A fake engine over binary modules whose first byte says what to do: 0 valid, 1 invalid
 * ("type mismatch"), 2 unlinkable, 3 traps at instantiation, 4 cannot run yet. Function
 * "id" returns its argument, "trap" traps with "unreachable".
 */
class FakeSession implements EngineSession {
  #instances = 0;
  readonly registered: string[] = [];

  compile(bytes: Uint8Array): Promise<CompiledModule> {
    if (bytes[0] === 1) return Promise.reject(new CompileError("type mismatch"));
    return Promise.resolve({ id: bytes[0]! });
  }
  instantiate(module: CompiledModule): Promise<InstanceRef> {
    if (module.id === 2) return Promise.reject(new Unlinkable("unknown import"));
    if (module.id === 3) return Promise.reject(new Trap("out of bounds memory access"));
    if (module.id === 4) return Promise.reject(new NotYet("no back end"));
    return Promise.resolve({ id: this.#instances++ });
  }
  register(_instance: InstanceRef, name: string): Promise<void> {
    this.registered.push(name);
    return Promise.resolve();
  }
  invoke(_instance: InstanceRef, name: string, args: readonly ResultValue[]) {
    if (name === "trap") return Promise.reject(new Trap("unreachable"));
    return Promise.resolve([...args]);
  }
  get(): Promise<ResultValue> {
    return Promise.resolve({ type: "i32", bits: 7 });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function run(script: string) {
  return (await runScript(new FakeSession(), readScript(script, "t.wast")))
    .map((outcome) => `${outcome.kind} ${outcome.status}`);
}

Deno.test("runScript() passes matching results and fails mismatches", async () => {
  assert.deepEqual(
    await run(`(module binary "\\00")
      (assert_return (invoke "id" (i32.const 5)) (i32.const 5))
      (assert_return (invoke "id" (i32.const 5)) (i32.const 6))
      (assert_return (get "g") (i32.const 7))`),
    ["module passed", "assert_return passed", "assert_return failed", "assert_return passed"],
  );
});

Deno.test("runScript() judges traps by message prefix", async () => {
  assert.deepEqual(
    await run(`(module binary "\\00")
      (assert_trap (invoke "trap") "unreachable")
      (assert_trap (invoke "trap") "integer overflow")
      (assert_trap (invoke "id") "unreachable")`),
    ["module passed", "assert_trap passed", "assert_trap failed", "assert_trap failed"],
  );
});

Deno.test("runScript() needs rejections for assert_invalid and assert_malformed", async () => {
  const outcomes = await runScript(
    new FakeSession(),
    readScript(
      `(assert_invalid (module binary "\\01") "type mismatch")
       (assert_invalid (module binary "\\01") "unknown local")
       (assert_malformed (module binary "\\00") "unexpected end")`,
      "t.wast",
    ),
  );
  assert.deepEqual(outcomes.map((o) => [o.status, o.messageMatched]), [
    ["passed", true],
    ["passed", false],
    ["failed", undefined],
  ]);
});

Deno.test("runScript() judges unlinkable and uninstantiable modules by error class", async () => {
  assert.deepEqual(
    await run(`(assert_unlinkable (module binary "\\02") "unknown import")
      (assert_unlinkable (module binary "\\03") "unknown import")
      (assert_trap (module binary "\\03") "out of bounds memory access")
      (assert_trap (module binary "\\00") "out of bounds memory access")`),
    [
      "assert_unlinkable passed",
      "assert_unlinkable failed",
      "assert_uninstantiable passed",
      "assert_uninstantiable failed",
    ],
  );
});

Deno.test("runScript() skips what depends on a module the engine cannot run", async () => {
  assert.deepEqual(
    await run(`(module $M binary "\\04")
      (assert_return (invoke "id" (i32.const 1)) (i32.const 1))
      (register "m" $M)
      (module binary "\\01")
      (assert_return (invoke "id" (i32.const 1)) (i32.const 1))`),
    [
      "module skipped",
      "assert_return skipped",
      "register skipped",
      "module failed",
      "assert_return failed",
    ],
  );
});

Deno.test("runScript() leaves text-format rejections to wabt", async () => {
  assert.deepEqual(
    await run(`(assert_malformed (module quote "(func (i32.const 1) (oops))") "unexpected token")`),
    ["assert_malformed_text passed"],
  );
});

Deno.test("wordingMatches() accepts detail on either side, on a word boundary only", () => {
  assert.equal(wordingMatches("uninitialized element", "uninitialized element 2"), true);
  assert.equal(wordingMatches("unknown import: spectest.foo", "unknown import"), true);
  assert.equal(wordingMatches("integer overflow", "integer overflow"), true);
  assert.equal(wordingMatches("undefined element", "undefined elements"), false);
  assert.equal(wordingMatches("", "unreachable"), false);
  assert.equal(wordingMatches("out of bounds memory access", "out of bounds table access"), false);
});
