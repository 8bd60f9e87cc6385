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
import { parseArgs } from "node:util";
import { resolveSettings } from "../../engine/settings.ts";
import type { BoundsChecks, CompileSettings, OptLevel } from "../../engine/settings.ts";
import { decodeModule } from "../../engine/wasm/mod.ts";
import { ensureSpecTests, readManifest, REPO_ROOT } from "../../scripts/fetch_spec_tests.ts";
import { readScript } from "../wast/mod.ts";
import type { Engine } from "./engine.ts";
import { checkExpectations, readExpectations, updateExpectations } from "./expectations.ts";
import { ingotEngine } from "./ingot_engine.ts";
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
  readonly updateExpectations: boolean;
  readonly verbose: boolean;
}

/** Parses the command line. */
export function parseConformanceArgs(args: readonly string[]): ConformanceArgs {
  const { values } = parseArgs({
    args: [...args],
    options: {
      filter: { type: "string" },
      json: { type: "string" },
      jobs: { type: "string", default: String(navigator.hardwareConcurrency || 2) },
      engine: { type: "string", default: "ingot" },
      "opt-level": { type: "string", default: "0" },
      "bounds-checks": { type: "string", default: "explicit" },
      matrix: { type: "boolean", default: false },
      "update-expectations": { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.engine !== "ingot" && values.engine !== "v8") {
    throw new TypeError(`Cannot use engine "${values.engine}": expected "ingot" or "v8"`);
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new TypeError(`Cannot use --jobs ${values.jobs}`);
  const profiles = values.matrix
    ? (["explicit", "guard-pages"] as const).map((boundsChecks) =>
      resolveSettings({ optLevel: 0, boundsChecks })
    )
    : [resolveSettings({
      optLevel: Number(values["opt-level"]) as OptLevel,
      boundsChecks: values["bounds-checks"] as BoundsChecks,
    })];
  return {
    filter: values.filter,
    json: values.json,
    jobs,
    engine: values.engine,
    profiles,
    updateExpectations: values["update-expectations"],
    verbose: values.verbose,
  };
}

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

async function runProfile(args: ConformanceArgs, settings: CompileSettings, dir: string) {
  const manifest = readManifest();
  const pattern = args.filter === undefined ? undefined : globToRegExp(args.filter);
  const files = [...manifest.files.keys()]
    .filter((file) => file.endsWith(".wast") && (pattern?.test(file) ?? true));
  const engine = args.engine === "v8" ? v8Engine(exportTypes) : ingotEngine(settings);
  const started = performance.now();
  const reports = await runAll(engine, dir, files, args.jobs);
  await engine.close();
  const seconds = (performance.now() - started) / 1000;
  const profile = profileName(settings);
  console.log(`\n== ${engine.name} ${profile}: ${files.length} files in ${seconds.toFixed(1)} s`);
  console.log(formatTable(reports));
  console.log(formatSummary(reports));
  printFailures(reports, args.verbose);
  const report = jsonReport({ commit: manifest.commit, files: files.length }, settings, reports, {
    engine: engine.name,
    profile,
    seconds,
  });
  return { profile, reports, report };
}

/** Runs the conformance suite; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseConformanceArgs(argv);
  const dir = ensureSpecTests({ log: (line) => console.log(line) });
  const expectations = readExpectations(EXPECTATIONS);
  let ok = true;
  const jsonReports = [];
  for (const settings of args.profiles) {
    const { profile, reports, report } = await runProfile(args, settings, dir);
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

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    Deno.exit(2);
  }
}
