/**
 * The decoder's and validator's robustness property: any mutation of a valid module (bit
 * flips, byte insertions and deletions, truncations, stretched LEB128s) either decodes and
 * validates, or fails with a `CompileError` subclass: never another error, never a hang.
 *
 * Seeds are the modules in `testdata/` (valid modules of the spec suite) and generated
 * well-formed modules (`_arbitrary.ts`).
 *
 * @module
 */

import fc from "fast-check";
import { CompileError } from "../errors.ts";
import { arbitraryModule } from "./_arbitrary.ts";
import { encodeModule } from "./_encode.ts";
import { decodeModule } from "./decode.ts";
import { validateModule } from "./validate.ts";

/** Options of {@linkcode checkMutations}. */
export interface MutationOptions {
  readonly numRuns: number;
  readonly seed?: number;
  /** A case slower than this (ms) counts as a hang; default 2000. */
  readonly timeLimitMs?: number;
}

/** One edit of a module's bytes; positions are fractions of the length. */
type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly bit: number }
  | { readonly kind: "insert"; readonly at: number; readonly byte: number }
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "stretch"; readonly at: number };

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: position, bit: fc.nat(7) }),
  fc.record({ kind: fc.constant("insert" as const), at: position, byte: fc.nat(255) }),
  fc.record({ kind: fc.constant("delete" as const), at: position }),
  fc.record({ kind: fc.constant("truncate" as const), at: position }),
  fc.record({ kind: fc.constant("stretch" as const), at: position }),
);

/** Applies `edit`; `stretch` re-encodes the byte at `at` as a two-byte LEB128 if it ends one. */
function mutate(bytes: Uint8Array, edit: Mutation): Uint8Array {
  const at = Math.floor(edit.at * bytes.length);
  const b = bytes[at] ?? 0;
  const before = bytes.subarray(0, at);
  const after = bytes.subarray(at + 1);
  switch (edit.kind) {
    case "flip":
      return Uint8Array.from([...before, b ^ (1 << edit.bit), ...after]);
    case "insert":
      return Uint8Array.from([...before, edit.byte, b, ...after].slice(0, bytes.length + 1));
    case "delete":
      return Uint8Array.from([...before, ...after]);
    case "truncate":
      return bytes.slice(0, at);
    case "stretch":
      if (b >= 0x80) return bytes;
      return Uint8Array.from([...before, b | 0x80, b & 0x40 ? 0x7f : 0x00, ...after]);
  }
}

/** The valid seed modules in `testdata/`. */
function corpus(): Uint8Array[] {
  const folder = new URL("./testdata/", import.meta.url);
  return [...Deno.readDirSync(folder)]
    .filter((entry) => entry.name.endsWith(".wasm"))
    .sort((left, right) => left.name.localeCompare(right.name))
    .map((entry) => Deno.readFileSync(new URL(entry.name, folder)));
}

function decodeAndValidate(bytes: Uint8Array, timeLimitMs: number): void {
  const start = performance.now();
  try {
    validateModule(decodeModule(bytes));
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
  }
  const elapsed = performance.now() - start;
  if (elapsed > timeLimitMs) {
    throw new Error(`Decode and validate took ${elapsed.toFixed(0)} ms on ${bytes.length} bytes`);
  }
}

/**
 * Checks the property on `numRuns` mutated modules. On failure fast-check throws with the
 * seed and path that reproduce the case.
 *
 * @throws {Error} when a mutant crashes the front end with a non-`CompileError` or hangs.
 */
export function checkMutations(options: MutationOptions): void {
  const seeds = corpus();
  const timeLimitMs = options.timeLimitMs ?? 2000;
  const seedModule = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...seeds) },
    { weight: 1, arbitrary: arbitraryModule.map(encodeModule) },
  );
  const property = fc.property(
    seedModule,
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
    (bytes, edits) => decodeAndValidate(edits.reduce(mutate, bytes), timeLimitMs),
  );
  const parameters: fc.Parameters<[Uint8Array, Mutation[]]> = { numRuns: options.numRuns };
  fc.assert(
    property,
    options.seed === undefined ? parameters : { ...parameters, seed: options.seed },
  );
}
