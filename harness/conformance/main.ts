/**
 * `deno task conformance`: every pinned spec test, compiled, run and reported.
 *
 * Usage: `deno task conformance [--filter GLOB] [--json FILE] [--jobs N] [--engine ingot|v8]
 * [--opt-level N] [--bounds-checks explicit|guard-pages] [--matrix] [--update-expectations]
 * [--verbose]`
 *
 * @module
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BoundsChecks, CompileSettings, RunOptions } from "../../engine/settings.ts";
import { defaultCacheDir, parseSettingsFlags, UsageError } from "../cli/settings_flags.ts";
import { decodeModule } from "../../engine/wasm/mod.ts";
import { ensureSpecTests, readManifest, REPO_ROOT } from "../../scripts/fetch_spec_tests.ts";
import { readScript } from "../wast/mod.ts";
import type { Engine } from "./engine.ts";
import { checkExpectations, readExpectations, updateExpectations } from "./expectations.ts";
import { nativeEngine, type PhaseTimes } from "./native_engine.ts";
import { Cache } from "../../engine/cache/mod.ts";
import { ENGINE_VERSION } from "../../engine/engine_id.ts";
import { hostTarget } from "../../engine/settings.ts";
import { CompilePool } from "../pool/mod.ts";
import { type FileReport, fileReport, formatSummary, formatTable, jsonReport } from "./report.ts";
import { runScript } from "./run_script.ts";
import { v8Engine } from "./v8_engine.ts";

const EXPECTATIONS = join(REPO_ROOT, "spec-tests", "expectations.json");

/** The command line, parsed. */
export interface ConformanceArgs {
  readonly filter: string | undefined;
  readonly json: string | undefined;
  readonly jobs: number;
  readonly engine: "ingot" | "v8";
  readonly profiles: readonly CompileSettings[];
  readonly run: RunOptions;
  readonly timeoutMs: number;
  readonly updateExpectations: boolean;
  readonly verbose: boolean;
}

const CONFORMANCE_OPTIONS = {
  filter: { type: "string" },
  json: { type: "string" },
  engine: { type: "string" },
  matrix: { type: "boolean" },
  timeout: { type: "string" },
  "update-expectations": { type: "boolean" },
} as const;

/**
 * Parses the command line: the conformance flags plus every settings and run flag of
 * `deno task ingot compile` (`harness/cli/settings_flags.ts`).
 *
 * @throws {UsageError} on an unknown flag or a value out of its domain.
 */
export function parseConformanceArgs(args: readonly string[]): ConformanceArgs {
  const { settings, run, values } = parseSettingsFlags(args, CONFORMANCE_OPTIONS);
  const engine = values["engine"] ?? "ingot";
  if (engine !== "ingot" && engine !== "v8") {
    throw new UsageError(`Cannot use engine "${engine}": expected "ingot" or "v8"`);
  }
  const timeoutMs = Number(values["timeout"] ?? "20") * 1000;
  if (!(timeoutMs > 0)) throw new UsageError(`Cannot use --timeout ${values["timeout"]}`);
  const profiles = values["matrix"] === true
    ? MATRIX.map((boundsChecks) => ({ ...settings, boundsChecks }))
    : [settings];
  return {
    filter: values["filter"] as string | undefined,
    json: values["json"] as string | undefined,
    jobs: run.jobs ?? (navigator.hardwareConcurrency || 2),
    engine,
    profiles,
    run,
    timeoutMs,
    updateExpectations: values["update-expectations"] === true,
    verbose: run.verbose === true,
  };
}

/** The bounds-check strategies `--matrix` runs, at the chosen opt level. */
const MATRIX: readonly BoundsChecks[] = ["explicit", "guard-pages"];

/** The name of a settings profile in the expectations file and the report. */
export function profileName(settings: CompileSettings): string {
  return `O${settings.optLevel}-${settings.boundsChecks}`;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(
    /\?/g,
    ".",
  );
  return new RegExp(`^${escaped}$`);
}

/** The result types of an export of a binary module, for the V8 engine. */
function exportTypes(bytes: Uint8Array): (name: string) => readonly string[] {
  const module = decodeModule(bytes);
  return (name) => {
    const entry = module.exports.find((candidate) => candidate.name === name);
    if (entry?.kind === "global") return [module.globalTypes[entry.index]!.valType];
    if (entry?.kind !== "func") return [];
    return module.types[module.funcTypeIdxs[entry.index]!]!.results;
  };
}

async function runFile(engine: Engine, dir: string, file: string): Promise<FileReport> {
  const commands = readScript(readFileSync(join(dir, file), "utf8"), file);
  const session = await engine.open(file);
  try {
    return fileReport(file, await runScript(session, commands));
  } finally {
    await session.close();
  }
}

