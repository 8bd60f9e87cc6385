/**
 * `ingot`: the command line.
 *
 * ```
 * ingot compile IN.wasm -o OUT.o [settings flags] [--cache-dir D] [--no-cache]
 * ingot cache stats|clear|gc|verify [--cache-dir D] [--max-bytes N]
 * ingot inspect OUT.o
 * ```
 *
 * Compiles go through the cache and the permission-less worker pool. Errors print one line
 * (`ingot: ...`) and exit with 1.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { CompileError, InternalError } from "../../engine/errors.ts";
import { type CompileInput, hostTarget } from "../../engine/settings.ts";
import { Cache, DEFAULT_MAX_BYTES } from "../../engine/cache/mod.ts";
import { ENGINE_VERSION } from "../../engine/engine_id.ts";
import { ElfReadError } from "../../engine/obj/mod.ts";
import { InspectError, inspectObject } from "../inspect/mod.ts";
import { cachedCompile, CompilePool } from "../pool/mod.ts";
import { defaultCacheDir, parseSettingsFlags, UsageError } from "./settings_flags.ts";

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = `usage:
  ingot compile IN.wasm -o OUT.o [-O N] [--bounds-checks explicit|guard-pages]
        [--features LIST] [--no-<feature>] [--cpu-features LIST] [--nan-canonicalization]
        [--symbol-prefix P] [--debug-names] [--cache-dir D] [--no-cache]
  ingot cache stats|clear|gc|verify [--cache-dir D] [--max-bytes N]
  ingot inspect OUT.o`;

async function compileCommand(args: string[], io: CliIo): Promise<void> {
  const parsed = parseSettingsFlags(args, { output: { type: "string", short: "o" } });
  const [file, ...rest] = parsed.positionals;
  const output = parsed.values["output"];
  if (file === undefined || rest.length > 0 || typeof output !== "string") {
    throw new UsageError("expected: ingot compile IN.wasm -o OUT.o (see ingot help)");
  }
  const wasm = await Deno.readFile(file);
  const input: CompileInput = {
    wasm,
    settings: parsed.settings,
    target: hostTarget(),
    engine: ENGINE_VERSION,
  };
  const pool = new CompilePool({ size: 1 });
  const cache = parsed.run.noCache ? undefined : new Cache({
    dir: parsed.run.cacheDir ?? defaultCacheDir(),
    warn: (message) => io.err(message),
  });
  try {
    const outcome = await cachedCompile(input, { pool, cache });
    if (outcome.rejection !== undefined) throw outcome.rejection;
    const object = outcome.object!;
    await Deno.writeFile(output, object);
    if (parsed.run.verbose) io.err(`${file}: wrote ${object.length} bytes to ${output}`);
  } catch (error) {
    if (error instanceof CompileError) {
      throw new UsageError(`${file}: ${error.name}: ${error.message}`);
    }
    throw error;
  } finally {
    pool.close();
    await cache?.close();
  }
}

async function cacheCommand(args: string[], io: CliIo): Promise<void> {
  const options = { "cache-dir": { type: "string" }, "max-bytes": { type: "string" } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (rest.length > 0 || !["stats", "clear", "gc", "verify"].includes(action ?? "")) {
    throw new UsageError("expected: ingot cache stats|clear|gc|verify (see ingot help)");
  }
  const maxBytes = values["max-bytes"] === undefined
    ? DEFAULT_MAX_BYTES
    : Number(values["max-bytes"]);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new UsageError(`Cannot use --max-bytes ${values["max-bytes"]}`);
  }
  const dir = values["cache-dir"] ?? defaultCacheDir();
  const cache = new Cache({ dir, maxBytes, warn: (message) => io.err(message) });
  try {
    if (action === "clear") await cache.clear();
    if (action === "gc") {
      const report = await cache.gc();
      io.out(`evicted ${report.evicted} entries (${report.evictedBytes} bytes)`);
    }
    if (action === "verify") {
      const report = await cache.verify();
      for (const { path, fault } of report.damaged) io.out(`removed ${path}: ${fault}`);
      io.out(`checked ${report.checked} entries, ${report.damaged.length} damaged`);
      if (report.failures > 0) throw new UsageError(`could not remove ${report.failures} entries`);
    }
    if (action === "stats") {
      const stats = await cache.stats();
      io.out(`cache folder: ${dir}`);
      for (const [name, value] of Object.entries(stats)) io.out(`${name}: ${value}`);
    }
  } finally {
    await cache.close();
  }
}

/** `ingot inspect OUT.o`: prints the object's golden dump (harness/inspect). */
async function inspectCommand(args: string[], io: CliIo): Promise<void> {
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0) {
    throw new UsageError("expected: ingot inspect OUT.o (see ingot help)");
  }
  const bytes = await Deno.readFile(file);
  try {
    io.out(inspectObject(bytes).trimEnd());
  } catch (error) {
    if (error instanceof ElfReadError || error instanceof InspectError) {
      throw new UsageError(`${file}: ${error.name}: ${error.message}`);
    }
    throw error;
  }
}

/** Runs the CLI on `args`; returns the exit code. */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "compile") await compileCommand(rest, io);
    else if (command === "cache") await cacheCommand(rest, io);
    else if (command === "inspect") await inspectCommand(rest, io);
    else if (command === "help" || command === "--help" || command === "-h") io.out(USAGE);
    else throw new UsageError(`unknown command ${JSON.stringify(command ?? "")} (see ingot help)`);
    return 0;
  } catch (error) {
    io.err(`ingot: ${oneLine(error)}`);
    return 1;
  }
}

function oneLine(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  if (error instanceof InternalError) return `internal error (an Ingot bug): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

if (import.meta.main) {
  const code = await main(Deno.args, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  Deno.exit(code);
}
