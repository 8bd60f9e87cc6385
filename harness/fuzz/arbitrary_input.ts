/**
 * Arbitraries of the whole `CompileInput` (Ingot DESIGN.md "Settings" and "Fuzzing the cache
 * key"): the module, every field of `CompileSettings` and `Target`, and the engine identity.
 *
 * The arbitraries are derived by walking the defaults (`DEFAULT_SETTINGS`, `hostTarget()`), so
 * a new field is fuzzed without anyone remembering to: booleans flip on their own, and every
 * other leaf takes its domain from `INPUT_DOMAINS`, the one place domains are written down. A
 * leaf without a domain, or a domain without a leaf, throws when the arbitrary is built.
 *
 * @module
 */

import fc from "fast-check";
import { ENGINE_VERSION } from "../../engine/engine_id.ts";
import {
  type CompileInput,
  type CompileSettings,
  DEFAULT_SETTINGS,
  hostTarget,
  type Target,
} from "../../engine/settings.ts";
import { arbitraryWasm, withCustomSection } from "./arbitrary_module.ts";

/** The values one leaf of the input can take. */
export interface Domain {
  readonly arbitrary: fc.Arbitrary<unknown>;
  /** A value of the domain other than `value` (undefined if there is none to give). */
  readonly another: (value: unknown) => unknown;
  /** How often the leaf keeps its default, against 1 for the domain (3 unless given). */
  readonly defaultWeight?: number;
}

/** A domain of finitely many values. */
function oneOf(...values: readonly unknown[]): Domain {
  return {
    arbitrary: fc.constantFrom(...values),
    another: (value) => values[(values.indexOf(value) + 1) % values.length],
  };
}

/**
 * The domain of every leaf that is not a boolean, keyed by its path in `CompileInput`.
 * Target fields list values Ingot does not compile for yet: the key must tell them apart all
 * the same, so that a future target can never be served an x86-64 object.
 */
export const INPUT_DOMAINS: Readonly<Record<string, Domain>> = {
  "settings.optLevel": oneOf(0, 1, 2),
  "settings.boundsChecks": oneOf("explicit", "guard-pages"),
  "settings.symbolPrefix": {
    arbitrary: fc.oneof(
      fc.constant(DEFAULT_SETTINGS.symbolPrefix),
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/),
    ),
    another: (value) => `${value}x`,
  },
  "target.arch": oneOf("x86_64", "aarch64"),
  "target.os": oneOf("linux", "macos"),
  "target.objectFormat": oneOf("elf64", "macho64"),
  "engine": {
    arbitrary: fc.oneof(
      fc.constant(ENGINE_VERSION),
      fc.stringMatching(/^ingot-[0-9a-f]{16}$/),
      fc.string({ maxLength: 6 }),
    ),
    another: (value) => `${value}-other`,
  },
  "wasm": {
    arbitrary: arbitraryWasm(),
    another: (value) => withCustomSection(value as Uint8Array, "ingot-fuzz"),
    // The default is the empty module: the real compile should mostly see real ones.
    defaultWeight: 1,
  },
};

/** A path in the input, such as `["settings", "features", "simd"]`. */
export type LeafPath = readonly string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Uint8Array) &&
    !Array.isArray(value);
}

/** The path of every leaf (a value that is not a plain object) of `value`, in key order. */
export function leafPaths(value: unknown, path: LeafPath = []): LeafPath[] {
  if (!isRecord(value)) return [path];
  return Object.keys(value).flatMap((key) => leafPaths(value[key], [...path, key]));
}

/** The value at `path`. */
export function valueAt(value: unknown, path: LeafPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
}

/** A copy of `value` with the leaf at `path` replaced (deleted when `leaf` is undefined). */
export function withLeaf(value: unknown, path: LeafPath, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = withLeaf(copy[head], rest, leaf);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** The shape every generated input has: the defaults, with the empty module. */
export function inputSchema(): CompileInput {
  return {
    wasm: Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00),
    settings: DEFAULT_SETTINGS,
    target: hostTarget(),
    engine: ENGINE_VERSION,
  };
}

/**
 * The domain of the leaf at `path`, whose default is `value`.
 *
 * @throws {Error} when the leaf is not a boolean and `domains` has no entry for it.
 */
