/**
 * Test helper: compiles modules through the whole pipeline, links them with the C runtime and
 * its line-protocol driver (harness/runtime/driver/driver.c), and runs requests against them.
 *
 * @module
 */

import { join } from "node:path";
import wabtInit from "wabt";
import { compile } from "../mod.ts";
import { hostTarget, type PartialSettings, resolveSettings } from "../settings.ts";
import { buildRuntime, driverModuleList, runCc } from "../../harness/runtime/mod.ts";

const wabt = await wabtInit();

/** The binary of a text module. */
export function wat(text: string, options: { names?: boolean } = {}): Uint8Array {
  const parsed = wabt.parseWat("t.wat", new TextEncoder().encode(text));
  try {
    if (options.names) parsed.resolveNames();
    return new Uint8Array(parsed.toBinary({ write_debug_names: options.names ?? false }).buffer);
  } finally {
    parsed.destroy();
  }
}

/** Hex of a UTF-8 name, as the driver protocol spells names. */
export function hexName(name: string): string {
  return [...new TextEncoder().encode(name)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A linked test program. */
export interface Program {
  /** Runs the requests (one per line) and returns the answer lines. */
  run(requests: readonly string[]): Promise<string[]>;
  readonly dir: string;
}

/** Compiles and links `modules` (module i gets the prefix `m<i>_`). */
export async function link(
  modules: readonly Uint8Array[],
  settings: PartialSettings = {},
): Promise<Program> {
  const runtime = await buildRuntime();
  const dir = Deno.makeTempDirSync({ prefix: "ingot-compile-test-" });
  const objects = modules.map((wasm, i) => {
    const bytes = compile({
      wasm,
      settings: resolveSettings({ ...settings, symbolPrefix: `m${i}_` }),
      target: hostTarget(),
      engine: "test",
    });
    const path = join(dir, `m${i}.o`);
    Deno.writeFileSync(path, bytes);
    return path;
  });
  const list = join(dir, "list.c");
  Deno.writeTextFileSync(list, driverModuleList(modules.map((_, i) => `m${i}_module`)));
  const program = join(dir, "program");
  await runCc([
    `-I${runtime.includeDir}`,
    "-o",
    program,
    list,
    ...objects,
    runtime.driverObject,
    ...runtime.objects,
    ...runtime.libs,
  ]);
  return {
    dir,
    async run(requests) {
      const child = new Deno.Command(program, { stdin: "piped", stdout: "piped", stderr: "piped" })
        .spawn();
      // Read while writing: the answers may overflow the pipe before all requests are in.
      const stdout = new Response(child.stdout).text();
      const stderr = new Response(child.stderr).text();
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode([...requests, "quit", ""].join("\n")));
      await writer.close();
      const [text, errors, status] = await Promise.all([stdout, stderr, child.status]);
      const lines = text.split("\n").filter((line) => line !== "");
      if (lines.length < requests.length) {
        lines.push(`<crashed: code ${status.code} signal ${status.signal} ${errors.trim()}>`);
      }
      return lines;
    },
  };
}

/** `invoke` request for export `name` of instance `instance`. */
export function invoke(instance: string, name: string, ...values: string[]): string {
  return ["invoke", instance, hexName(name), ...values].join(" ");
}
