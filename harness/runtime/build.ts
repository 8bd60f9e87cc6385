/**
 * Builds the C runtime once per source change: every `.c` file of this folder is compiled
 * with `cc -std=c11 -Wall -Wextra -Werror -O2` into a cache folder under the system temp
 * directory, keyed by the SHA-256 of the sources and the flags. A build is written to a fresh
 * folder and renamed into place, so concurrent test processes never see half a build.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Flags every runtime file is compiled with. */
export const RUNTIME_CFLAGS: readonly string[] = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2"];

/** Libraries a program linking the runtime needs, after the objects. */
export const RUNTIME_LIBS: readonly string[] = ["-lm", "-pthread"];

/** The built runtime. */
export interface RuntimeBuild {
  /** The runtime's objects (without the driver). */
  readonly objects: readonly string[];
  /** The conformance driver's object (it needs a module list, see `driverModuleList`). */
  readonly driverObject: string;
  /** The folder holding `ingot.h` and `ingot_abi.h`. */
  readonly includeDir: string;
  /** Link flags to append after the objects. */
  readonly libs: readonly string[];
}

/** Thrown when `cc` fails on the runtime or on a program being linked with it. */
export class CcError extends Error {
  constructor(readonly args: readonly string[], readonly stderr: string) {
    super(`cc ${args.join(" ")} failed:\n${stderr}`);
    this.name = "CcError";
  }
}

const SOURCE_DIR = new URL(".", import.meta.url).pathname;

/** The conformance driver, apart from the runtime so that `harness/runtime/*.c` is the runtime. */
const DRIVER_SOURCE = join(SOURCE_DIR, "driver", "driver.c");

/** Runs `cc` with `args`; throws `CcError` on failure. */
export async function runCc(args: readonly string[]): Promise<void> {
  const result = await new Deno.Command("cc", { args: [...args], stderr: "piped" }).output();
  if (!result.success) throw new CcError(args, new TextDecoder().decode(result.stderr));
}

function runtimeSources(): string[] {
  return [...Deno.readDirSync(SOURCE_DIR)]
    .filter((entry) => entry.isFile && /\.(c|h)$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function sourceHash(names: readonly string[]): string {
  const hash = createHash("sha256");
  hash.update(RUNTIME_CFLAGS.join(" "));
  for (const name of names) {
    hash.update(`\0${name}\0`);
    hash.update(Deno.readFileSync(join(SOURCE_DIR, name)));
  }
  hash.update("\0driver\0");
  hash.update(Deno.readFileSync(DRIVER_SOURCE));
  return hash.digest("hex").slice(0, 16);
}

function describe(dir: string, cFiles: readonly string[]): RuntimeBuild {
  const object = (name: string) => join(dir, name.replace(/\.c$/, ".o"));
  return {
    objects: cFiles.map(object),
    driverObject: join(dir, "driver.o"),
    includeDir: SOURCE_DIR,
    libs: RUNTIME_LIBS,
  };
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles the runtime (or reuses the cached build of the same sources).
 *
 * @throws {CcError} when a runtime file does not compile warning-free.
 */
export async function buildRuntime(): Promise<RuntimeBuild> {
  const names = runtimeSources();
  const cFiles = names.filter((name) => name.endsWith(".c"));
  const dir = join(tmpdir(), `ingot-runtime-${sourceHash(names)}`);
  if (exists(join(dir, "done"))) return describe(dir, cFiles);
  const staging = Deno.makeTempDirSync({ prefix: "ingot-runtime-build-" });
  const built = describe(staging, cFiles);
  await Promise.all([
    ...cFiles.map((name) => {
      const output = join(staging, name.replace(/\.c$/, ".o"));
      return runCc([...RUNTIME_CFLAGS, "-c", join(SOURCE_DIR, name), "-o", output]);
    }),
    runCc([...RUNTIME_CFLAGS, `-I${SOURCE_DIR}`, "-c", DRIVER_SOURCE, "-o", built.driverObject]),
  ]);
  Deno.writeTextFileSync(join(staging, "done"), `${built.objects.length}\n`);
  try {
    Deno.renameSync(staging, dir);
  } catch {
    Deno.removeSync(staging, { recursive: true }); // another process won the race
  }
  return describe(dir, cFiles);
}

/**
 * The C source of the descriptor list the driver links against, for modules whose
 * descriptors are the symbols `descriptorSymbols` (each `<prefix>module`), in order.
 */
export function driverModuleList(descriptorSymbols: readonly string[]): string {
  const lines = ['#include "ingot_abi.h"', ""];
  for (const symbol of descriptorSymbols) {
    lines.push(`extern const struct ingot_module_desc ${symbol};`);
  }
  const refs = descriptorSymbols.map((symbol) => `&${symbol}`).join(", ");
  lines.push(
    "",
    `const struct ingot_module_desc *const ingot_driver_modules[] = {${refs === "" ? "0" : refs}};`,
    `const unsigned ingot_driver_module_count = ${descriptorSymbols.length};`,
    "",
  );
  return lines.join("\n");
}
