/**
 * The golden corpus as data: finding the cases under `golden/`, reading each one's `;;!`
 * header, and rendering the dump of a case under one profile (STYLE rules 21-22).
 *
 * A case is `golden/<op_or_feature>/<case>.wast`: a script whose first line names its profiles,
 *
 * ```
 * ;;! profiles = ["O0-explicit", "O0-guard"]
 * ```
 *
 * and whose modules (every `module` command, and the modules of `assert_trap`/
 * `assert_unlinkable` on a module) are compiled under each; the expected text sits beside the
 * case as `<case>.<profile>.dump`.
 *
 * @module
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { compile } from "../engine/mod.ts";
import { UnsupportedError } from "../engine/errors.ts";
import { ENGINE_VERSION } from "../engine/engine_id.ts";
import { readElf } from "../engine/obj/mod.ts";
import { hostTarget } from "../engine/settings.ts";
import { PROFILES, profileSettings } from "../golden/profiles.ts";
import { inspectObject } from "../harness/inspect/mod.ts";
import { type Command, moduleBinary, type ModuleDef, readScript } from "../harness/wast/mod.ts";

/** A case file that cannot be used: a bad header, an unknown profile, no module. */
export class GoldenCaseError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "GoldenCaseError";
  }
}

/** One golden case. */
export interface GoldenCase {
  /** Path from `golden/` without `.wast`, with `/` separators: `i32/arith`. */
  readonly name: string;
  /** Absolute path of the `.wast` file. */
  readonly file: string;
  readonly profiles: readonly string[];
  readonly commands: readonly Command[];
}

/** One module of a case, as the dump titles it. */
export interface CaseModule {
  /** `module 1 ($lib, line 3)`. */
  readonly title: string;
  readonly def: ModuleDef;
}

const HEADER = /^;;!\s*profiles\s*=\s*(\[.*\])\s*$/;

/**
 * The profile names of the `;;! profiles = [...]` header on the case's first line.
 *
 * @throws {GoldenCaseError} when the header is missing, malformed or names an unknown profile.
 */
export function parseProfiles(text: string, file: string): string[] {
  const first = text.split("\n", 1)[0] ?? "";
  const match = first.match(HEADER);
  if (match === null) {
    throw new GoldenCaseError(file, `the first line must be ;;! profiles = ["...", ...]`);
  }
  let names: unknown;
  try {
    names = JSON.parse(match[1]!);
  } catch {
    throw new GoldenCaseError(file, `the profiles header is not a JSON list of strings`);
  }
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== "string")) {
    throw new GoldenCaseError(file, `the profiles header must list at least one profile name`);
  }
  for (const name of names as string[]) {
    if (PROFILES[name] === undefined) {
      const known = Object.keys(PROFILES).join(", ");
      throw new GoldenCaseError(
        file,
        `unknown profile "${name}" (golden/profiles.ts has ${known})`,
      );
    }
  }
  if (new Set(names).size !== names.length) {
    throw new GoldenCaseError(file, `the profiles header names a profile twice`);
  }
  return names as string[];
}

/** The `.wast` files under `root`, sorted, as paths relative to it. */
function wastFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true }).map(String)
    .filter((path) => path.endsWith(".wast"))
    .map((path) => path.split("\\").join("/"))
    .sort();
}

/**
 * Every case under `root` (the `golden/` folder), sorted by name.
 *
 * @throws {GoldenCaseError} on a case with a bad header.
 * @throws {import("../harness/wast/mod.ts").WastSyntaxError} on a case that does not read.
 */
export function findCases(root: string): GoldenCase[] {
  return wastFiles(root).map((path) => {
    const file = join(root, path);
    const text = readFileSync(file, "utf8");
    const name = path.slice(0, -".wast".length);
    return { name, file, profiles: parseProfiles(text, file), commands: readScript(text, path) };
  });
}

