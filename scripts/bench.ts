/**
 * `deno task bench`: every benchmark, each reported as a ratio against a peer or a floor
 * measured in the same run (this machine's timings vary by 30-100% between runs).
 *
 * @module
 */

import { benchCacheHit } from "./bench/cache_bench.ts";
import { benchCompile, formatCompileBench } from "./bench/compile_bench.ts";
import { benchDecode } from "./bench/decode_bench.ts";

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

if (import.meta.main) {
  const decode = await benchDecode();
  console.log(
    `decode+validate, ${mb(decode.bytes)}: Ingot ${decode.ingotMBps.toFixed(1)} MB/s, ` +
      `V8 new WebAssembly.Module ${decode.v8MBps.toFixed(1)} MB/s ` +
      `(Ingot/V8 ${(decode.ingotMBps / decode.v8MBps).toFixed(2)})`,
  );
  // The real C program when clang-16 is installed (else its result says it fell back), and
  // the synthetic module, which every machine has.
  const program = await benchCompile();
  console.log(formatCompileBench(program));
  if (program.note === undefined) {
    console.log(formatCompileBench(await benchCompile({ source: "synthetic" })));
  }
  const hit = await benchCacheHit();
  console.log(
    `cache hit, ${mb(hit.wasmBytes)} module: ${hit.hitMs.toFixed(2)} ms; ` +
      `SHA-256 of the input + one file read ${hit.floorMs.toFixed(2)} ms ` +
      `(hit/floor ${hit.ratio.toFixed(2)}; SHA-256 ${hit.inputSha256Ms.toFixed(2)} ms, read ` +
      `${hit.readSyncMs.toFixed(2)} ms); ${mb(hit.small.wasmBytes)} module: hit/floor ` +
      `${hit.small.ratio.toFixed(2)}`,
  );
}