export function domainOf(
  path: LeafPath,
  value: unknown,
  domains: Readonly<Record<string, Domain>> = INPUT_DOMAINS,
): Domain {
  if (typeof value === "boolean") return { arbitrary: fc.boolean(), another: (flag) => !flag };
  const domain = domains[path.join(".")];
  if (domain === undefined) {
    throw new Error(
      `Cannot fuzz ${path.join(".")} (${typeof value}): give it a domain in INPUT_DOMAINS ` +
        `(harness/fuzz/arbitrary_input.ts)`,
    );
  }
  return domain;
}

/**
 * An arbitrary of values shaped like `schema`: records of the leaves' domains, each leaf taking
 * its default three times in four (so most inputs keep every Wasm feature on and compile), the
 * module half the time (`defaultWeight`).
 *
 * @throws {Error} when a leaf has no domain, or a domain names no leaf of `schema`.
 */
export function arbitraryFromSchema(
  schema: unknown,
  domains: Readonly<Record<string, Domain>> = INPUT_DOMAINS,
): fc.Arbitrary<unknown> {
  const paths = new Set(leafPaths(schema).map((path) => path.join(".")));
  const stale = Object.keys(domains).filter((key) => !paths.has(key));
  if (stale.length > 0) throw new Error(`INPUT_DOMAINS names no field of the input: ${stale}`);
  const walk = (value: unknown, path: LeafPath): fc.Arbitrary<unknown> => {
    if (isRecord(value)) {
      const fields = Object.keys(value).map((key) => [key, walk(value[key], [...path, key])]);
      return fc.record(Object.fromEntries(fields));
    }
    const domain = domainOf(path, value, domains);
    const byDefault = { weight: domain.defaultWeight ?? 3, arbitrary: fc.constant(value) };
    // Cross-shrinking lets a counterexample's leaves shrink back to their defaults.
    return fc.oneof({ withCrossShrink: true }, byDefault, {
      weight: 1,
      arbitrary: domain.arbitrary,
    });
  };
  return walk(schema, []);
}

/** An arbitrary of every `CompileSettings`. */
export function arbitrarySettings(): fc.Arbitrary<CompileSettings> {
  return arbitraryFromSchema(inputSchema()).map((input) => (input as CompileInput).settings);
}

/** An arbitrary of every `Target`, including ones Ingot cannot compile for yet. */
export function arbitraryTarget(): fc.Arbitrary<Target> {
  return arbitraryFromSchema(inputSchema()).map((input) => (input as CompileInput).target);
}

/**
 * An arbitrary of whole inputs: a valid module and any settings, target and engine. Modules and
 * settings are drawn independently: a module that uses a feature the settings switch off (most
 * often SIMD, which a share of modules use) is a validation error, a compile outcome the key
 * must keep apart as well; the Wasm features stay on three times in four, so most inputs
 * compile.
 */
export function arbitraryInput(): fc.Arbitrary<CompileInput> {
  return arbitraryFromSchema(inputSchema()) as fc.Arbitrary<CompileInput>;
}

/** How the second input of a pair relates to the first. */
export type PairKind = "same" | "one-field" | "independent";

/** Two inputs for the soundness property; `field` names the changed leaf of a one-field pair. */
export interface InputPair {
  readonly a: CompileInput;
  readonly b: CompileInput;
  readonly kind: PairKind;
  readonly field: string | undefined;
}

/**
 * Pairs of inputs, biased toward pairs that differ in exactly one leaf (the one a wrong key
 * would leave out), with some identical pairs (hits) and some unrelated ones.
 */
export function arbitraryPair(): fc.Arbitrary<InputPair> {
  const paths = leafPaths(inputSchema());
  const kind = fc.constantFrom<PairKind>(
    "one-field",
    "one-field",
    "one-field",
    "same",
    "independent",
  );
  return fc.record({
    a: arbitraryInput(),
    other: arbitraryInput(),
    kind,
    leaf: fc.nat(paths.length - 1),
  })
    .map(({ a, other, kind, leaf }) => {
      if (kind === "same") return { a, b: a, kind, field: undefined };
      if (kind === "independent") return { a, b: other, kind, field: undefined };
      const path = paths[leaf]!;
      let value = valueAt(other, path);
      if (sameLeaf(value, valueAt(a, path))) {
        value = domainOf(path, value).another(value) ?? value;
      }
      return { a, b: withLeaf(a, path, value) as CompileInput, kind, field: path.join(".") };
    });
}

function sameLeaf(x: unknown, y: unknown): boolean {
  if (x instanceof Uint8Array && y instanceof Uint8Array) {
    return x.length === y.length && x.every((byte, index) => byte === y[index]);
  }
  return Object.is(x, y);
}
