/**
 * The cache-key properties (Ingot DESIGN.md "Fuzzing the cache key"), each written against an
 * injectable compile function and key:
 *
 * - determinism: compiling an input twice (the second time a structured clone, after another
 *   input) gives the same answer;
 * - soundness: after `cache.load(a)`, `cache.load(b)` answers exactly a fresh `compile(b)`;
 * - faults: after an entry is damaged between two loads, every load still answers
 *   `compile(input)`, twice (the second time from the repaired entry);
 * - nothing more: what cannot change the output (the cache folder and options, `RunOptions`
 *   flags, the path the module was read from, the order and identity of the input's objects)
 *   does not change the key.
 *
 * An "answer" is the bytes, or the name and message of the error thrown: the cache must pass
 * compile errors through unchanged, never turn them into bytes, or bytes into errors.
 *
 * @module
 */

import fc from "fast-check";
import { join } from "node:path";
import { Cache, cacheKey } from "../../engine/cache/mod.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { parseSettingsFlags } from "../cli/settings_flags.ts";
import { applyFault, arbitraryFault, entryFiles, type Fault } from "./_faults.ts";
import { arbitraryInput, arbitraryPair, type InputPair } from "./arbitrary_input.ts";
import type { CompileFn } from "./compilers.ts";

/** What a property runs against. */
export interface PropertyContext {
  readonly compile: CompileFn;
  /** The cache key (default `cacheKey`); mutants replace it. */
  readonly key?: (input: CompileInput) => string;
  /** A folder the property may fill with one fresh cache folder per run. */
  readonly root: string;
}

/** What a compile or a load answered. */
export type Outcome = { readonly bytes: Uint8Array } | { readonly error: string };

