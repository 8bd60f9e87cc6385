/**
 * Test helpers of the cache tests: inputs, computes, warnings and a fault-injecting fs layer.
 *
 * @module
 */

import { DEFAULT_SETTINGS, hostTarget } from "../../settings.ts";
import type { CompileInput } from "../../settings.ts";
import { denoFs } from "../_fs.ts";
import type { CacheFs } from "../_fs.ts";
import { canonicalEncode } from "../key.ts";

/** A small input whose wasm bytes are derived from `seed`. */
export function sampleInput(seed: number, size = 64, engine = "ingot-test"): CompileInput {
  const wasm = new Uint8Array(size);
  for (let index = 0; index < size; index++) wasm[index] = (seed * 31 + index * 7) & 0xff;
  return { wasm, settings: DEFAULT_SETTINGS, target: hostTarget(), engine };
}

/** A compute that is a deterministic function of the whole input: its canonical encoding. */
export function encodingCompute(input: CompileInput): Uint8Array {
  return canonicalEncode(input);
}

/** A compute that must not run: proves a load was a hit. */
export function throwingCompute(): never {
  throw new Error("compute ran, but the load should have been a hit");
}

/** A list that collects warnings, and the function that adds to it. */
export function warnings(): { list: string[]; warn: (message: string) => void } {
  const list: string[] = [];
  return { list, warn: (message) => void list.push(message) };
}

/** A temporary folder, removed by `using` at the end of the scope. */
export function tempDir(): { path: string; [Symbol.dispose](): void } {
  const path = Deno.makeTempDirSync({ prefix: "ingot-cache-test-" });
  return {
    path,
    [Symbol.dispose]: () => {
      Deno.chmodSync(path, 0o755);
      Deno.removeSync(path, { recursive: true });
    },
  };
}

/** The real fs layer with some operations replaced. */
export function faultyFs(overrides: Partial<CacheFs>): CacheFs {
  return { ...denoFs, ...overrides };
}

/** An error as a full disk gives it. */
export function diskFull(): Error {
  return Object.assign(new Error("No space left on device (os error 28)"), { code: "ENOSPC" });
}

/** The entry files (not temporaries) under `dir`, as paths relative to it. */
export function entryFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string, relative: string) => {
    for (const entry of Deno.readDirSync(folder)) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory && !entry.name.startsWith(".")) walk(`${folder}/${entry.name}`, path);
      else if (entry.isFile && !entry.name.startsWith(".")) out.push(path);
    }
  };
  walk(dir, "");
  return out.sort();
}
