import assert from "node:assert/strict";
import { buildProgram, hexName, runProgram } from "./_c_test_util.ts";
import { testModulesSource } from "./_modules_test_fixture.ts";
import { driverModuleList } from "./build.ts";

const MODULES = ["A_module", "B_module", "TRAP_START_module", "BAD_modules[0]"];

const PROGRAM = buildProgram(
  [testModulesSource(), driverModuleList(MODULES)],
  { driver: true },
);

function request(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join("");
}

Deno.test("the driver answers one line per request", async () => {
  const stdin = request([
    "instantiate 0 a",
    `register a ${hexName("A")}`,
    `invoke a ${hexName("add")} i32:2 i32:fffffffe`,
    `invoke a ${hexName("div")} i32:1 i32:0`,
    `invoke a ${hexName("recurse")} i32:0`,
    `get a ${hexName("g_mut")}`,
    `get a ${hexName("g_ref")}`,
    `get a ${hexName("nothing")}`,
    `invoke a ${hexName("we\0ird")} i32:1 i32:2`,
    `invoke a ${hexName("add")} i32:1`,
    `invoke a ${hexName("add")} i64:1 i32:1`,
    "instantiate 1 b",
    `invoke b ${hexName("size")}`,
    "instantiate 2 t",
    "instantiate 3 u",
    "instantiate 9 v",
    `invoke t ${hexName("size")}`,
    "frobnicate",
    "",
    "quit",
    "instantiate 0 never",
  ]);
  const result = await runProgram(await PROGRAM, stdin);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.split("\n"), [
    "ok",
    "ok",
    "ok i32:00000000",
    "trap integer divide by zero",
    "trap call stack exhausted",
    "ok i32:0000002a",
    "ok funcref:nonnull",
    "error other no such global export",
    "ok i32:00000003",
    "error other expected 2 arguments",
    "error other bad argument 0",
    "ok",
    "ok i32:00000001",
    "error trap unreachable (start function)",
    'error unlinkable unknown import: "spectest"."nothing"',
    "error other bad instantiate request",
    "error other no such function export",
    "error other unknown request frobnicate",
    "error other empty request",
    "",
  ]);
});
