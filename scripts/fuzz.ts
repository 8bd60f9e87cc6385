/**
 * `deno task fuzz`: the long runs of the engine's properties.
 *
 * - cache-key soundness (harness/fuzz/, DESIGN.md "Fuzzing the cache key"): first the saved
 *   counterexamples of `harness/fuzz/corpus/` are replayed, then the properties determinism,
 *   soundness, faults and nothing-more run over generated valid modules and every setting,
 *   target and engine identity. A failure prints the seed, the shrunk module as `.wat`, both
 *   inputs' settings and where the bytes differ, and is saved to the corpus.
 * - decoder mutation fuzzing: mutated and truncated valid modules never make the front end
 *   throw anything but its own compile errors (issue 3: 100,000 cases by default).
 * - `--mutants`: the mutant table instead: for each field of the input, the runs the soundness
 *   property needs to catch a key that leaves the field out (at most 1,000).
 *
 * Usage: `deno task fuzz [--runs N] [--seconds S] [--seed X] [--only NAME,...] [--mutants]
 * [--replay FILE_OR_DIR] [--corpus DIR]`, where NAME is decoder, determinism, soundness, faults
 * or nothing-more. `--runs` is per property (default 1,000 per cache property, 100,000 decoder
 * cases); `--seconds` bounds the whole run instead. `--replay` runs saved counterexamples
 * only; `--corpus` saves and replays them in another folder than `harness/fuzz/corpus/`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { checkMutations } from "../engine/wasm/mutation_fuzz.ts";
import {
  fuzzCache,
  fuzzMutants,
  type FuzzOptions,
  replaySaved,
} from "../harness/fuzz/fuzz_cache.ts";
import { PROPERTY_NAMES, type PropertyName } from "../harness/fuzz/properties.ts";

const DECODER_RUNS = 100_000;
const NAMES = ["decoder", ...PROPERTY_NAMES] as const;

function fail(message: string): never {
  console.error(`fuzz: ${message}`);
  Deno.exit(2);
}

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) fail(`Cannot use --${flag} ${text}`);
  return value;
}

/** A progress line: rewritten in place on a terminal, else printed every 10 seconds. */
function progressLine(): (line: string) => void {
  if (Deno.stderr.isTerminal()) {
    const encoder = new TextEncoder();
    return (line) => Deno.stderr.writeSync(encoder.encode(`\r\x1b[K${line}`));
  }
  let last = 0;
  return (line) => {
    if (performance.now() - last < 10_000) return;
    last = performance.now();
    console.error(line);
  };
}

/** Decoder mutation fuzzing; with only a time budget, its runs are calibrated on 200 cases. */
function fuzzDecoder(runs: number | undefined, seconds: number | undefined, seed: number): boolean {
  let numRuns = runs ?? DECODER_RUNS;
  if (runs === undefined && seconds !== undefined) {
    const started = performance.now();
    checkMutations({ numRuns: 200, seed });
    const perRun = (performance.now() - started) / 200;
    numRuns = Math.max(200, Math.floor((seconds * 1000) / perRun));
  }
  console.log(`fuzz: decoder mutations, ${numRuns} runs, seed ${seed}`);
  const started = performance.now();
  try {
    checkMutations({ numRuns, seed });
  } catch (error) {
    console.log(`FAILED: decoder mutations\n${error instanceof Error ? error.message : error}`);
    return false;
  }
  const elapsed = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: decoder: ${numRuns} runs passed in ${elapsed} s`);
  return true;
}

const USAGE = "usage: deno task fuzz [--runs N] [--seconds S] [--seed X] [--only LIST] " +
  "[--mutants] [--replay FILE] [--corpus DIR]";

function parseFuzzArgs(args: string[]) {
  try {
    return parseFuzzArgsOrThrow(args);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    Deno.exit(2);
  }
}

function parseFuzzArgsOrThrow(args: string[]) {
  return parseArgs({
    args,
    options: {
      runs: { type: "string" },
      seconds: { type: "string" },
      seed: { type: "string" },
      only: { type: "string" },
      mutants: { type: "boolean" },
      replay: { type: "string" },
      corpus: { type: "string" },
    },
  });
}

async function main(): Promise<boolean> {
  const { values } = parseFuzzArgs(Deno.args);
  const runs = count(values.runs, "runs");
  const seconds = count(values.seconds, "seconds");
  const seed = count(values.seed, "seed") ?? Date.now() % 2 ** 31;
  const only = values.only?.split(",").map((name) => name.trim()) ?? [...NAMES];
  for (const name of only) {
    if (!(NAMES as readonly string[]).includes(name)) {
      fail(`unknown property ${name}: expected ${NAMES}`);
    }
  }
  const cacheNames = only.filter((name) => name !== "decoder") as PropertyName[];
  const options: FuzzOptions = {
    seed,
    only: cacheNames,
    ...(runs === undefined ? {} : { runs }),
    ...(seconds === undefined ? {} : { seconds: seconds * cacheNames.length / only.length }),
    ...(values.corpus === undefined ? {} : { corpusDir: values.corpus }),
    log: (line) => console.log(line),
    progress: progressLine(),
  };
  console.log(`fuzz: seed ${seed}`);
  if (values.mutants) return await fuzzMutants(options);
  if (values.replay !== undefined) return await replaySaved(values.replay, options);
  let passed = cacheNames.length === 0 || await fuzzCache(options);
  if (only.includes("decoder")) {
    passed = fuzzDecoder(runs, seconds === undefined ? undefined : seconds / only.length, seed) &&
      passed;
  }
  return passed;
}

if (import.meta.main) {
  const passed = await main();
  console.log(passed ? "fuzz: all passed" : "fuzz: FAILED");
  Deno.exit(passed ? 0 : 1);
}
