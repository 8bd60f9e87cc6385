/**
 * A compile worker. The pool starts it with NO permissions, so `compile` running here cannot
 * read files, the environment, the clock's high-resolution source or the network: it can see
 * nothing but the input it is sent (DESIGN.md: `compile` is pure).
 *
 * @module
 */

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

import * as engine from "../../engine/mod.ts";
import type { CompileInput } from "../../engine/mod.ts";
import { UnsupportedError } from "../../engine/errors.ts";
import { serializeError } from "./_errors.ts";
import type { WorkerReply, WorkerRequest } from "./_protocol.ts";

type CompileFunction = (input: CompileInput) => Uint8Array;

/** The engine's `compile`; a stand-in that says so while engine/mod.ts does not export it yet. */
const compile: CompileFunction = (engine as { compile?: CompileFunction }).compile ??
  (() => {
    throw new UnsupportedError("compile", { detail: "engine/mod.ts does not export it yet" });
  });

/** What this worker may do: each probe's error class name, or "allowed". */
function probe(): Record<string, string> {
  const attempts: Record<string, () => unknown> = {
    env: () => Deno.env.get("HOME"),
    read: () => Deno.readTextFileSync(new URL(import.meta.url)),
    write: () => Deno.writeTextFileSync("/tmp/ingot-pool-probe", "x"),
    run: () => new Deno.Command("true").outputSync(),
  };
  const report: Record<string, string> = {};
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      attempt();
      report[name] = "allowed";
    } catch (error) {
      report[name] = error instanceof Error ? error.name : String(error);
    }
  }
  return report;
}

function handle(request: WorkerRequest): { reply: WorkerReply; transfer: Transferable[] } {
  if (request.kind === "probe") {
    return { reply: { id: request.id, ok: true, probe: probe() }, transfer: [] };
  }
  try {
    // A private copy is transferred, so no buffer compile may still hold is ever detached.
    const bytes = new Uint8Array(compile(request.input));
    return { reply: { id: request.id, ok: true, bytes }, transfer: [bytes.buffer] };
  } catch (error) {
    return { reply: { id: request.id, ok: false, error: serializeError(error) }, transfer: [] };
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const { reply, transfer } = handle(event.data);
  self.postMessage(reply, transfer);
};
