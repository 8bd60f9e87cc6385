/**
 * Benchmark of baseline compile throughput: Ingot's `compile()` in-process on one thread,
 * against V8's Liftoff compiling the same bytes (`new WebAssembly.Module` in a Deno subprocess
 * run with `--liftoff --no-wasm-tier-up --no-wasm-lazy-compilation --single-threaded`, so
 * every function is compiled eagerly by Liftoff on one thread). The two are interleaved run by
 * run and compared as medians, since this machine's timings vary by 30-100% between runs.
 *
 * The module is the real C program of `c_program.ts` built by clang-16 when it is installed,
 * otherwise (saying so in `note`) the synthetic `benchModule` of `decode_bench.ts`.
 *
 * Ingot's time is split into its stages, run one by one exactly as `compile()` runs them:
 * decode (with the module-level checks), validate+codegen (`compileModule` validating each body
 * as it compiles it, in one pass) and object emission (`emitObject`: descriptor plus ELF).
 *
 * Run: `deno run --allow-all scripts/bench/compile_bench.ts [--synthetic]`.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { compileModule } from "../../engine/compile/mod.ts";
import { compile, emitObject } from "../../engine/mod.ts";
import { type CompileSettings, DEFAULT_SETTINGS, hostTarget } from "../../engine/settings.ts";
import { decodeModule, validateModule } from "../../engine/wasm/mod.ts";
import { X64MacroAssembler } from "../../engine/x64/masm.ts";
import { buildCProgram } from "./c_program.ts";
import { benchModule } from "./decode_bench.ts";
import { median } from "./_median.ts";

/** What `benchCompile` measured. MB/s are of the whole module unless named `code`. */
export interface CompileBench {
  /** Which module was compiled. */
  readonly module: string;
  /** Why the module is not the one asked for (clang-16 missing), if it is not. */
  readonly note: string | undefined;
  readonly bytes: number;
  /** Size of the code section's contents. */
  readonly codeBytes: number;
  readonly runs: number;
  readonly ingotMBps: number;
  readonly liftoffMBps: number;
  readonly ingotCodeMBps: number;
  readonly liftoffCodeMBps: number;
  /**
   * Ingot's speed over Liftoff's: the median of the per-run ratios (each run times both sides
   * back to back, so a load change on this shared machine moves both).
   */
  readonly ratio: number;
  /** Median milliseconds of Ingot's stages: decode, validate+codegen, emit (and total). */
  readonly phases: Record<string, number>;
}

/** Options of `benchCompile`. */
export interface CompileBenchOptions {
  /** Interleaved measured runs (default 7), after one warm-up run of each side. */
  readonly runs?: number;
  /** `c-program` (the default; falls back to `synthetic` without clang-16) or `synthetic`. */
  readonly source?: "c-program" | "synthetic";
  /** Function count of the synthetic module (default 1400, about 1.2 MB). */
  readonly funcs?: number;
  /** Units of the C program (default 320, about 1 MB). */
  readonly units?: number;
  readonly settings?: CompileSettings;
}

/** The phases, in the order `compile()` runs them. */
export const PHASES = ["decode", "validate+codegen", "emit"] as const;

/** The V8 flags of the Liftoff side (FACTS.md: eager Liftoff on one thread). */
export const LIFTOFF_FLAGS =
  "--v8-flags=--liftoff,--no-wasm-tier-up,--no-wasm-lazy-compilation,--single-threaded";

/** The size of the code section's contents (section id 10), or 0 without one. */
export function codeSectionBytes(wasm: Uint8Array): number {
  let pos = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = wasm[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  while (pos < wasm.length) {
    const id = wasm[pos++]!;
    const size = leb();
    if (id === 10) return size;
    pos += size;
  }
  return 0;
}

/** One compile through the stages, timed stage by stage; returns the object too. */
function timedCompile(wasm: Uint8Array, settings: CompileSettings) {
  const t0 = performance.now();
  const module = decodeModule(wasm, { features: settings.features });
  validateModule(module, { bodies: false });
  const t1 = performance.now();
  const masm = new X64MacroAssembler({ cpuFeatures: settings.cpuFeatures });
  const compiled = compileModule(module, settings, { masm, validateBodies: true });
  const t2 = performance.now();
  const object = emitObject(module, compiled, settings);
  const t3 = performance.now();
  return { object, times: [t1 - t0, t2 - t1, t3 - t2] };
}

/** A Liftoff subprocess answering one timed `new WebAssembly.Module` per request. */
class LiftoffProcess {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: AsyncIterator<string>;

  constructor(wasmPath: string) {
    const worker = fileURLToPath(new URL("./_liftoff_worker.ts", import.meta.url));
    this.#child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", LIFTOFF_FLAGS, worker, wasmPath],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#lines = this.#child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(
      lineSplitter(),
    )[Symbol.asyncIterator]();
  }

  async compileMs(): Promise<number> {
    await this.#writer.write(new TextEncoder().encode("compile\n"));
    const line = await this.#lines.next();
    if (line.done) throw new Error("The Liftoff subprocess exited early");
    return Number(line.value);
  }

  async close(): Promise<void> {
    await this.#writer.close();
    await this.#child.status;
  }
}

