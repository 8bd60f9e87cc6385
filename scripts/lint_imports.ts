/**
 * The import rule of STYLE.md: imports only point down the pipeline. Every file that
 * `engine/mod.ts` reaches may import only from its own layer or a lower one:
 *
 * ```
 * base     engine/settings.ts, errors.ts, engine_id.ts, abi/   (read by everyone)
 * wasm     decode and validate                                  base
 * compile  lowering onto the masm interface                     base, wasm
 * x64      the masm implementation and the instruction table    base, wasm, compile
 * obj      the ELF writer and the descriptor                    base, wasm, compile, x64
 * cache    the compile cache                                    base
 * engine/mod.ts lists the stages, so it may import every layer.
 * ```
 *
 * Nothing the engine reaches imports from outside `engine/`. Test files, and private helpers
 * only tests reach, are exempt. Cycles between files are errors too.
 *
 * Usage: `deno run --allow-read scripts/lint_imports.ts` (part of `deno task check`).
 *
 * @module
 */

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "./fetch_spec_tests.ts";

const LAYERS: Readonly<Record<string, readonly string[]>> = {
  base: ["base"],
  wasm: ["base", "wasm"],
  compile: ["base", "wasm", "compile"],
  x64: ["base", "wasm", "compile", "x64"],
  obj: ["base", "wasm", "compile", "x64", "obj"],
  cache: ["base", "cache"],
  mod: ["base", "wasm", "compile", "x64", "obj", "cache", "mod"],
};

/** The layer of a file under `engine/`, or undefined outside it. */
export function layerOf(path: string): string | undefined {
  const parts = path.split("/");
  if (parts[0] !== "engine") return undefined;
  if (parts.length === 2) return parts[1] === "mod.ts" ? "mod" : "base";
  return parts[1] === "abi" ? "base" : parts[1];
}

/** One relative import: its target, and whether it is erased at run time (`import type`). */
interface Edge {
  readonly target: string;
  readonly typeOnly: boolean;
}

function importsOf(root: string, file: string): Edge[] {
  const text = readFileSync(join(root, file), "utf8");
  const statements = text.matchAll(/^\s*(import|export)\s+(type\s)?[^;]*?from\s+"(\.[^"]+)"/gms);
  return [...statements].map((match) => ({
    target: relative(root, resolve(root, dirname(file), match[3]!)),
    typeOnly: match[2] !== undefined,
  }));
}

/** Every file `entry` reaches through relative imports, with its imports. */
function graphFrom(root: string, entry: string): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file) || !existsSync(join(root, file))) continue;
    const imports = importsOf(root, file);
    graph.set(file, imports);
    pending.push(...imports.map((edge) => edge.target));
  }
  return graph;
}

/** A cycle of run-time imports (type-only imports are erased, so they cannot form one). */
function findCycle(graph: ReadonlyMap<string, readonly Edge[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, "open");
    stack.push(file);
    for (const edge of graph.get(file) ?? []) {
      if (edge.typeOnly) continue;
      const cycle = visit(edge.target);
      if (cycle !== undefined) return cycle;
    }
    stack.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of [...graph.keys()].sort()) {
    const cycle = visit(file);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/** The violations of the import rule in the tree at `root`, one line each. */
export function checkImports(root: string = REPO_ROOT): string[] {
  const graph = graphFrom(root, "engine/mod.ts");
  const problems: string[] = [];
  for (const [file, imports] of [...graph].sort(([a], [b]) => a < b ? -1 : 1)) {
    const layer = layerOf(file)!;
    for (const { target } of imports) {
      const targetLayer = layerOf(target);
      if (targetLayer === undefined) {
        problems.push(`${file} imports ${target}, outside engine/`);
      } else if (!LAYERS[layer]!.includes(targetLayer)) {
        problems.push(`${file} (${layer}) imports ${target} (${targetLayer}): an upward import`);
      }
    }
  }
  const cycle = findCycle(graph);
  if (cycle !== undefined) problems.push(`import cycle: ${cycle.join(" -> ")}`);
  return problems;
}

if (import.meta.main) {
  const problems = checkImports();
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) Deno.exit(1);
  console.log("imports: every engine import points down the pipeline");
}
