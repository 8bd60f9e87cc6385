/**
 * Damage done to cache entries between two loads, as a crash, a bad disk or another process
 * would do it: truncation, a flipped bit, two entries swapped, an entry of another engine
 * version renamed into place, an entry of another format version, and a half-written entry next
 * to an interrupted writer's temporary file.
 *
 * @module
 */

import fc from "fast-check";
import { join } from "node:path";
import { CACHE_FORMAT_VERSION } from "../../engine/cache/mod.ts";

/** One kind of damage; positions are fractions of the entry's length. */
export type Fault =
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "flip"; readonly bit: number }
  | { readonly kind: "swap" }
  | { readonly kind: "stale-engine" }
  | { readonly kind: "stale-format"; readonly version: number }
  | { readonly kind: "half-written"; readonly at: number };

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** Every kind of fault, with its parameters. */
export const arbitraryFault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fraction }),
  fc.record({ kind: fc.constant("flip" as const), bit: fc.nat() }),
  fc.constant({ kind: "swap" as const }),
  fc.constant({ kind: "stale-engine" as const }),
  fc.record({ kind: fc.constant("stale-format" as const), version: fc.nat(0xffff_ffff) }),
  fc.record({ kind: fc.constant("half-written" as const), at: fraction }),
);

/** The entry files under a cache folder (names starting with "." are not entries). */
export function entryFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(folder)];
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory) walk(join(folder, entry.name));
      else if (entry.isFile) out.push(join(folder, entry.name));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Damages `target` (an entry file) as `fault` says; `other` is a second entry for swaps
 * (without one, a swap does nothing). A stale-engine fault is a swap with the entry of the
 * same input under another engine identity (the caller loads that input as the second one).
 */
export function applyFault(fault: Fault, target: string, other: string | undefined): void {
  const bytes = Deno.readFileSync(target);
  switch (fault.kind) {
    case "truncate":
      Deno.writeFileSync(target, bytes.subarray(0, Math.floor(fault.at * bytes.length)));
      return;
    case "flip": {
      const bit = fault.bit % (bytes.length * 8);
      bytes[bit >> 3]! ^= 1 << (bit & 7);
      Deno.writeFileSync(target, bytes);
      return;
    }
    case "swap":
    case "stale-engine":
      if (other === undefined) return;
      Deno.writeFileSync(target, Deno.readFileSync(other));
      Deno.writeFileSync(other, bytes);
      return;
    case "stale-format": {
      const version = fault.version === CACHE_FORMAT_VERSION ? fault.version + 1 : fault.version;
      new DataView(bytes.buffer, bytes.byteOffset).setUint32(8, version, true);
      Deno.writeFileSync(target, bytes);
      return;
    }
    case "half-written": {
      const part = bytes.subarray(0, Math.floor(fault.at * bytes.length));
      Deno.writeFileSync(target, part);
      const name = target.split("/").at(-1);
      Deno.writeFileSync(join(target, "..", `.tmp-${name}-4194304-0badf00d`), part);
    }
  }
}
