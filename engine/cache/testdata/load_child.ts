/**
 * One of several processes that load through one cache folder at once (cache_concurrency_test).
 * Usage: load_child.ts DIR WORKER ROUNDS MAX_BYTES. Prints one JSON line: loads and wrong answers.
 *
 * @module
 */

import { Cache } from "../cache.ts";
import { encodingCompute, sampleInput } from "./fixtures.ts";

const [dir, worker, rounds, maxBytes] = Deno.args;
const cache = new Cache({ dir: dir!, maxBytes: Number(maxBytes), warn: (m) => console.error(m) });
let loads = 0;
let wrong = 0;
for (let round = 0; round < Number(rounds); round++) {
  // Seeds 0..7 are shared by every worker; 1000+ are this worker's own.
  for (const seed of [round % 8, 1000 + Number(worker) * 100 + round % 5, (round * 3) % 8]) {
    const input = sampleInput(seed, 2048);
    const answer = await cache.load(input, async (copy) => {
      await new Promise((resolve) => setTimeout(resolve, seed % 3));
      return encodingCompute(copy);
    });
    const fresh = encodingCompute(input);
    loads++;
    if (answer.length !== fresh.length || answer.some((byte, at) => byte !== fresh[at])) wrong++;
  }
}
await cache.close();
console.log(JSON.stringify({ loads, wrong }));
