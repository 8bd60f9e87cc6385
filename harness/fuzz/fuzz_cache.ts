/**
 * The long runs behind `deno task fuzz`: replay the corpus, run each cache property for a
 * number of runs or seconds with a progress line, and on failure print the report and save the
 * shrunk counterexample to the corpus; or print the mutant table.
 *
 * @module
 */

import fc from "fast-check";
import type { CompileInput } from "../../engine/settings.ts";
import { type CompileChoice, defaultCompile } from "./compilers.ts";
import { CORPUS_DIR, loadCase, loadCorpus, replayCorpus, saveCase } from "./corpus.ts";
import { formatMutantTable, mutantTable } from "./mutants.ts";
import {
  CacheMismatch,
  cacheProperty,
  checkCase,
  PROPERTY_NAMES,
  type PropertyContext,
  type PropertyName,
} from "./properties.ts";
import { describeFailure, modulesText } from "./report.ts";

/** Runs per property when neither runs nor seconds are given. */
export const DEFAULT_RUNS = 1000;

/** Options of `fuzzCache` and `fuzzMutants`. */
export interface FuzzOptions {
  /** Runs per property (default `DEFAULT_RUNS`, or unbounded when `seconds` is given). */
  readonly runs?: number;
  /** Time for all properties together, split evenly. */
  readonly seconds?: number;
  readonly seed: number;
  /** The properties to run (default: all). */
  readonly only?: readonly PropertyName[];
  /** Where counterexamples are saved and replayed from (default `CORPUS_DIR`). */
  readonly corpusDir?: string;
  /** The compile (default: the real one with the stand-in fallback). */
  readonly compile?: CompileChoice;
  /** The cache key (default `cacheKey`); tests pass a broken one to see failures. */
  readonly key?: (input: CompileInput) => string;
  /** Output lines. */
  readonly log: (line: string) => void;
  /** The progress line, rewritten in place. */
  readonly progress: (line: string) => void;
}

function keyOf(options: FuzzOptions): Pick<PropertyContext, "key"> {
  return options.key === undefined ? {} : { key: options.key };
}

async function withRoot<T>(body: (root: string) => Promise<T>): Promise<T> {
  const root = await Deno.makeTempDir({ prefix: "ingot-fuzz-" });
  try {
    return await body(root);
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
}

/** Calls `show(elapsed seconds)` every second until the returned function is called. */
function ticker(show: (seconds: number) => void): () => void {
  const started = performance.now();
  const timer = setInterval(() => show((performance.now() - started) / 1000), 1000);
  return () => {
    clearInterval(timer);
    show((performance.now() - started) / 1000);
  };
}

async function runOne(
  name: PropertyName,
  ctx: PropertyContext,
  options: FuzzOptions,
  choice: CompileChoice,
): Promise<boolean> {
  let runs = 0;
  const stop = ticker((seconds) =>
    options.progress(
      `fuzz: ${name}: ${runs} runs, ${(runs / Math.max(seconds, 0.001)).toFixed(0)}/s`,
    )
  );
  const share = options.seconds === undefined
    ? undefined
    : (options.seconds * 1000) / (options.only ?? PROPERTY_NAMES).length;
  const details = await fc.check(cacheProperty(name, ctx, () => runs++), {
    seed: options.seed,
    numRuns: options.runs ?? (share === undefined ? DEFAULT_RUNS : Number.MAX_SAFE_INTEGER),
    ...(share === undefined
      ? {}
      : { interruptAfterTimeLimit: share, markInterruptAsFailure: false }),
  });
  stop();
  if (!details.failed) {
    options.log(`fuzz: ${name}: ${details.numRuns} runs passed (seed ${options.seed})`);
    return true;
  }
  const error = details.errorInstance;
  const report = await describeFailure({
    property: name,
    seed: details.seed,
    runs: details.numRuns,
    path: details.counterexamplePath ?? undefined,
    compile: choice.describe(),
  }, error);
  const wat = error instanceof CacheMismatch ? await modulesText(error) : "";
  const file = saveCase(options.corpusDir ?? CORPUS_DIR, {
    property: name,
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
    value: details.counterexample?.[0],
    report,
  }, wat);
  options.log(`${report}\nsaved to ${file}`);
  return false;
}

/**
 * Replays the corpus, then runs the cache properties. Returns whether everything passed.
 */
export async function fuzzCache(options: FuzzOptions): Promise<boolean> {
  const choice = options.compile ?? await defaultCompile();
  return await withRoot(async (root) => {
    const ctx: PropertyContext = { ...keyOf(options), compile: choice.compile, root };
    const corpusDir = options.corpusDir ?? CORPUS_DIR;
    const failures = await replayCorpus(corpusDir, ctx);
    for (const { file, error } of failures) {
      options.log(
        `FAILED: corpus case ${file} fails again:\n${
          error instanceof Error ? error.message : error
        }`,
      );
    }
    options.log(`fuzz: corpus: ${failures.length} of the saved cases fail (${corpusDir})`);
    let passed = failures.length === 0;
    for (const name of options.only ?? PROPERTY_NAMES) {
      passed = await runOne(name, ctx, options, choice) && passed;
    }
    options.log(`fuzz: ${choice.describe()}`);
    return passed;
  });
}

/** Prints the mutant table (stand-in compile, up to 1,000 runs each); whether all were caught. */
export async function fuzzMutants(options: FuzzOptions): Promise<boolean> {
  return await withRoot(async (root) => {
    const rows = await mutantTable({
      root,
      seed: options.seed,
      ...(options.runs === undefined ? {} : { maxRuns: options.runs }),
      onRow: (row) =>
        options.progress(`fuzz: mutants: ${row.field}: ${row.status} (${row.runs} runs)`),
    });
    options.log(formatMutantTable(rows, options.seed));
    return rows.every((row) => row.status === "caught" || row.status === "by construction");
  });
}

/**
 * Replays saved cases one by one (`path`: one case's `.json` file, or a folder of them),
 * printing each failing one's report.
 */
export async function replaySaved(path: string, options: FuzzOptions): Promise<boolean> {
  const choice = options.compile ?? await defaultCompile();
  return await withRoot(async (root) => {
    let passed = true;
    const cases = Deno.statSync(path).isDirectory
      ? loadCorpus(path)
      : [{ file: path, entry: loadCase(path) }];
    for (const { file, entry } of cases) {
      try {
        const ctx = { ...keyOf(options), compile: choice.compile, root };
        await checkCase(entry.property, ctx, entry.value);
        options.log(`fuzz: ${file}: passes`);
      } catch (error) {
        passed = false;
        const run = { property: entry.property, seed: entry.seed, runs: 1, path: entry.path };
        options.log(await describeFailure({ ...run, compile: choice.describe() }, error));
      }
    }
    return passed;
  });
}