function lineSplitter(): TransformStream<string, string> {
  let pending = "";
  return new TransformStream({
    transform(chunk, controller) {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop()!;
      for (const line of lines) controller.enqueue(line);
    },
  });
}

/** The module of `options`, with its name and a fallback note. */
function pickModule(options: CompileBenchOptions) {
  const synthetic = () => {
    const funcs = options.funcs ?? 1400;
    return { wasm: benchModule(funcs), module: `synthetic benchModule(${funcs})` };
  };
  if (options.source === "synthetic") return { ...synthetic(), note: undefined };
  const units = options.units ?? 320;
  const wasm = buildCProgram({ units });
  if (wasm === undefined) {
    return { ...synthetic(), note: "clang-16/wasm-ld-16 not installed: synthetic module instead" };
  }
  return { wasm, module: `C program (clang-16 -O2, ${units} units)`, note: undefined };
}

/**
 * Times Ingot's `compile()` and V8 Liftoff on the same module, interleaved.
 *
 * @throws {Error} when the stages' object differs from `compile()`'s (the phases would then
 *   not describe `compile()`), or when clang-16 is installed but fails.
 */
export async function benchCompile(options: CompileBenchOptions = {}): Promise<CompileBench> {
  const { wasm, module, note } = pickModule(options);
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const runs = options.runs ?? 7;
  const reference = compile({ wasm, settings, target: hostTarget(), engine: "bench" });
  const path = await Deno.makeTempFile({ prefix: "ingot-compile-bench-", suffix: ".wasm" });
  await Deno.writeFile(path, wasm);
  const liftoff = new LiftoffProcess(path);
  const ingot: number[][] = [], v8: number[] = [];
  try {
    for (let run = 0; run <= runs; run++) {
      const { object, times } = timedCompile(wasm, settings);
      if (run === 0 && !sameBytes(object, reference)) {
        throw new Error("The stages run one by one do not give compile()'s object");
      }
      const v8Ms = await liftoff.compileMs();
      if (run > 0) { // the first run warms up both
        ingot.push(times);
        v8.push(v8Ms);
      }
    }
  } finally {
    await liftoff.close();
    await Deno.remove(path);
  }
  return summarize({ wasm, module, note, runs }, ingot, v8);
}

function summarize(
  what: { wasm: Uint8Array; module: string; note: string | undefined; runs: number },
  ingot: readonly number[][],
  v8: readonly number[],
): CompileBench {
  const phases: Record<string, number> = {};
  PHASES.forEach((name, at) => phases[name] = median(ingot.map((times) => times[at]!)));
  const totals = ingot.map((times) => times.reduce((a, b) => a + b, 0));
  const ingotMs = median(totals);
  phases.total = ingotMs;
  const liftoffMs = median(v8);
  const bytes = what.wasm.length, codeBytes = codeSectionBytes(what.wasm);
  const mbps = (size: number, ms: number) => size / 1e6 / (ms / 1000);
  return {
    module: what.module,
    note: what.note,
    bytes,
    codeBytes,
    runs: what.runs,
    ingotMBps: mbps(bytes, ingotMs),
    liftoffMBps: mbps(bytes, liftoffMs),
    ingotCodeMBps: mbps(codeBytes, ingotMs),
    liftoffCodeMBps: mbps(codeBytes, liftoffMs),
    ratio: median(v8.map((ms, run) => ms / totals[run]!)),
    phases,
  };
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, at) => byte === right[at]);
}

/** One printable line of a result, as `deno task bench` prints it. */
export function formatCompileBench(result: CompileBench): string {
  const phases = Object.entries(result.phases)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
    .join(", ");
  return `compile, ${result.module}, ${(result.bytes / 1e6).toFixed(2)} MB ` +
    `(code ${(result.codeBytes / 1e6).toFixed(2)} MB): Ingot ${
      result.ingotMBps.toFixed(2)
    } MB/s, ` +
    `V8 Liftoff ${result.liftoffMBps.toFixed(1)} MB/s (Ingot/Liftoff ${
      result.ratio.toFixed(3)
    }); Ingot phases: ${phases}` + (result.note === undefined ? "" : ` [${result.note}]`);
}

if (import.meta.main) {
  const source = Deno.args.includes("--synthetic") ? "synthetic" : "c-program";
  console.log(formatCompileBench(await benchCompile({ source })));
}
