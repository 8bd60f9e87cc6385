import assert from "node:assert/strict";
import { DEFAULT_CPU_FEATURES, DEFAULT_FEATURES, DEFAULT_SETTINGS } from "../../engine/settings.ts";
import {
  defaultCacheDir,
  kebabCase,
  parseSettingsFlags,
  SETTINGS_FLAG_OPTIONS,
  UsageError,
} from "./settings_flags.ts";

Deno.test("parseSettingsFlags() gives the defaults for no flags", () => {
  const parsed = parseSettingsFlags(["a.wasm"]);
  assert.deepEqual(parsed.settings, DEFAULT_SETTINGS);
  assert.deepEqual(parsed.run, {});
  assert.deepEqual(parsed.positionals, ["a.wasm"]);
});

Deno.test("parseSettingsFlags() sets every field of CompileSettings", () => {
  const parsed = parseSettingsFlags([
    "-O2",
    "--bounds-checks",
    "guard-pages",
    "--features",
    "none,simd",
    "--features=bulk-memory",
    "--cpu-features",
    "avx,avx2,-popcnt",
    "--nan-canonicalization",
    "--symbol-prefix",
    "m1_",
    "--debug-names",
  ]);
  assert.deepEqual(parsed.settings, {
    optLevel: 2,
    boundsChecks: "guard-pages",
    features: {
      ...Object.fromEntries(Object.keys(DEFAULT_FEATURES).map((name) => [name, false])),
      simd: true,
      bulkMemory: true,
    },
    cpuFeatures: { ...DEFAULT_CPU_FEATURES, avx: true, avx2: true, popcnt: false },
    nanCanonicalization: true,
    symbolPrefix: "m1_",
    debugNames: true,
  });
  // Every settings field has a flag: changing the defaults through flags reached them all.
  for (const name of Object.keys(DEFAULT_SETTINGS)) {
    assert.notDeepEqual(
      (parsed.settings as unknown as Record<string, unknown>)[name],
      (DEFAULT_SETTINGS as unknown as Record<string, unknown>)[name],
      name,
    );
  }
});

Deno.test("parseSettingsFlags() has a --no-<feature> flag for every Wasm feature", () => {
  for (const name of Object.keys(DEFAULT_FEATURES)) {
    const flag = `no-${kebabCase(name)}`;
    assert.ok(flag in SETTINGS_FLAG_OPTIONS, flag);
    const parsed = parseSettingsFlags([`--${flag}`]);
    assert.equal((parsed.settings.features as unknown as Record<string, boolean>)[name], false);
  }
  assert.equal(parseSettingsFlags(["--no-bulk-memory"]).settings.features.bulkMemory, false);
});

Deno.test("parseSettingsFlags() reads the run options", () => {
  const parsed = parseSettingsFlags(["--cache-dir", "/c", "--no-cache", "-j", "3", "-v"]);
  assert.deepEqual(parsed.run, { cacheDir: "/c", noCache: true, jobs: 3, verbose: true });
});

Deno.test("parseSettingsFlags() rejects bad flags with a UsageError", () => {
  const bad = [
    ["--opt-level", "7"],
    ["-Ox"],
    ["--bounds-checks", "none"],
    ["--features", "threads"],
    ["--cpu-features", "avx512"],
    ["--symbol-prefix", "1x"],
    ["--unknown"],
    ["--jobs", "0"],
  ];
  for (const args of bad) assert.throws(() => parseSettingsFlags(args), UsageError, args.join(" "));
  assert.throws(() => parseSettingsFlags(["--features", "threads"]), /Unknown feature "threads"/);
});

Deno.test("defaultCacheDir() prefers XDG_CACHE_HOME, then ~/.cache", () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(defaultCacheDir(env({ XDG_CACHE_HOME: "/x", HOME: "/h" })), "/x/ingot");
  assert.equal(defaultCacheDir(env({ HOME: "/h" })), "/h/.cache/ingot");
  assert.throws(() => defaultCacheDir(env({})), UsageError);
});
