/**
 * Mutation power of the soundness property (Ingot DESIGN.md "Fuzzing the cache key", property
 * 3): for every leaf of `CompileInput` (the module, the engine identity, every leaf of the
 * settings and the target, found by walking the input, so new fields are covered), a mutant key
 * that leaves that leaf out. The soundness property must catch each mutant (serve wrong bytes
 * and fail) within a bounded number of runs; the table records how many runs it took.
 *
 * The mutants run against the stand-in compile, which reads every field: the table measures the
 * property and its generators, not which fields today's compiler happens to read.
 *
 * One mutant cannot serve wrong bytes by construction: the key without `engine`. The cache
 * keeps one folder per engine identity and checks the identity in every entry's header, so two
 * inputs that differ only in `engine` never meet. The table lists it as "by construction" after
 * checking that the property indeed holds against it.
 *
 * @module
 */

import fc from "fast-check";
import { createHash } from "node:crypto";
import { canonicalEncode } from "../../engine/cache/mod.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { inputSchema, type LeafPath, leafPaths, withLeaf } from "./arbitrary_input.ts";
import { type CompileFn, standInCompile } from "./compilers.ts";
import { cacheProperty } from "./properties.ts";

/** Leaves whose mutant the cache's layout defeats, with the reason. */
export const CAUGHT_BY_CONSTRUCTION: Readonly<Record<string, string>> = {
  engine: "per-engine cache folder, and the engine identity in every entry header",
};

/** The most runs a mutant may survive (DESIGN.md: "a bounded number of runs"). */
export const MAX_RUNS_TO_DETECTION = 1000;

/** A key like `cacheKey` that leaves out the leaf at `path`. */
export function mutantKey(path: LeafPath): (input: CompileInput) => string {
  return (input) => {
    const partial = withLeaf(input, path, undefined);
    return createHash("sha256").update(canonicalEncode(partial)).digest("hex");
  };
}

/** One row of the mutant table. */
export interface MutantRow {
  /** The leaf the mutant key leaves out, such as `settings.features.simd`. */
  readonly field: string;
  /**
   * `caught`: the property failed after `runs` runs; `survived`: it did not within the limit
   * (the property is too weak); `by construction`: the cache's layout defeats this mutant, and
   * the property held for `runs` runs; `caught, expected by construction`: it failed anyway
   * (the layout changed: move the field out of CAUGHT_BY_CONSTRUCTION).
   */
  readonly status: "caught" | "survived" | "by construction" | "caught, expected by construction";
  readonly runs: number;
}

/** Options of `mutantTable`. */
export interface MutantOptions {
  /** A folder for the runs' cache folders. */
  readonly root: string;
  readonly seed: number;
  /** Runs before a mutant counts as surviving (default `MAX_RUNS_TO_DETECTION`). */
  readonly maxRuns?: number;
  /** Runs that check a "by construction" row (default `maxRuns`). */
  readonly constructionRuns?: number;
  /** The compile (default: the stand-in, which reads every field). */
  readonly compile?: CompileFn;
  /** Called with each row as it is done. */
  readonly onRow?: (row: MutantRow) => void;
}

/** Runs the soundness property against the mutant of every leaf of the input. */
export async function mutantTable(options: MutantOptions): Promise<MutantRow[]> {
  const maxRuns = options.maxRuns ?? MAX_RUNS_TO_DETECTION;
  const rows: MutantRow[] = [];
  for (const path of leafPaths(inputSchema())) {
    const field = path.join(".");
    const byConstruction = field in CAUGHT_BY_CONSTRUCTION;
    const numRuns = byConstruction ? options.constructionRuns ?? maxRuns : maxRuns;
    const ctx = {
      compile: options.compile ?? standInCompile,
      key: mutantKey(path),
      root: options.root,
    };
    const details = await fc.check(cacheProperty("soundness", ctx), {
      numRuns,
      seed: options.seed,
      endOnFailure: true,
    });
    const status = details.failed
      ? byConstruction ? "caught, expected by construction" : "caught"
      : byConstruction
      ? "by construction"
      : "survived";
    const row = { field, status, runs: details.numRuns } as const;
    rows.push(row);
    options.onRow?.(row);
  }
  return rows;
}

/** The table as text: one line per field, with runs to detection. */
export function formatMutantTable(rows: readonly MutantRow[], seed: number): string {
  const width = Math.max(5, ...rows.map((row) => row.field.length));
  const lines = [
    `mutant keys (each leaves out one field), soundness property, seed ${seed}`,
    `${"field".padEnd(width)}  runs to detection`,
    `${"-".repeat(width)}  -----------------`,
  ];
  for (const row of rows) {
    const what = row.status === "caught"
      ? String(row.runs)
      : row.status === "survived"
      ? `SURVIVED ${row.runs} runs`
      : row.status === "by construction"
      ? `caught by construction (${CAUGHT_BY_CONSTRUCTION[row.field]}; held ${row.runs} runs)`
      : `${row.runs} (listed as by construction: update CAUGHT_BY_CONSTRUCTION)`;
    lines.push(`${row.field.padEnd(width)}  ${what}`);
  }
  return `${lines.join("\n")}\n`;
}
