/**
 * Materialises the pinned WebAssembly 2.0 spec suite into `.spec-tests/` (ignored by git).
 *
 * `spec-tests/MANIFEST.txt` pins the upstream commit and a sha256 per file. The files come from,
 * in order: the folder named by `INGOT_SPEC_TESTS`, `../shared/wasm-testsuite` beside the
 * checkout, or a `git clone` of the upstream repository at the pinned commit. Every file's
 * sha256 is checked; a missing or altered file is an error that says where it looked.
 *
 * Usage: `deno task fetch-spec` (the conformance task and the tests call `ensureSpecTests`).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the verified suite is materialised. */
export const SPEC_TESTS_DIR: string = join(REPO_ROOT, ".spec-tests");

/** The pin: upstream repository, commit and one sha256 per file. */
export interface Manifest {
  readonly repository: string;
  readonly commit: string;
  readonly files: ReadonlyMap<string, string>;
}

/** A missing, altered or unobtainable suite file. */
export class SpecTestsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpecTestsError";
  }
}

/** Reads `spec-tests/MANIFEST.txt`. */
export function readManifest(path = join(REPO_ROOT, "spec-tests", "MANIFEST.txt")): Manifest {
  const text = readFileSync(path, "utf8");
  const repository = /^# upstream repository: .*\((\S+)\)/m.exec(text)?.[1];
  const commit = /^# commit: ([0-9a-f]{40})/m.exec(text)?.[1];
  if (repository === undefined || commit === undefined) {
    throw new SpecTestsError(`${path}: missing the "# upstream repository" or "# commit" line`);
  }
  const files = new Map<string, string>();
  for (const [index, line] of text.split("\n").entries()) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (match === null) throw new SpecTestsError(`${path}:${index + 1}: malformed manifest line`);
    files.set(match[2]!, match[1]!);
  }
  return { repository, commit, files };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Lists the problems of `dir` against the manifest: missing or altered files. */
export function verifyFolder(dir: string, manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const [file, expected] of manifest.files) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      problems.push(`${file}: missing`);
      continue;
    }
    const actual = sha256(readFileSync(path));
    if (actual !== expected) problems.push(`${file}: sha256 ${actual}, expected ${expected}`);
  }
  return problems;
}

function copyVerified(source: string, target: string, manifest: Manifest): void {
  const staging = `${target}.tmp-${Deno.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of manifest.files.keys()) {
    writeFileSync(join(staging, file), readFileSync(join(source, file)));
  }
  writeFileSync(join(staging, ".commit"), `${manifest.commit}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}

function cloneUpstream(manifest: Manifest): string {
  const dir = Deno.makeTempDirSync({ prefix: "ingot-testsuite-" });
  const git = (...args: string[]) => {
    const out = new Deno.Command("git", { args, cwd: dir, stdout: "piped", stderr: "piped" })
      .outputSync();
    if (!out.success) {
      throw new SpecTestsError(
        `git ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr).trim()}`,
      );
    }
  };
  git("init", "-q");
  git("remote", "add", "origin", `${manifest.repository}.git`);
  git("fetch", "-q", "--depth", "1", "origin", manifest.commit);
  git("checkout", "-q", "FETCH_HEAD");
  return dir;
}

/** A folder that may hold the suite. */
export interface SpecTestsSource {
  readonly label: string;
  readonly dir: string;
}

/** Options of {@linkcode ensureSpecTests}; tests replace the places it looks. */
export interface EnsureOptions {
  readonly log?: (line: string) => void;
  readonly target?: string;
  readonly sources?: readonly SpecTestsSource[];
  readonly clone?: boolean;
}

/** The local folders tried, in order: `INGOT_SPEC_TESTS`, then `../shared/wasm-testsuite`. */
export function localSources(): SpecTestsSource[] {
  const sources: SpecTestsSource[] = [];
  const fromEnv = Deno.env.get("INGOT_SPEC_TESTS");
  if (fromEnv) sources.push({ label: `INGOT_SPEC_TESTS=${fromEnv}`, dir: resolve(fromEnv) });
  const shared = resolve(REPO_ROOT, "..", "shared", "wasm-testsuite");
  sources.push({ label: shared, dir: shared });
  return sources;
}

/**
 * Makes sure `.spec-tests/` holds every pinned file with its pinned sha256, fetching it when
 * needed, and returns that folder's absolute path.
 *
 * @throws {SpecTestsError} when no source has the pinned files; the message lists each place
 * it looked and what was wrong there.
 */
export function ensureSpecTests(options: EnsureOptions = {}): string {
  const manifest = readManifest();
  const log = options.log ?? (() => {});
  const target = options.target ?? SPEC_TESTS_DIR;
  if (verifyFolder(target, manifest).length === 0) return target;
  const tried: string[] = [];
  for (const { label, dir } of options.sources ?? localSources()) {
    if (!existsSync(dir)) {
      tried.push(`${label}: no such folder`);
      continue;
    }
    const problems = verifyFolder(dir, manifest);
    if (problems.length === 0) {
      log(`spec tests: copying ${manifest.files.size} files from ${label}`);
      copyVerified(dir, target, manifest);
      return target;
    }
    tried.push(`${label}: ${problems.length} bad file(s), first ${problems[0]}`);
  }
  const upstream = `${manifest.repository} at ${manifest.commit}`;
  if (options.clone === false) tried.push(`${upstream}: cloning disabled`);
  else {try {
      log(`spec tests: cloning ${upstream}`);
      const dir = cloneUpstream(manifest);
      const problems = verifyFolder(dir, manifest);
      if (problems.length === 0) {
        copyVerified(dir, target, manifest);
        rmSync(dir, { recursive: true, force: true });
        return target;
      }
      tried.push(`${upstream}: ${problems.length} bad file(s), first ${problems[0]}`);
    } catch (error) {
      tried.push(`${upstream}: ${error instanceof Error ? error.message : String(error)}`);
    }}
  throw new SpecTestsError(
    `Cannot find the pinned spec suite; looked in:\n${tried.map((t) => `  - ${t}`).join("\n")}`,
  );
}

if (import.meta.main) {
  try {
    const dir = ensureSpecTests({ log: console.log });
    console.log(`spec tests: ${readManifest().files.size} files verified in ${dir}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    Deno.exit(1);
  }
}
