/**
 * Command-line flags for every field of `CompileSettings` and of `RunOptions`, shared by the
 * `ingot` CLI and the conformance harness. The feature flags are derived from the settings'
 * defaults, so a new feature gets its flags without an edit here.
 *
 * | flag                                  | setting                                      |
 * | ------------------------------------- | -------------------------------------------- |
 * | `-O N`, `--opt-level N`               | `optLevel` (0, 1, 2)                         |
 * | `--bounds-checks explicit\|guard-pages` | `boundsChecks`                             |
 * | `--features LIST`, `--no-<feature>`   | `features` (LIST: `all`, `none`, `name`, `-name`) |
 * | `--cpu-features LIST`                 | `cpuFeatures` (same LIST syntax)             |
 * | `--nan-canonicalization`              | `nanCanonicalization`                        |
 * | `--symbol-prefix P`                   | `symbolPrefix`                               |
 * | `--debug-names`                       | `debugNames`                                 |
 * | `--cache-dir D`, `--no-cache`, `-j N`, `-v` | `RunOptions`                           |
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  type BoundsChecks,
  type CompileSettings,
  DEFAULT_CPU_FEATURES,
  DEFAULT_FEATURES,
  type OptLevel,
  resolveSettings,
  type RunOptions,
} from "../../engine/settings.ts";

/** A bad command line: the CLI prints its message and exits with 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One parseArgs option. */
export interface FlagOption {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
}

/** `simd` → `simd`, `bulkMemory` → `bulk-memory`, `sse41` → `sse41`. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The parseArgs options of every settings and run flag. */
export const SETTINGS_FLAG_OPTIONS: Readonly<Record<string, FlagOption>> = Object.freeze({
  "opt-level": { type: "string", short: "O" },
  "bounds-checks": { type: "string" },
  "features": { type: "string", multiple: true },
  ...Object.fromEntries(
    Object.keys(DEFAULT_FEATURES).map((name) => [`no-${kebabCase(name)}`, { type: "boolean" }]),
  ),
  "cpu-features": { type: "string", multiple: true },
  "nan-canonicalization": { type: "boolean" },
  "symbol-prefix": { type: "string" },
  "debug-names": { type: "boolean" },
  "cache-dir": { type: "string" },
  "no-cache": { type: "boolean" },
  "jobs": { type: "string", short: "j" },
  "verbose": { type: "boolean", short: "v" },
});

/** What parseArgs gives for the flags. */
export type FlagValues = Readonly<
  Record<string, string | boolean | (string | boolean)[] | undefined>
>;

/** Applies feature LISTs (`all`, `none`, `name`, `-name`) to `defaults`. */
function applyFeatureLists<T extends object>(
  defaults: T,
  lists: readonly string[],
  what: string,
): Record<keyof T & string, boolean> {
  const names = new Map(Object.keys(defaults).map((name) => [kebabCase(name), name]));
  const out = { ...defaults } as Record<string, boolean>;
  for (const item of lists.flatMap((list) => list.split(",")).map((part) => part.trim())) {
    if (item === "") continue;
    if (item === "all" || item === "none") {
      for (const name of names.values()) out[name] = item === "all";
      continue;
    }
    const off = item.startsWith("-") || item.startsWith("no-");
    const bare = item.replace(/^(-|no-)/, "");
    const name = names.get(bare) ?? names.get(kebabCase(bare));
    if (name === undefined) {
      throw new UsageError(
        `Unknown ${what} "${bare}": expected one of ${[...names.keys()].join(", ")}, all, none`,
      );
    }
    out[name] = !off;
  }
  return out as Record<keyof T & string, boolean>;
}

function strings(value: FlagValues[string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function single(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return value === undefined ? undefined : strings(value).at(-1);
}

function integer(text: string, flag: string, allowed: (value: number) => boolean): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !allowed(value)) {
    throw new UsageError(`Cannot use --${flag} ${text}`);
  }
  return value;
}

/**
 * The settings the flags in `values` choose, with defaults for the rest.
 *
 * @throws {UsageError} on an unknown feature or a value outside a setting's domain.
 */
export function settingsFromFlags(values: FlagValues): CompileSettings {
  const features = applyFeatureLists(DEFAULT_FEATURES, strings(values["features"]), "feature");
  for (const name of Object.keys(DEFAULT_FEATURES) as (keyof typeof DEFAULT_FEATURES)[]) {
    if (values[`no-${kebabCase(name)}`] === true) features[name] = false;
  }
  const optLevel = single(values, "opt-level");
  const partial = {
    features,
    cpuFeatures: applyFeatureLists(
      DEFAULT_CPU_FEATURES,
      strings(values["cpu-features"]),
      "CPU feature",
    ),
    ...(optLevel === undefined
      ? {}
      : { optLevel: integer(optLevel, "opt-level", () => true) as OptLevel }),
    ...(values["bounds-checks"] === undefined
      ? {}
      : { boundsChecks: single(values, "bounds-checks") as BoundsChecks }),
    ...(values["nan-canonicalization"] === true ? { nanCanonicalization: true } : {}),
    ...(values["debug-names"] === true ? { debugNames: true } : {}),
    ...(values["symbol-prefix"] === undefined
      ? {}
      : { symbolPrefix: single(values, "symbol-prefix")! }),
  };
  try {
    return resolveSettings(partial);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The run options the flags in `values` choose. */
export function runOptionsFromFlags(values: FlagValues): RunOptions {
  const cacheDir = single(values, "cache-dir");
  const jobs = single(values, "jobs");
  return {
    ...(cacheDir === undefined ? {} : { cacheDir }),
    ...(values["no-cache"] === true ? { noCache: true } : {}),
    ...(jobs === undefined ? {} : { jobs: integer(jobs, "jobs", (value) => value >= 1) }),
    ...(values["verbose"] === true ? { verbose: true } : {}),
  };
}

/** What `parseSettingsFlags` returns. */
export interface ParsedFlags {
  readonly settings: CompileSettings;
  readonly run: RunOptions;
  readonly positionals: string[];
  /** Every flag value, including those of `extra` options. */
  readonly values: FlagValues;
}

/**
 * Parses a command line of settings and run flags, plus `extra` options of the caller.
 *
 * @throws {UsageError} on an unknown flag, a missing value or a value out of its domain.
 */
export function parseSettingsFlags(
  args: readonly string[],
  extra: Readonly<Record<string, FlagOption>> = {},
): ParsedFlags {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...SETTINGS_FLAG_OPTIONS, ...extra },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as FlagValues;
  return {
    settings: settingsFromFlags(values),
    run: runOptionsFromFlags(values),
    positionals: parsed.positionals,
    values,
  };
}

/** The default cache folder: `$XDG_CACHE_HOME/ingot`, else `~/.cache/ingot`. */
export function defaultCacheDir(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): string {
  const xdg = env("XDG_CACHE_HOME");
  if (xdg !== undefined && xdg !== "") return `${xdg}/ingot`;
  const home = env("HOME");
  if (home === undefined || home === "") {
    throw new UsageError(
      "Cannot find a cache folder: set XDG_CACHE_HOME or HOME, or pass --cache-dir",
    );
  }
  return `${home}/.cache/ingot`;
}
