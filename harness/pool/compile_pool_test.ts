import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { CompileError, DecodeError, ValidationError } from "../../engine/errors.ts";
import { type CompileInput, hostTarget, resolveSettings } from "../../engine/settings.ts";
import { CompilePool, WORKER_OPTIONS } from "./compile_pool.ts";
import { reviveError, serializeError } from "./_errors.ts";

function input(wasm: Uint8Array): CompileInput {
  return { wasm, settings: resolveSettings(), target: hostTarget(), engine: engine.ENGINE_VERSION };
}

/** compile in-process: the bytes, or the error it throws. */
function direct(value: CompileInput): Uint8Array | Error {
  const compile = (engine as { compile?: (input: CompileInput) => Uint8Array }).compile;
  try {
    if (compile === undefined) {
      return new engine.UnsupportedError("compile", {
        detail: "engine/mod.ts does not export it yet",
      });
    }
    return compile(value);
  } catch (error) {
    return error as Error;
  }
}

Deno.test("CompilePool workers run with no permissions at all", async () => {
  assert.deepEqual(WORKER_OPTIONS, { type: "module", deno: { permissions: "none" } });
  const pool = new CompilePool({ size: 1 });
  try {
    const report = await pool.probe();
    assert.deepEqual(report, {
      env: "NotCapable",
      read: "NotCapable",
      write: "NotCapable",
      run: "NotCapable",
    });
  } finally {
    pool.close();
  }
});

Deno.test("CompilePool.compile() answers what compile answers in-process", async () => {
  const pool = new CompilePool({ size: 2 });
  try {
    const modules = [
      Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00), // the empty module
      Uint8Array.of(0x00, 0x61, 0x73), // truncated
      Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08), // bad magic
    ];
    const answers = await Promise.allSettled(modules.map((wasm) => pool.compile(input(wasm))));
    for (const [index, answer] of answers.entries()) {
      const expected = direct(input(modules[index]!));
      if (expected instanceof Uint8Array) {
        assert.equal(answer.status, "fulfilled");
        assert.deepEqual(answer.value, expected);
      } else {
        assert.equal(answer.status, "rejected");
        const error = answer.reason as Error;
        assert.equal(error.constructor, expected.constructor);
        assert.equal(error.name, expected.name);
        assert.equal(error.message, expected.message);
        assert.equal((error as CompileError).offset, (expected as CompileError).offset);
      }
    }
    assert.deepEqual(modules[0], Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0), "input kept");
  } finally {
    pool.close();
  }
});

Deno.test("CompilePool queues more compiles than it has workers", async () => {
  const pool = new CompilePool({ size: 2 });
  try {
    const wasm = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
    const answers = await Promise.allSettled(
      Array.from({ length: 7 }, () => pool.compile(input(wasm))),
    );
    const first = answers[0]!;
    for (const answer of answers) {
      assert.equal(answer.status, first.status);
      if (answer.status === "rejected" && first.status === "rejected") {
        assert.equal((answer.reason as Error).message, (first.reason as Error).message);
      }
    }
    assert.equal(pool.size, 2);
  } finally {
    pool.close();
  }
});

Deno.test("CompilePool.close() rejects what is still queued", async () => {
  const pool = new CompilePool({ size: 1 });
  const pending = pool.compile(input(Uint8Array.of(0)));
  pool.close();
  await assert.rejects(pending, /compile pool closed/);
  await assert.rejects(pool.compile(input(Uint8Array.of(0))), /compile pool closed/);
});

Deno.test("reviveError() keeps the class, message and fields of engine errors", () => {
  const original = new ValidationError("type mismatch", { offset: 17, funcIdx: 3, detail: "x" });
  const revived = reviveError(structuredClone(serializeError(original)));
  assert.ok(revived instanceof ValidationError && revived instanceof CompileError);
  assert.equal(revived.message, original.message);
  assert.equal(revived.name, "ValidationError");
  assert.deepEqual([revived.offset, revived.funcIdx, revived.reason], [17, 3, "type mismatch"]);
  assert.equal(revived.instruction, undefined);
  const decode = reviveError(serializeError(new DecodeError("unexpected end", { offset: 4 })));
  assert.ok(decode instanceof DecodeError);
  const odd = reviveError(serializeError("not an error"));
  assert.equal(odd.message, "not an error");
});
