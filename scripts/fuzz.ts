/**
 * `deno task fuzz`: the long runs of the engine's properties.
 *
 * - decoder mutation fuzzing: mutated and truncated valid modules never make the front end
 *   throw anything but its own compile errors (issue 3: 100,000 cases by default).
 *
 * Usage: `deno task fuzz [--runs N] [--seed X]`
 *
 * @module
 */

import { parseArgs } from "node:util";
import { checkMutations } from "../engine/wasm/mutation_fuzz.ts";

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "100000" },
      seed: { type: "string" },
    },
  });
  const numRuns = Number(values.runs);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  console.log(`fuzz: decoder mutations, ${numRuns} runs, seed ${seed}`);
  const started = performance.now();
  checkMutations({ numRuns, seed });
  console.log(`fuzz: ${numRuns} runs passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
