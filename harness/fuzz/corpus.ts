/**
 * The corpus of counterexamples: every failure the fuzzer finds is saved as one JSON file
 * (the property, the seed, the shrunk case) plus a `.wat` file of its modules, and every later
 * run, and `deno task test`, replays the corpus first. Files hold real counterexamples only and
 * are checked in as regression tests.
 *
 * JSON cannot hold byte arrays; they are written as `{"$bytes": "<hex>"}`.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  checkCase,
  PROPERTY_NAMES,
  type PropertyContext,
  type PropertyName,
} from "./properties.ts";

/** The checked-in corpus folder. */
export const CORPUS_DIR: string = new URL("./corpus/", import.meta.url).pathname;

/** One saved counterexample. */
export interface CorpusCase {
  readonly property: PropertyName;
  readonly seed: number;
  /** fast-check's replay path, when known. */
  readonly path: string | undefined;
  /** The property's case: the value its arbitrary generated. */
  readonly value: unknown;
  /** The failure report, for readers. */
  readonly report: string;
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** `value` as JSON, byte arrays as `{"$bytes": hex}`. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item) => item instanceof Uint8Array ? { $bytes: hexOf(item) } : item,
    2,
  );
}

/** The value of `toJson` text. */
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, item) => {
    const isBytes = typeof item === "object" && item !== null && Object.keys(item).length === 1 &&
      typeof item.$bytes === "string";
    return isBytes ? bytesOf(item.$bytes) : item;
  });
}

/** Saves `entry` (and `wat`) under `dir`; returns the JSON file's path. */
export function saveCase(dir: string, entry: CorpusCase, wat: string): string {
  const text = toJson(entry);
  const name = `${entry.property}-${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;
  Deno.mkdirSync(dir, { recursive: true });
  Deno.writeTextFileSync(join(dir, `${name}.json`), `${text}\n`);
  Deno.writeTextFileSync(join(dir, `${name}.wat`), wat);
  return join(dir, `${name}.json`);
}

/** The cases saved under `dir`, by file path (none when there is no folder). */
export function loadCorpus(dir: string): { file: string; entry: CorpusCase }[] {
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return names.filter((name) => name.endsWith(".json")).sort().map((name) => {
    const file = join(dir, name);
    return { file, entry: loadCase(file) };
  });
}

/** The case saved in `file`. */
export function loadCase(file: string): CorpusCase {
  const entry = fromJson(Deno.readTextFileSync(file)) as CorpusCase;
  if (!PROPERTY_NAMES.includes(entry.property)) {
    throw new Error(`Cannot replay ${file}: unknown property "${entry.property}"`);
  }
  return entry;
}

/** Replays every case under `dir`; returns the ones that still fail, with their errors. */
export async function replayCorpus(
  dir: string,
  ctx: PropertyContext,
): Promise<{ file: string; error: unknown }[]> {
  const failures: { file: string; error: unknown }[] = [];
  for (const { file, entry } of loadCorpus(dir)) {
    try {
      await checkCase(entry.property, ctx, entry.value);
    } catch (error) {
      failures.push({ file, error });
    }
  }
  return failures;
}
