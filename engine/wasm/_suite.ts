/**
 * Test helper: the pinned spec suite's modules, as binaries, sorted by what the suite expects
 * of them (malformed, invalid, or valid). Reads the suite through the harness's .wast reader.
 *
 * @module
 */

import { moduleBinary, readScript } from "../../harness/wast/mod.ts";
import type { Command, ModuleDef } from "../../harness/wast/types.ts";

/** Where the pinned suite lives. */
export const SUITE_DIR = "/work/shared/wasm-testsuite";

/** One module of the suite with its expectation. */
export interface SuiteCase {
  readonly file: string;
  readonly line: number;
  readonly expect: "malformed" | "invalid" | "valid";
  /** The expected message (for malformed and invalid). */
  readonly message: string;
  readonly bytes: Uint8Array;
}

function moduleOf(
  command: Command,
): { def: ModuleDef; expect: SuiteCase["expect"]; message: string } | undefined {
  switch (command.kind) {
    case "module":
      return { def: command.module, expect: "valid", message: "" };
    case "assert_malformed":
      if (command.module.form !== "binary") return undefined;
      return { def: command.module, expect: "malformed", message: command.message };
    case "assert_invalid":
      return { def: command.module, expect: "invalid", message: command.message };
    case "assert_unlinkable":
    case "assert_uninstantiable":
      return { def: command.module, expect: "valid", message: "" };
    default:
      return undefined;
  }
}

/** The suite's .wast files, sorted by name. */
export function suiteFiles(): string[] {
  return [...Deno.readDirSync(SUITE_DIR)]
    .map((entry) => entry.name)
    .filter((name) => name.endsWith(".wast"))
    .sort();
}

/** Every binary-form malformed, invalid and expected-valid module of one file. */
export async function suiteCases(file: string): Promise<SuiteCase[]> {
  const text = Deno.readTextFileSync(`${SUITE_DIR}/${file}`);
  const cases: SuiteCase[] = [];
  for (const command of readScript(text, file)) {
    const found = moduleOf(command);
    if (found === undefined) continue;
    const bytes = await moduleBinary(found.def);
    cases.push({
      file,
      line: command.pos.line,
      expect: found.expect,
      message: found.message,
      bytes,
    });
  }
  return cases;
}
