/**
 * The messages between the pool and its workers.
 *
 * @module
 */

import type { CompileInput } from "../../engine/settings.ts";
import type { SerializedError } from "./_errors.ts";

/** Pool to worker: compile an input, or report what the worker may do. */
export type WorkerRequest =
  | { readonly id: number; readonly kind: "compile"; readonly input: CompileInput }
  | { readonly id: number; readonly kind: "probe" };

/** Worker to pool: the object bytes, a probe report, or the error compile threw. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array }
  | { readonly id: number; readonly ok: true; readonly probe: Record<string, string> }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };
