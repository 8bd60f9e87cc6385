/**
 * The conformance report: counts per file and per command kind, the terminal table, and the
 * JSON report whose shape later work may extend but never change.
 *
 * @module
 */

import { REPORT_KINDS, type ReportKind } from "../wast/types.ts";
import type { Outcome, Status } from "./run_script.ts";

/** Passed, failed and skipped counts. */
export type Counts = Record<Status, number>;

/** Counts by command kind. */
export type KindCounts = Record<ReportKind, Counts>;

/** One file's results. */
export interface FileReport {
  readonly file: string;
  readonly kinds: KindCounts;
  readonly outcomes: readonly Outcome[];
}

/** The JSON report (issue 2's shape, plus the fields later issues add). */
export interface JsonReport {
  readonly suite: { readonly commit: string; readonly files: number };
  readonly settings: object;
  readonly files: readonly { readonly file: string; readonly kinds: KindCounts }[];
  readonly totals: KindCounts;
  readonly messages: { readonly matched: number; readonly total: number };
  readonly [extra: string]: unknown;
}

function emptyKinds(): KindCounts {
  const kinds = {} as KindCounts;
  for (const kind of REPORT_KINDS) kinds[kind] = { passed: 0, failed: 0, skipped: 0 };
  return kinds;
}

/** Counts one file's outcomes. */
export function fileReport(file: string, outcomes: readonly Outcome[]): FileReport {
  const kinds = emptyKinds();
  for (const outcome of outcomes) kinds[outcome.kind][outcome.status]++;
  return { file, kinds, outcomes };
}

/** Sums the counts of every file. */
export function totalsOf(files: readonly FileReport[]): KindCounts {
  const totals = emptyKinds();
  for (const file of files) {
    for (const kind of REPORT_KINDS) {
      for (const status of ["passed", "failed", "skipped"] as const) {
        totals[kind][status] += file.kinds[kind][status];
      }
    }
  }
  return totals;
}

/** How many rejections matched the suite's expected message, out of all rejections. */
export function messageStats(files: readonly FileReport[]): { matched: number; total: number } {
  let matched = 0;
  let total = 0;
  for (const file of files) {
    for (const outcome of file.outcomes) {
      if (outcome.messageMatched === undefined) continue;
      total++;
      if (outcome.messageMatched) matched++;
    }
  }
  return { matched, total };
}

/** Builds the JSON report. */
export function jsonReport(
  suite: { commit: string; files: number },
  settings: object,
  files: readonly FileReport[],
  extra: Record<string, unknown> = {},
): JsonReport {
  return {
    suite,
    settings,
    files: files.map(({ file, kinds }) => ({ file, kinds })),
    totals: totalsOf(files),
    messages: messageStats(files),
    ...extra,
  };
}

const SHORT: Readonly<Record<ReportKind, string>> = {
  module: "module",
  register: "register",
  action: "action",
  assert_return: "return",
  assert_trap: "trap",
  assert_exhaustion: "exhaust",
  assert_invalid: "invalid",
  assert_malformed_binary: "malf.bin",
  assert_malformed_text: "malf.txt",
  assert_unlinkable: "unlink",
  assert_uninstantiable: "uninst",
};

function cell(counts: Counts): string {
  if (counts.passed + counts.failed + counts.skipped === 0) return ".";
  return `${counts.passed}/${counts.failed}/${counts.skipped}`;
}

function row(name: string, kinds: KindCounts, widths: readonly number[]): string {
  const cells = REPORT_KINDS.map((kind, i) => cell(kinds[kind]).padStart(widths[i]!));
  return `${name.padEnd(widths.at(-1)!)} ${cells.join(" ")}`;
}

/**
 * The terminal table: one row per file, one column per command kind, each cell
 * passed/failed/skipped; a totals row; text-format rejections (judged by wabt) kept apart.
 */
export function formatTable(files: readonly FileReport[]): string {
  const totals = totalsOf(files);
  const nameWidth = Math.max(5, ...files.map((file) => file.file.length));
  const widths = REPORT_KINDS.map((kind) =>
    Math.max(
      SHORT[kind].length,
      cell(totals[kind]).length,
      ...files.map((f) => cell(f.kinds[kind]).length),
    )
  );
  widths.push(nameWidth);
  const header = `${"file".padEnd(nameWidth)} ${
    REPORT_KINDS.map((kind, i) => SHORT[kind].padStart(widths[i]!)).join(" ")
  }`;
  const lines = [
    "cells: passed/failed/skipped; malf.txt is the text format, judged by wabt and kept apart",
    header,
    "-".repeat(header.length),
    ...files.map((file) => row(file.file, file.kinds, widths)),
    "-".repeat(header.length),
    row("total", totals, widths),
  ];
  return lines.join("\n");
}

/** One-line summary of the totals, engine commands and text-format commands apart. */
export function formatSummary(files: readonly FileReport[]): string {
  const totals = totalsOf(files);
  const sum = (kinds: readonly ReportKind[]) => {
    const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
    for (const kind of kinds) {
      for (const status of ["passed", "failed", "skipped"] as const) {
        counts[status] += totals[kind][status];
      }
    }
    return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
  };
  const engineKinds = REPORT_KINDS.filter((kind) => kind !== "assert_malformed_text");
  const messages = messageStats(files);
  return [
    `engine commands: ${sum(engineKinds)}`,
    `text-format commands (wabt): ${sum(["assert_malformed_text"])}`,
    `rejection messages matching the suite: ${messages.matched}/${messages.total}`,
  ].join("\n");
}
