/**
 * What a failing cache property prints: the seed and path to replay it, the shrunk module(s)
 * as `.wat`, the two inputs' settings (and which leaves differ), and where the bytes differ
 * (first differing offset and the ELF section it falls in, read with `readElf`).
 *
 * @module
 */

import { readElf } from "../../engine/obj/mod.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { leafPaths, valueAt } from "./arbitrary_input.ts";
import { watOf } from "./_wabt.ts";
import { CacheMismatch, type Outcome } from "./properties.ts";

/** The first offset where `x` and `y` differ (the shorter length if one is a prefix). */
export function firstDifference(x: Uint8Array, y: Uint8Array): number | undefined {
  const length = Math.min(x.length, y.length);
  for (let at = 0; at < length; at++) if (x[at] !== y[at]) return at;
  return x.length === y.length ? undefined : length;
}

const hex = (value: number) => `0x${value.toString(16)}`;

/** Where `offset` falls in the ELF object `bytes`: a section, a header or a table. */
export function locateOffset(bytes: Uint8Array, offset: number): string {
  let elf;
  try {
    elf = readElf(bytes);
  } catch (error) {
    return `not an ELF object (${error instanceof Error ? error.message : error})`;
  }
  if (offset < 64) return "ELF header";
  const section = elf.sections.find((entry) =>
    entry.data.length > 0 && offset >= entry.offset && offset < entry.offset + entry.size
  );
  if (section !== undefined) {
    return `section ${section.name || `#${section.index}`} at +${hex(offset - section.offset)}`;
  }
  const table = elf.header.sectionHeaderOffset;
  if (offset >= table && offset < table + 64 * elf.header.sectionCount) {
    return `section header ${Math.floor((offset - table) / 64)}`;
  }
  return "padding between sections";
}

/** The sections (by name) whose contents differ between two ELF objects, with the offset. */
export function differingSections(got: Uint8Array, want: Uint8Array): string[] {
  let sections;
  try {
    sections = [readElf(got).sections, readElf(want).sections];
  } catch {
    return [];
  }
  const [ours, theirs] = sections as [typeof sections[0], typeof sections[0]];
  const names = [...new Set([...theirs, ...ours].map((section) => section.name))];
  return names.flatMap((name) => {
    const x = ours.find((section) => section.name === name)?.data;
    const y = theirs.find((section) => section.name === name)?.data;
    if (x === undefined || y === undefined) return [`${name || "(null)"} (only in one)`];
    const at = firstDifference(x, y);
    return at === undefined ? [] : [`${name || "(null)"} at +${hex(at)}`];
  });
}

function showOutcome(outcome: Outcome): string {
  if ("error" in outcome) return `threw ${outcome.error}`;
  return `${outcome.bytes.length} bytes`;
}

/** How two answers differ, in one or two lines. */
export function describeDifference(got: Outcome, want: Outcome): string {
  const lines = [`got:  ${showOutcome(got)}`, `want: ${showOutcome(want)}`];
  if ("bytes" in got && "bytes" in want) {
    const at = firstDifference(got.bytes, want.bytes);
    if (at !== undefined) {
      lines.push(
        `first differing byte at offset ${hex(at)}: in the expected object, ` +
          `${locateOffset(want.bytes, at)}; in the answer, ${locateOffset(got.bytes, at)}`,
      );
      const sections = differingSections(got.bytes, want.bytes);
      if (sections.length > 0) lines.push(`sections that differ: ${sections.join(", ")}`);
    }
  }
  return lines.join("\n");
}

function printable(value: unknown): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return JSON.stringify(value);
}

/** The leaves (other than the module) where `previous` and `input` differ. */
export function differingLeaves(previous: CompileInput, input: CompileInput): string[] {
  return leafPaths(input).flatMap((path) => {
    const before = valueAt(previous, path);
    const after = valueAt(input, path);
    const same = before instanceof Uint8Array && after instanceof Uint8Array
      ? before.length === after.length && before.every((byte, at) => byte === after[at])
      : Object.is(before, after);
    return same ? [] : [`${path.join(".")}: ${printable(before)} -> ${printable(after)}`];
  });
}

function settingsText(input: CompileInput): string {
  return JSON.stringify({ settings: input.settings, target: input.target, engine: input.engine });
}

/** The modules of a failure as `.wat` text, each under a comment naming its role. */
export async function modulesText(error: CacheMismatch): Promise<string> {
  const parts = [`;; the input loaded (b)\n${await watOf(error.input.wasm)}`];
  const previous = error.previous;
  if (
    previous !== undefined &&
    differingLeaves(previous, error.input).some((l) => l.startsWith("wasm"))
  ) {
    parts.unshift(`;; the input loaded first (a)\n${await watOf(previous.wasm)}`);
  }
  return parts.join("\n");
}

/** Where a failure was found: enough to replay it. */
export interface FailedRun {
  readonly property: string;
  readonly seed: number;
  /** Runs up to and including the failing one. */
  readonly runs: number;
  /** fast-check's path to the shrunk case. */
  readonly path: string | undefined;
  /** Which compile answered (`CompileChoice.describe()`). */
  readonly compile: string;
}

/** The whole report of a failure; `error` is what the property threw. */
export async function describeFailure(run: FailedRun, error: unknown): Promise<string> {
  const lines = [
    `FAILED: cache property "${run.property}" (seed ${run.seed}, run ${run.runs})`,
    `replay: deno task fuzz --only ${run.property} --seed ${run.seed} --runs ${run.runs}` +
    (run.path === undefined ? "" : ` (shrunk: fast-check path ${run.path})`),
    run.compile,
  ];
  if (!(error instanceof CacheMismatch)) {
    lines.push(`error: ${error instanceof Error ? error.stack ?? error.message : error}`);
    return lines.join("\n");
  }
  lines.push(`what: ${error.message}`);
  if (error.previous === undefined) {
    lines.push(`input: ${settingsText(error.input)}`);
  } else {
    const changes = differingLeaves(error.previous, error.input);
    lines.push(`a (loaded first): ${settingsText(error.previous)}`);
    lines.push(`b (loaded next) differs from a in: ${changes.join("; ") || "nothing"}`);
  }
  lines.push(describeDifference(error.got, error.want));
  lines.push(await modulesText(error));
  return lines.join("\n");
}