/** The modules a case compiles, in script order. */
export function caseModules(kase: GoldenCase): CaseModule[] {
  const modules: CaseModule[] = [];
  for (const command of kase.commands) {
    const named = command.kind === "module" ? command.name : undefined;
    const def = command.kind === "module" ||
        command.kind === "assert_uninstantiable" || command.kind === "assert_unlinkable"
      ? command.module
      : undefined;
    if (def === undefined) continue;
    const label = named === undefined ? "" : `${named}, `;
    modules.push({ title: `module ${modules.length + 1} (${label}line ${command.pos.line})`, def });
  }
  if (modules.length === 0) throw new GoldenCaseError(kase.file, "the case has no module");
  return modules;
}

/** Where the expected dump of `kase` under `profile` lives. */
export function dumpPath(root: string, kase: GoldenCase, profile: string): string {
  return join(root, `${kase.name}.${profile}.dump`);
}

/** The object of one module under one profile (with another symbol prefix, if given). */
export async function compileModule(
  def: ModuleDef,
  profile: string,
  symbolPrefix?: string,
): Promise<Uint8Array> {
  const wasm = await moduleBinary(def);
  const settings = profileSettings(profile);
  return compile({
    wasm,
    settings: symbolPrefix === undefined ? settings : { ...settings, symbolPrefix },
    target: hostTarget(),
    engine: ENGINE_VERSION,
  });
}

/**
 * Whether each module's code (`.text`) is byte for byte the same under `symbolPrefix` as in the
 * golden object: the runner links objects compiled with per-module prefixes, so this is what
 * makes its passing assertions a proof about the golden bytes. Returns the titles that differ.
 */
export async function codeDiffersUnderPrefix(
  kase: GoldenCase,
  profile: string,
  dump: CaseDump,
  symbolPrefix: string,
): Promise<string[]> {
  const differ: string[] = [];
  for (const [index, module] of caseModules(kase).entries()) {
    const golden = dump.objects[index];
    if (golden === undefined) continue;
    const other = await compileModule(module.def, profile, symbolPrefix);
    const text = (bytes: Uint8Array) =>
      readElf(bytes).sections.find((section) => section.name === ".text")?.data ?? new Uint8Array();
    const [left, right] = [text(golden), text(other)];
    if (left.length !== right.length || left.some((byte, at) => byte !== right[at])) {
      differ.push(module.title);
    }
  }
  return differ;
}

/**
 * The dump of a case under a profile: for each module, a title line and its `inspectObject`
 * text. A module the engine does not handle yet (`UnsupportedError`) is recorded as its error
 * line, so the golden shows the day it starts to compile; any other error throws (a golden
 * case is a valid module, so a `CompileError` is a bug in the case or the engine).
 */
export async function renderCase(kase: GoldenCase, profile: string): Promise<CaseDump> {
  const parts: string[] = [];
  const objects: (Uint8Array | undefined)[] = [];
  let rejected = 0;
  for (const module of caseModules(kase)) {
    parts.push(`==== ${module.title} ====`);
    try {
      const object = await compileModule(module.def, profile);
      objects.push(object);
      parts.push(inspectObject(object));
    } catch (error) {
      if (!(error instanceof UnsupportedError)) throw error;
      objects.push(undefined);
      rejected++;
      parts.push(`compile error: ${error.name}: ${error.message}\n`);
    }
  }
  return { text: parts.join("\n"), objects, rejected };
}

/** A rendered case: the dump text and the objects it shows. */
export interface CaseDump {
  readonly text: string;
  /** Each module's object, or undefined where compile does not handle it yet. */
  readonly objects: readonly (Uint8Array | undefined)[];
  /** How many modules compile does not handle yet. */
  readonly rejected: number;
}

/** The dump files under `root` that belong to no case and profile (left by a rename). */
export function strayDumps(root: string, cases: readonly GoldenCase[]): string[] {
  const expected = new Set(
    cases.flatMap((kase) => kase.profiles.map((profile) => dumpPath(root, kase, profile))),
  );
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true }).map(String)
    .filter((path) => path.endsWith(".dump"))
    .map((path) => join(root, path))
    .filter((path) => !expected.has(path))
    .map((path) => relative(root, path))
    .sort();
}
