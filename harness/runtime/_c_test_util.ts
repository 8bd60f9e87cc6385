/**
 * Helpers of the runtime's tests: vmctx layout macros for hand-written C modules, and
 * building and running a C program linked with the runtime.
 *
 * @module
 */

import { join } from "node:path";
import { type VmctxCounts, vmctxLayout } from "../../engine/abi/mod.ts";
import { buildRuntime, runCc } from "./build.ts";

/** What a finished test program did. */
export interface RunResult {
  readonly code: number;
  readonly signal: Deno.Signal | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `#define`s giving a hand-written module `name` the vmctx layout `vmctxLayout` computes for
 * `counts`, plus `<name>_LAYOUT`, the descriptor's layout fields as designated initialisers.
 */
export function layoutDefines(name: string, counts: VmctxCounts): string {
  const layout = vmctxLayout(counts);
  return [
    `#define ${name}_VMCTX_SIZE ${layout.size}u`,
    `#define ${name}_OFF_FUNC_REFS ${layout.funcRefs}u`,
    `#define ${name}_OFF_TABLES ${layout.tables}u`,
    `#define ${name}_OFF_GLOBAL_PTRS ${layout.globalPtrs}u`,
    `#define ${name}_OFF_TYPE_IDS ${layout.typeIds}u`,
    `#define ${name}_OFF_GLOBALS ${layout.globals}u`,
    `#define ${name}_OFF_FUNC_RECORDS ${layout.funcRecords}u`,
    `#define ${name}_LAYOUT .vmctx_size = ${name}_VMCTX_SIZE, ` +
    `.off_func_refs = ${name}_OFF_FUNC_REFS, .off_tables = ${name}_OFF_TABLES, ` +
    `.off_global_ptrs = ${name}_OFF_GLOBAL_PTRS, .off_type_ids = ${name}_OFF_TYPE_IDS, ` +
    `.off_globals = ${name}_OFF_GLOBALS, .off_func_records = ${name}_OFF_FUNC_RECORDS`,
    "",
  ].join("\n");
}

/** Compiles `sources` (C text, or paths of objects) with the runtime and returns the binary. */
export async function buildProgram(
  sources: readonly (string | { readonly object: string })[],
  options: { readonly driver?: boolean; readonly cflags?: readonly string[] } = {},
): Promise<string> {
  const runtime = await buildRuntime();
  const dir = Deno.makeTempDirSync({ prefix: "ingot-runtime-test-" });
  const inputs: string[] = [];
  sources.forEach((source, index) => {
    if (typeof source !== "string") {
      inputs.push(source.object);
      return;
    }
    const path = join(dir, `test_${index}.c`);
    Deno.writeTextFileSync(path, source);
    inputs.push(path);
  });
  const program = join(dir, "program");
  const driver = options.driver === true ? [runtime.driverObject] : [];
  await runCc([
    "-std=c11",
    "-Wall",
    "-Wextra",
    "-Werror",
    ...(options.cflags ?? ["-O1"]),
    "-I",
    runtime.includeDir,
    ...inputs,
    ...driver,
    ...runtime.objects,
    "-o",
    program,
    ...runtime.libs,
  ]);
  return program;
}

/** Runs `program`, feeding it `stdin`. */
export async function runProgram(program: string, stdin = ""): Promise<RunResult> {
  const child = new Deno.Command(program, {
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    signal: output.signal,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Hex-encodes a name for the driver protocol. */
export function hexName(name: string): string {
  return [...new TextEncoder().encode(name)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