async function runAll(engine: Engine, dir: string, files: readonly string[], jobs: number) {
  const reports: FileReport[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const progress = Deno.stderr.isTerminal();
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      reports[index] = await runFile(engine, dir, files[index]!);
      done++;
      if (progress) {
        const line = `[${done}/${files.length}] ${files[index]}`;
        Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[K${line}`));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  if (progress) Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
  return reports;
}

function printFailures(reports: readonly FileReport[], verbose: boolean): void {
  for (const report of reports) {
    const failures = report.outcomes.filter((outcome) => outcome.status === "failed");
    for (const outcome of verbose ? failures : failures.slice(0, 5)) {
      const { line, column } = outcome.pos;
      console.log(`FAIL ${report.file}:${line}:${column} ${outcome.kind}: ${outcome.detail}`);
    }
    if (!verbose && failures.length > 5) {
      console.log(`     ... and ${failures.length - 5} more in ${report.file} (--verbose)`);
    }
  }
}

/** What every profile's engine shares: the compile pool, the cache and a scratch folder. */
interface Shared {
  readonly pool: CompilePool;
  readonly cache: Cache | undefined;
  readonly workDir: string;
}

function makeEngine(args: ConformanceArgs, settings: CompileSettings, shared: Shared) {
  const times = { compile: 0, link: 0, run: 0, cacheHits: 0, cacheMisses: 0 };
  if (args.engine === "v8") return { engine: v8Engine(exportTypes), times: undefined };
  const engine = nativeEngine({
    settings,
    target: hostTarget(),
    engineVersion: ENGINE_VERSION,
    pool: shared.pool,
    cache: shared.cache,
    workDir: shared.workDir,
    timeoutMs: args.timeoutMs,
  }, times);
  return { engine, times };
}

function formatTimes(times: PhaseTimes, seconds: number): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const loads = times.cacheHits + times.cacheMisses;
  const rate = loads === 0 ? 0 : (100 * times.cacheHits) / loads;
  return `phases (summed over concurrent files; wall ${seconds.toFixed(1)} s): compile ${
    s(times.compile)
  }, link ${s(times.link)}, run ${
    s(times.run)
  }\ncompile cache: ${times.cacheHits} hits, ${times.cacheMisses} misses (${
    rate.toFixed(1)
  }% hits)`;
}

async function runProfile(
  args: ConformanceArgs,
  settings: CompileSettings,
  dir: string,
  shared: Shared,
) {
  const manifest = readManifest();
  const pattern = args.filter === undefined ? undefined : globToRegExp(args.filter);
  const files = [...manifest.files.keys()]
    .filter((file) => file.endsWith(".wast") && (pattern?.test(file) ?? true));
  const { engine, times } = makeEngine(args, settings, shared);
  const started = performance.now();
  const reports = await runAll(engine, dir, files, args.jobs);
  await engine.close();
  const seconds = (performance.now() - started) / 1000;
  const profile = profileName(settings);
  console.log(`\n== ${engine.name} ${profile}: ${files.length} files in ${seconds.toFixed(1)} s`);
  console.log(formatTable(reports));
  console.log(formatSummary(reports));
  if (times !== undefined) console.log(formatTimes(times, seconds));
  printFailures(reports, args.verbose);
  const report = jsonReport({ commit: manifest.commit, files: files.length }, settings, reports, {
    engine: engine.name,
    profile,
    seconds,
    ...(times === undefined ? {} : {
      phases: { compile: times.compile / 1000, link: times.link / 1000, run: times.run / 1000 },
      cache: { hits: times.cacheHits, misses: times.cacheMisses },
    }),
  });
  return { profile, reports, report };
}

/** Runs the conformance suite; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseConformanceArgs(argv);
  const dir = ensureSpecTests({ log: (line) => console.log(line) });
  let ok = true;
  const jsonReports: object[] = [];
  const shared: Shared = {
    pool: new CompilePool(args.run.jobs === undefined ? {} : { size: args.run.jobs }),
    cache: args.run.noCache
      ? undefined
      : new Cache({ dir: args.run.cacheDir ?? defaultCacheDir() }),
    workDir: Deno.makeTempDirSync({ prefix: "ingot-conformance-" }),
  };
  try {
    ok = await runProfiles(args, dir, shared, jsonReports);
  } finally {
    shared.pool.close();
    await shared.cache?.close();
    Deno.removeSync(shared.workDir, { recursive: true });
  }
  if (args.json !== undefined) {
    const [first, ...rest] = jsonReports;
    const body = rest.length === 0 ? first : { ...first, matrix: jsonReports };
    writeFileSync(args.json, `${JSON.stringify(body, null, 2)}\n`);
  }
  console.log(
    ok ? "conformance: as expected" : "conformance: differs from spec-tests/expectations.json",
  );
  return ok ? 0 : 1;
}

async function runProfiles(
  args: ConformanceArgs,
  dir: string,
  shared: Shared,
  jsonReports: object[],
): Promise<boolean> {
  const expectations = readExpectations(EXPECTATIONS);
  let ok = true;
  for (const settings of args.profiles) {
    const { profile, reports, report } = await runProfile(args, settings, dir, shared);
    jsonReports.push(report);
    if (args.engine !== "ingot") continue;
    if (args.updateExpectations) {
      updateExpectations(EXPECTATIONS, profile, reports);
      console.log(`expectations: rewrote profile ${profile} in ${EXPECTATIONS}`);
      continue;
    }
    const check = checkExpectations(expectations.profiles[profile] ?? {}, reports);
    for (const line of check.unexpectedFailures) console.log(`UNEXPECTED FAILURE ${line}`);
    for (const line of check.unexpectedPasses) {
      console.log(`UNEXPECTED PASS ${line} (shrink the list)`);
    }
    if (check.unexpectedFailures.length + check.unexpectedPasses.length > 0) ok = false;
  }
  return ok;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    Deno.exit(2);
  }
}
