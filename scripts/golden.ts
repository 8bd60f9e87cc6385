/**
 * `deno task golden`: compiles every case of `golden/` under each profile its `;;!` header
 * names, and compares the object's dump (`harness/inspect`) with the checked-in
 * `<case>.<profile>.dump`, printing a unified diff of each mismatch.
 *
 * ```
 * deno task golden [--update] [--filter TEXT] [--no-run] [--no-objdump] [--verbose]
 * ```
 *
 * - A mismatch prints a unified diff (the first 10, or all with `--verbose`).
 * - `--update` rewrites every dump that differs or is missing, and deletes stray dumps.
 * - Every object's disassembly is cross-checked with `objdump -d` (instruction boundaries and
 *   mnemonics); `--no-objdump` skips that, and a missing objdump is skipped loudly.
 * - Every case's assertions run through the conformance runner's native engine (compiled,
 *   linked by `cc` with the runtime, run), so a golden is also proof that its code works;
 *   `--no-run` skips that.
 *
 * Exits 1 on a difference, a missing or stray dump, an objdump disagreement or a failed
 * assertion.
 *
 * @module
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ENGINE_VERSION } from "../engine/engine_id.ts";
import { hostTarget } from "../engine/settings.ts";
import { profileSettings } from "../golden/profiles.ts";
import { nativeEngine } from "../harness/conformance/native_engine.ts";
import { runScript } from "../harness/conformance/run_script.ts";
import { objdumpAvailable, objdumpCrossCheck, unifiedDiff } from "../harness/inspect/mod.ts";
import { CompilePool } from "../harness/pool/mod.ts";
import {
  type CaseDump,
  codeDiffersUnderPrefix,
  dumpPath,
  findCases,
  type GoldenCase,
  renderCase,
  strayDumps,
} from "./_golden_cases.ts";
import { REPO_ROOT } from "./fetch_spec_tests.ts";

/** The corpus folder. */
export const GOLDEN_ROOT: string = join(REPO_ROOT, "golden");

/** A symbol prefix like the runner's (`m<N>_`), to prove the code does not depend on it. */
const RUN_PREFIX = "m0_";

/** Diffs printed in full without `--verbose` (a codegen change can touch every dump). */
const MAX_DIFFS = 10;

/** The command that accepts the current output. */
export const UPDATE_COMMAND = "deno task golden --update";

/** The command line, parsed. */
export interface GoldenArgs {
  readonly update: boolean;
  readonly filter: string | undefined;
  readonly run: boolean;
  readonly objdump: boolean;
  readonly verbose: boolean;
}

/** Parses the command line; throws `TypeError` on an unknown flag. */
export function parseGoldenArgs(args: readonly string[]): GoldenArgs {
  const { values } = parseArgs({
    args: [...args],
    options: {
      update: { type: "boolean" },
      filter: { type: "string" },
      "no-run": { type: "boolean" },
      "no-objdump": { type: "boolean" },
      verbose: { type: "boolean" },
    },
  });
  return {
    update: values.update ?? false,
    filter: values.filter,
    run: !(values["no-run"] ?? false),
    objdump: !(values["no-objdump"] ?? false),
    verbose: values.verbose ?? false,
  };
}

/** What comparing one dump found. */
export type DumpVerdict =
  | { readonly kind: "match" }
  | { readonly kind: "missing" }
  | { readonly kind: "differs"; readonly diff: string };

