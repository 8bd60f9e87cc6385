/**
 * `spec-tests/expectations.json`: the commands known not to pass yet, per settings profile,
 * one reason each. A failure not listed, or a listed command that passes, fails the run, so
 * the list only shrinks; `--update-expectations` rewrites a profile from the current run.
 *
 * @module
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { FileReport } from "./report.ts";

/** The file's shape: profile name → command key (`file:line:col`) → reason. */
export interface Expectations {
  readonly comment: string;
  readonly profiles: Record<string, Record<string, string>>;
}

/** Where the run differs from the expectations. */
export interface ExpectationCheck {
  /** Failures not listed. */
  readonly unexpectedFailures: readonly string[];
  /** Listed commands that passed. */
  readonly unexpectedPasses: readonly string[];
}

const COMMENT = "Commands known not to pass yet, per settings profile: file:line:col -> reason. " +
  "The run fails on an unlisted failure and on a listed pass. Rewrite with " +
  "`deno task conformance --update-expectations`.";

/** Reads the expectations file; a missing file lists nothing. */
export function readExpectations(path: string): Expectations {
  if (!existsSync(path)) return { comment: COMMENT, profiles: {} };
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<Expectations>;
  return { comment: COMMENT, profiles: parsed.profiles ?? {} };
}

/** The key of a command: its file, line and column. */
export function commandKey(file: string, line: number, column: number): string {
  return `${file}:${line}:${column}`;
}

/**
 * Compares a run with a profile's list. Only files that were run are considered, so a
 * `--filter` run does not report the rest of the list as passing.
 */
export function checkExpectations(
  expected: Readonly<Record<string, string>>,
  files: readonly FileReport[],
): ExpectationCheck {
  const unexpectedFailures: string[] = [];
  const unexpectedPasses: string[] = [];
  for (const report of files) {
    for (const outcome of report.outcomes) {
      const key = commandKey(report.file, outcome.pos.line, outcome.pos.column);
      const listed = key in expected;
      if (outcome.status === "failed" && !listed) {
        unexpectedFailures.push(`${key} ${outcome.kind}: ${outcome.detail ?? ""}`);
      }
      if (outcome.status === "passed" && listed) unexpectedPasses.push(`${key} ${outcome.kind}`);
    }
  }
  return { unexpectedFailures, unexpectedPasses };
}

/**
 * Rewrites a profile's list from a run: the run's files lose their old entries and gain their
 * current failures; files not run keep theirs.
 */
export function updateExpectations(
  path: string,
  profile: string,
  files: readonly FileReport[],
): void {
  const expectations = readExpectations(path);
  const ran = new Set(files.map((report) => report.file));
  const kept = Object.entries(expectations.profiles[profile] ?? {})
    .filter(([key]) => !ran.has(key.slice(0, key.indexOf(":"))));
  const entries = new Map<string, string>(kept);
  for (const report of files) {
    for (const outcome of report.outcomes) {
      if (outcome.status !== "failed") continue;
      const key = commandKey(report.file, outcome.pos.line, outcome.pos.column);
      entries.set(key, `${outcome.kind}: ${(outcome.detail ?? "").slice(0, 200)}`);
    }
  }
  const sorted = Object.fromEntries([...entries].sort(([a], [b]) => compareKeys(a, b)));
  const profiles = { ...expectations.profiles, [profile]: sorted };
  const ordered = Object.fromEntries(Object.entries(profiles).sort(([a], [b]) => a < b ? -1 : 1));
  writeFileSync(path, `${JSON.stringify({ comment: COMMENT, profiles: ordered }, null, 2)}\n`);
}

function compareKeys(a: string, b: string): number {
  const [fileA, lineA, colA] = a.split(":");
  const [fileB, lineB, colB] = b.split(":");
  if (fileA !== fileB) return fileA! < fileB! ? -1 : 1;
  return Number(lineA) - Number(lineB) || Number(colA) - Number(colB);
}