/** The answer of `run`: its bytes, or its error's name and message. */
export async function outcomeOf(
  run: () => Uint8Array | Promise<Uint8Array>,
): Promise<Outcome> {
  try {
    return { bytes: await run() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Whether two answers are the same bytes or the same error. */
export function sameOutcome(x: Outcome, y: Outcome): boolean {
  if ("error" in x || "error" in y) return "error" in x && "error" in y && x.error === y.error;
  return x.bytes.length === y.bytes.length && x.bytes.every((byte, at) => byte === y.bytes[at]);
}

/** A property failure: the cache (or compile) answered `got` where `want` was due. */
export class CacheMismatch extends Error {
  readonly property: string;
  readonly input: CompileInput;
  readonly previous: CompileInput | undefined;
  readonly got: Outcome;
  readonly want: Outcome;

  constructor(
    property: string,
    inputs: { input: CompileInput; previous?: CompileInput },
    got: Outcome,
    want: Outcome,
    detail: string,
  ) {
    super(`${property}: ${detail}`);
    this.name = "CacheMismatch";
    this.property = property;
    this.input = inputs.input;
    this.previous = inputs.previous;
    this.got = got;
    this.want = want;
  }
}

let runCounter = 0;

/** The folders of one run: the cache's, and a scratch folder that holds it. */
interface RunDirs {
  readonly cache: string;
  readonly scratch: string;
}

/** Runs `body` with a fresh cache in a fresh folder under `ctx.root`, then removes both. */
async function withCache<T>(
  ctx: PropertyContext,
  body: (cache: Cache, dirs: RunDirs) => Promise<T>,
): Promise<T> {
  const scratch = join(ctx.root, `run-${runCounter++}`);
  const dirs = { cache: join(scratch, "cache"), scratch };
  const cache = newCache(ctx, dirs.cache);
  try {
    return await body(cache, dirs);
  } finally {
    await cache.close();
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
}

function newCache(ctx: PropertyContext, dir: string, maxBytes?: number): Cache {
  return new Cache({
    dir,
    warn: () => {},
    ...(ctx.key === undefined ? {} : { key: ctx.key }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
}

/** Loads `input` through `cache` and compares with a fresh compile. */
async function expectFresh(
  ctx: PropertyContext,
  cache: Cache,
  property: string,
  inputs: { input: CompileInput; previous?: CompileInput },
): Promise<void> {
  const got = await outcomeOf(() => cache.load(inputs.input, ctx.compile));
  const want = await outcomeOf(() => ctx.compile(inputs.input));
  if (!sameOutcome(got, want)) {
    throw new CacheMismatch(property, inputs, got, want, "load answered other than compile");
  }
}

/**
 * Determinism: two compiles of `input` answer the same, the second of a structured clone and
 * after a compile of `other` (so state a compile leaves behind shows).
 */
export async function checkDeterminism(
  ctx: PropertyContext,
  input: CompileInput,
  other: CompileInput,
): Promise<void> {
  const first = await outcomeOf(() => ctx.compile(input));
  await outcomeOf(() => ctx.compile(other));
  const second = await outcomeOf(() => ctx.compile(structuredClone(input)));
  if (!sameOutcome(first, second)) {
    throw new CacheMismatch(
      "determinism",
      { input },
      second,
      first,
      "compile is not deterministic",
    );
  }
}

/** Soundness: after loading `pair.a`, loading `pair.b` (twice) answers `compile(pair.b)`. */
export async function checkSoundness(ctx: PropertyContext, pair: InputPair): Promise<void> {
  await withCache(ctx, async (cache) => {
    await outcomeOf(() => cache.load(pair.a, ctx.compile));
    await expectFresh(ctx, cache, "soundness", { input: pair.b, previous: pair.a });
    await expectFresh(ctx, cache, "soundness", { input: pair.b, previous: pair.a });
  });
}

/**
 * Faults: loads `pair.a` and `pair.b`, damages a's entry (swapping it with b's for a swap),
 * then loads both again, twice, through a new Cache: every answer is a fresh compile's. For a
 * stale-engine fault, b is a under another engine identity.
 */
export async function checkFaults(
  ctx: PropertyContext,
  given: InputPair,
  fault: Fault,
): Promise<void> {
  const pair = fault.kind === "stale-engine"
    ? { ...given, b: { ...given.a, engine: `${given.a.engine}-next` } }
    : given;
  await withCache(ctx, async (cache, dirs) => {
    await outcomeOf(() => cache.load(pair.a, ctx.compile));
    const [entryOfA] = entryFiles(dirs.cache);
    await outcomeOf(() => cache.load(pair.b, ctx.compile));
    const entryOfB = entryFiles(dirs.cache).find((path) => path !== entryOfA);
    if (entryOfA !== undefined) applyFault(fault, entryOfA, entryOfB);
    const reopened = newCache(ctx, dirs.cache);
    try {
      for (let round = 0; round < 2; round++) {
        await expectFresh(ctx, reopened, `faults (${fault.kind})`, { input: pair.a });
        await expectFresh(ctx, reopened, `faults (${fault.kind})`, { input: pair.b });
      }
    } finally {
      await reopened.close();
    }
  });
}

/** What the "nothing more" property varies besides the input. */
export interface Irrelevant {
  /** RunOptions flags of the CLI (`--cache-dir D`, `--no-cache`, `-j N`, `-v`). */
  readonly runFlags: readonly string[];
  /** Two file names the module is read from. */
  readonly fileNames: readonly [string, string];
  /** A size limit for the second cache folder. */
  readonly maxBytes: number;
}

/** The entry files under `dir`, as (path relative to `dir`, bytes). */
function entriesOf(dir: string): [string, number[]][] {
  return entryFiles(dir).map((path) => [path.slice(dir.length), [...Deno.readFileSync(path)]]);
}

function mustEqual(what: string, input: CompileInput, x: unknown, y: unknown): void {
  if (JSON.stringify(x) === JSON.stringify(y)) return;
  const got = { error: JSON.stringify(x) };
  throw new CacheMismatch("nothing more", { input }, got, { error: JSON.stringify(y) }, what);
}

/** A deep copy of `value` with every object's keys in reverse order, not frozen. */
function reordered(value: unknown): unknown {
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value;
  const entries = Object.entries(value).reverse().map(([key, item]) => [key, reordered(item)]);
  return Object.fromEntries(entries);
}

/**
 * Nothing more: the key of `input` does not depend on the cache folder or its size limit, on
 * CLI run flags, on the path the module was read from, or on key order and freezing.
 */
export async function checkNothingMore(
  ctx: PropertyContext,
  input: CompileInput,
  irrelevant: Irrelevant,
): Promise<void> {
  const key = ctx.key ?? cacheKey;
  const withRun = parseSettingsFlags(irrelevant.runFlags).settings;
  mustEqual("settings with run flags", input, withRun, parseSettingsFlags([]).settings);
  mustEqual("key of a reordered copy", input, key(reordered(input) as CompileInput), key(input));
  await withCache(ctx, async (cache, dirs) => {
    const paths = irrelevant.fileNames.map((name, i) => join(dirs.scratch, `in${i}`, name));
    for (const path of paths) {
      await Deno.mkdir(join(path, ".."), { recursive: true });
      await Deno.writeFile(path, input.wasm);
    }
    const [first, second] = await Promise.all(paths.map((path) => Deno.readFile(path)));
    const fromFirst = { ...input, wasm: first! };
    const fromSecond = { ...input, wasm: second! };
    mustEqual("key by path", input, key(fromFirst), key(fromSecond));
    const answer = await outcomeOf(() => cache.load(fromFirst, ctx.compile));
    const otherDir = join(dirs.scratch, "other");
    const other = newCache(ctx, otherDir, irrelevant.maxBytes);
    try {
      await outcomeOf(() => other.load(fromSecond, ctx.compile));
      mustEqual("entries by folder", input, entriesOf(dirs.cache), entriesOf(otherDir));
    } finally {
      await other.close();
    }
    if ("bytes" in answer) {
      const hit = await outcomeOf(() => cache.load(fromSecond, () => Promise.reject("no hit")));
      if (!sameOutcome(hit, answer)) mustEqual("hit from another path", input, hit, answer);
    }
  });
}

const runFlag = fc.oneof(
  fc.stringMatching(/^\/tmp\/[a-z0-9]{1,8}$/).map((dir) => ["--cache-dir", dir]),
  fc.constant(["--no-cache"]),
  fc.integer({ min: 1, max: 64 }).map((jobs) => ["-j", String(jobs)]),
  fc.constant(["-v"]),
);

/** What the "nothing more" property varies besides the input. */
export const arbitraryIrrelevant: fc.Arbitrary<Irrelevant> = fc.record({
  runFlags: fc.array(runFlag, { maxLength: 4 }).map((flags) => flags.flat()),
  fileNames: fc.tuple(
    fc.stringMatching(/^[a-z0-9_-]{1,12}\.wasm$/),
    fc.stringMatching(/^[a-z0-9_-]{1,12}\.wasm$/),
  ),
  maxBytes: fc.integer({ min: 2 ** 20, max: 2 ** 40 }),
});

/** The names of the cache properties, in the order the fuzzer runs them. */
export const PROPERTY_NAMES = ["determinism", "soundness", "faults", "nothing-more"] as const;

/** One of `PROPERTY_NAMES`. */
export type PropertyName = typeof PROPERTY_NAMES[number];

/** A property as one arbitrary of cases and one check of a case. */
interface PropertySpec {
  readonly arbitrary: () => fc.Arbitrary<unknown>;
  readonly check: (ctx: PropertyContext, value: unknown) => Promise<void>;
}

function spec<T>(
  arbitrary: () => fc.Arbitrary<T>,
  check: (ctx: PropertyContext, value: T) => Promise<void>,
): PropertySpec {
  return { arbitrary, check: (ctx, value) => check(ctx, value as T) };
}

const SPECS: Readonly<Record<PropertyName, PropertySpec>> = {
  determinism: spec(
    () => fc.record({ input: arbitraryInput(), other: arbitraryInput() }),
    (ctx, { input, other }) => checkDeterminism(ctx, input, other),
  ),
  soundness: spec(arbitraryPair, checkSoundness),
  faults: spec(
    () => fc.record({ pair: arbitraryPair(), fault: arbitraryFault }),
    (ctx, { pair, fault }) => checkFaults(ctx, pair, fault),
  ),
  "nothing-more": spec(
    () => fc.record({ input: arbitraryInput(), irrelevant: arbitraryIrrelevant }),
    (ctx, { input, irrelevant }) => checkNothingMore(ctx, input, irrelevant),
  ),
};

/**
 * The fast-check property `name` against `ctx`; `onRun` is called after every case (for
 * progress lines).
 */
export function cacheProperty(
  name: PropertyName,
  ctx: PropertyContext,
  onRun: () => void = () => {},
): fc.IAsyncPropertyWithHooks<[unknown]> {
  const { arbitrary, check } = SPECS[name];
  return fc.asyncProperty(arbitrary(), async (value) => {
    try {
      await check(ctx, value);
    } finally {
      onRun();
    }
  });
}

/** Runs property `name` on one case (a saved counterexample); throws as the property does. */
export function checkCase(name: PropertyName, ctx: PropertyContext, value: unknown): Promise<void> {
  return SPECS[name].check(ctx, value);
}