/** Compares a rendered dump with the checked-in text (`undefined` when there is no file). */
export function compareDump(
  expected: string | undefined,
  actual: string,
  label: string,
): DumpVerdict {
  if (expected === undefined) return { kind: "missing" };
  const diff = unifiedDiff(expected, actual, {
    fromLabel: label,
    toLabel: `${label} (compiled now)`,
  });
  return diff === "" ? { kind: "match" } : { kind: "differs", diff };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Where a run reads its cases and writes its report (tests pass their own). */
export interface GoldenOptions {
  /** The corpus folder (default `golden/`). */
  readonly root?: string;
  /** Prints one line (default `console.log`). */
  readonly out?: (line: string) => void;
}

/** Running totals of a golden run. */
class Tally {
  constructor(readonly root: string, readonly out: (line: string) => void) {}
  matched = 0;
  diffsShown = 0;
  updated = 0;
  rejectedModules = 0;
  instructions = 0;
  passed = 0;
  skipped = 0;
  readonly problems: string[] = [];
}

function checkObjdump(dump: CaseDump, where: string, tally: Tally): void {
  for (const object of dump.objects) {
    if (object === undefined) continue;
    const check = objdumpCrossCheck(object);
    tally.instructions += check.instructions;
    for (const mismatch of check.mismatches) tally.problems.push(`OBJDUMP ${where}: ${mismatch}`);
  }
}

async function compareCase(kase: GoldenCase, profile: string, args: GoldenArgs, tally: Tally) {
  const path = dumpPath(tally.root, kase, profile);
  const label = `golden/${kase.name}.${profile}.dump`;
  const dump = await renderCase(kase, profile);
  tally.rejectedModules += dump.rejected;
  if (args.objdump) checkObjdump(dump, label, tally);
  if (args.run) {
    for (const title of await codeDiffersUnderPrefix(kase, profile, dump, RUN_PREFIX)) {
      tally.problems.push(`PREFIX ${label}: ${title}: .text changes with the symbol prefix`);
    }
  }
  const verdict = compareDump(readIfExists(path), dump.text, label);
  if (verdict.kind === "match") {
    tally.matched++;
  } else if (args.update) {
    writeFileSync(path, dump.text);
    tally.updated++;
    tally.out(`updated ${label}${verdict.kind === "missing" ? " (new)" : ""}`);
  } else if (verdict.kind === "missing") {
    tally.problems.push(`MISSING ${label}: no dump for this case and profile`);
  } else {
    if (args.verbose || tally.diffsShown++ < MAX_DIFFS) tally.out(verdict.diff.trimEnd());
    tally.problems.push(`DIFFERS ${label}`);
  }
}

/** Runs the case's assertions under `profile` through the native engine. */
async function runCase(kase: GoldenCase, profile: string, pool: CompilePool, tally: Tally) {
  const workDir = mkdtempSync(join(tmpdir(), "ingot-golden-"));
  try {
    const times = { compile: 0, link: 0, run: 0, cacheHits: 0, cacheMisses: 0 };
    const engine = nativeEngine({
      settings: profileSettings(profile),
      target: hostTarget(),
      engineVersion: ENGINE_VERSION,
      pool,
      cache: undefined,
      workDir,
      timeoutMs: 20_000,
    }, times);
    const session = await engine.open(`${kase.name}.${profile}`);
    try {
      for (const outcome of await runScript(session, kase.commands)) {
        // A module the engine does not handle yet is recorded in its dump; skip what needs it.
        const unsupported = outcome.detail?.includes("unsupported: ") ?? false;
        if (outcome.status === "passed") tally.passed++;
        else if (outcome.status === "skipped" || unsupported) tally.skipped++;
        else {
          const where = `golden/${kase.name}.wast:${outcome.pos.line} (${profile})`;
          tally.problems.push(`FAIL ${where} ${outcome.kind}: ${outcome.detail}`);
        }
      }
    } finally {
      await session.close();
      await engine.close();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function summary(cases: readonly GoldenCase[], tally: Tally, args: GoldenArgs): string {
  const dumps = cases.reduce((sum, kase) => sum + kase.profiles.length, 0);
  const lines = [
    `golden: ${cases.length} cases, ${dumps} dumps: ${tally.matched} match` +
    (args.update ? `, ${tally.updated} updated` : ""),
  ];
  if (tally.rejectedModules > 0) {
    lines.push(`golden: ${tally.rejectedModules} module dumps record an UnsupportedError`);
  }
  if (args.objdump) lines.push(`objdump: ${tally.instructions} instructions cross-checked`);
  if (args.run) {
    lines.push(
      `assertions: ${tally.passed} passed, ${tally.skipped} skipped` +
        (tally.skipped > 0 ? " (the engine cannot run them yet)" : ""),
    );
  }
  return lines.join("\n");
}

/** Runs the golden comparison; returns the exit code. */
export async function main(argv: readonly string[], options: GoldenOptions = {}): Promise<number> {
  let args = parseGoldenArgs(argv);
  const tally = new Tally(
    options.root ?? GOLDEN_ROOT,
    options.out ?? ((line) => console.log(line)),
  );
  const cases = findCases(tally.root)
    .filter((kase) => args.filter === undefined || kase.name.includes(args.filter));
  if (args.objdump && !objdumpAvailable()) {
    tally.out("objdump: NOT FOUND, skipping the binutils cross-check (install binutils)");
    args = { ...args, objdump: false };
  }
  for (const kase of cases) {
    for (const profile of kase.profiles) await compareCase(kase, profile, args, tally);
  }
  if (args.filter === undefined) checkStrays(cases, args, tally);
  if (args.run) await runAll(cases, tally);
  for (const problem of tally.problems) tally.out(problem);
  tally.out(summary(cases, tally, args));
  if (tally.problems.length === 0) return 0;
  const dumpProblem = tally.problems.some((line) => /^(DIFFERS|MISSING|STRAY) /.test(line));
  if (tally.diffsShown > MAX_DIFFS && !args.verbose) {
    tally.out(`golden: showed ${MAX_DIFFS} of ${tally.diffsShown} diffs (--verbose shows all)`);
  }
  if (dumpProblem) {
    tally.out(`golden: if the new output is right, accept it with: ${UPDATE_COMMAND}`);
  }
  return 1;
}

function checkStrays(cases: readonly GoldenCase[], args: GoldenArgs, tally: Tally): void {
  for (const stray of strayDumps(tally.root, cases)) {
    if (args.update) {
      rmSync(join(tally.root, stray));
      tally.out(`deleted golden/${stray} (no such case or profile)`);
    } else tally.problems.push(`STRAY golden/${stray}: no case or profile makes this dump`);
  }
}

async function runAll(cases: readonly GoldenCase[], tally: Tally): Promise<void> {
  const pool = new CompilePool({ size: 2 });
  try {
    const jobs = cases.flatMap((kase) => kase.profiles.map((profile) => ({ kase, profile })));
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        await runCase(job.kase, job.profile, pool, tally);
      }
    };
    await Promise.all([worker(), worker()]);
  } finally {
    pool.close();
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    console.error(
      `${error.message}\nusage: deno task golden [--update] [--filter TEXT] [--no-run] ` +
        "[--no-objdump] [--verbose]",
    );
    Deno.exit(2);
  }
}
