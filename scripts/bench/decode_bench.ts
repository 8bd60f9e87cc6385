/**
 * Benchmark of the front end: `decodeModule` + `validateModule` on a generated module with
 * over 1 MB of code, against V8's `new WebAssembly.Module(bytes)` on the same bytes. Runs are
 * interleaved and compared as medians, since this machine's timings are noisy.
 *
 * V8's figure depends on its flags: with Deno's defaults it compiles too (Liftoff); with
 * `--v8-flags=--wasm-lazy-compilation` it only decodes and validates.
 *
 * Run: `deno run --allow-all scripts/bench/decode_bench.ts`.
 *
 * @module
 */

import { decodeModule, validateModule } from "../../engine/wasm/mod.ts";
import { median } from "./_median.ts";

/** What `benchDecode` measured. */
export interface DecodeBench {
  readonly ingotMBps: number;
  readonly v8MBps: number;
  readonly bytes: number;
}

/** Options of `benchDecode`. */
export interface DecodeBenchOptions {
  /** Interleaved repetitions (default 7). */
  readonly runs?: number;
  /** Number of functions in the module (default 1400, about 1.2 MB). */
  readonly funcs?: number;
}

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    const b = value & 0x7f;
    value >>>= 7;
    out.push(value === 0 ? b : b | 0x80);
  } while (value !== 0);
  return out;
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

/**
 * One unrolled step of a loop body over locals 0-1 (params, i32), 2-3 (i32), 4 (i64),
 * 5 (f64): address arithmetic, a load and a store, i64 and f64 arithmetic, a nested block
 * with br_if, and a call; a typical mix of compiled C.
 */
function step(callee: number): number[] {
  return [
    ...[0x20, 0, 0x20, 1, 0x6a, 0x21, 2], // local.get 0, local.get 1, i32.add, local.set 2
    ...[0x20, 2, 0x28, 2, 8, 0x20, 3, 0x6c, 0x21, 3], // i32.load offset=8, i32.mul
    ...[0x20, 2, 0x20, 3, 0x36, 2, 16], // i32.store offset=16
    ...[0x20, 4, 0x42, 0xb9, 0xe0, 0x00, 0x7c, 0x21, 4], // i64.add 12345
    ...[0x02, 0x40, 0x20, 3, 0x45, 0x0d, 0, 0x20, 3, 0x41, 7, 0x71, 0x21, 3, 0x0b], // block
    ...[0x20, 5, 0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0xa2, 0x21, 5], // f64.mul 1.5
    ...[0x20, 0, 0x20, 1, 0x10, ...uleb(callee), 0x1a], // call, drop
  ];
}

function functionBody(index: number, funcs: number): number[] {
  const code: number[] = [0x03, 0x02, 0x7f, 0x01, 0x7e, 0x01, 0x7c]; // locals
  code.push(0x03, 0x40); // loop
  for (let i = 0; i < 12; i++) code.push(...step((index * 7 + i) % funcs));
  code.push(0x20, 1, 0x41, 1, 0x6b, 0x22, 1, 0x0d, 0, 0x0b); // counter, br_if 0, end
  code.push(0x20, 3, 0x0b); // local.get 3, end
  return [...uleb(code.length), ...code];
}

/** A valid module of `funcs` functions of type (i32, i32) -> i32 over one memory. */
export function benchModule(funcs: number): Uint8Array<ArrayBuffer> {
  const types = section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]);
  const functions = section(3, [...uleb(funcs), ...new Array<number>(funcs).fill(0)]);
  const memory = section(5, [1, 0, 1]);
  const bodies: number[] = [...uleb(funcs)];
  for (let i = 0; i < funcs; i++) bodies.push(...functionBody(i, funcs));
  const code = section(10, bodies);
  return Uint8Array.from([
    0,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...types,
    ...functions,
    ...memory,
    ...code,
  ]);
}

/**
 * `bytes` with a one-byte custom section that differs per run: V8 caches modules by their
 * bytes, and a repeated compile of the same bytes would time its cache, not its decoder.
 */
function withRunMarker(bytes: Uint8Array<ArrayBuffer>, run: number): Uint8Array<ArrayBuffer> {
  const marker = [0, 3, 1, 0x72, run & 0xff]; // custom section "r" holding the run number
  const variant = new Uint8Array(bytes.length + marker.length);
  variant.set(bytes);
  variant.set(marker, bytes.length);
  return variant;
}

/** Times Ingot's decode + validate and V8's compile of the same module, interleaved. */
export async function benchDecode(options: DecodeBenchOptions = {}): Promise<DecodeBench> {
  const bytes = benchModule(options.funcs ?? 1400);
  const runs = options.runs ?? 7;
  const ingot: number[] = [];
  const v8: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    let start = performance.now();
    validateModule(decodeModule(bytes));
    const ingotMs = performance.now() - start;
    const variant = withRunMarker(bytes, run);
    start = performance.now();
    new WebAssembly.Module(variant);
    const v8Ms = performance.now() - start;
    if (run > 0) { // the first run warms up both
      ingot.push(ingotMs);
      v8.push(v8Ms);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const mbps = (ms: number) => bytes.length / 1e6 / (ms / 1000);
  return { ingotMBps: mbps(median(ingot)), v8MBps: mbps(median(v8)), bytes: bytes.length };
}

if (import.meta.main) {
  const result = await benchDecode();
  console.log(
    `decode+validate of ${(result.bytes / 1e6).toFixed(2)} MB: Ingot ${
      result.ingotMBps.toFixed(1)
    } MB/s, V8 ${result.v8MBps.toFixed(1)} MB/s (ratio ${
      (result.ingotMBps / result.v8MBps).toFixed(2)
    })`,
  );
}
