/**
 * `CompilePool`: runs the engine's `compile` in Deno workers that hold NO permissions, so the
 * compiler provably sees nothing but its input. Inputs are queued and handed to the first idle
 * worker; the wasm bytes are transferred, not cloned.
 *
 * @module
 */

import type { CompileInput } from "../../engine/settings.ts";
import { InternalError } from "../../engine/errors.ts";
import { reviveError } from "./_errors.ts";
import type { WorkerReply, WorkerRequest } from "./_protocol.ts";

/** Options of a `CompilePool`. */
export interface CompilePoolOptions {
  /** Number of workers (default: the number of cores). */
  readonly size?: number;
}

/** What a probe found a pool worker may do: per capability, "allowed" or the error's name. */
export type CapabilityReport = Readonly<Record<string, string>>;

/** The options every pool worker is started with: a module worker with no permissions. */
export const WORKER_OPTIONS = Object.freeze(
  {
    type: "module",
    deno: Object.freeze({ permissions: "none" }),
  } as const,
);

const WORKER_URL = new URL("./_worker.ts", import.meta.url);

interface Job {
  readonly request: WorkerRequest;
  readonly transfer: Transferable[];
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | undefined;
}

/** A pool of permission-less compile workers. */
export class CompilePool {
  readonly #size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 0;
  #closed = false;

  constructor(options: CompilePoolOptions = {}) {
    this.#size = options.size ?? navigator.hardwareConcurrency ?? 1;
    if (!Number.isInteger(this.#size) || this.#size < 1) {
      throw new TypeError(`Cannot start a compile pool of ${options.size} workers`);
    }
  }

  /** The most workers this pool runs at once. */
  get size(): number {
    return this.#size;
  }

  /**
   * The object `compile(input)` returns, computed in a worker.
   *
   * @throws whatever `compile` throws (DecodeError, ValidationError, UnsupportedError, ...),
   *   revived with its class, message and fields; InternalError when a worker dies.
   */
  async compile(input: CompileInput): Promise<Uint8Array> {
    const wasm = new Uint8Array(input.wasm); // a private copy, whose buffer can be transferred
    const request: WorkerRequest = {
      id: this.#nextId++,
      kind: "compile",
      input: { wasm, settings: input.settings, target: input.target, engine: input.engine },
    };
    const reply = await this.#submit(request, [wasm.buffer]);
    if ("bytes" in reply) return reply.bytes;
    throw new InternalError("compile worker answered a compile with a probe report");
  }

  /** For tests: what code running in a pool worker may do. */
  async probe(): Promise<CapabilityReport> {
    const reply = await this.#submit({ id: this.#nextId++, kind: "probe" }, []);
    if ("probe" in reply) return reply.probe;
    throw new InternalError("compile worker answered a probe with object bytes");
  }

  /** Stops every worker; pending and queued compiles reject. */
  close(): void {
    this.#closed = true;
    const error = new InternalError("compile pool closed");
    for (const job of this.#queue.splice(0)) job.reject(error);
    for (const slot of this.#slots.splice(0)) {
      slot.worker.terminate();
      slot.job?.reject(error);
    }
  }

  async #submit(request: WorkerRequest, transfer: Transferable[]): Promise<WorkerReply> {
    if (this.#closed) throw new InternalError("compile pool closed");
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      this.#queue.push({ request, transfer, resolve, reject });
      this.#dispatch();
    });
    if (!reply.ok) throw reviveError(reply.error);
    return reply;
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => candidate.job === undefined) ?? this.#spawn();
      if (slot === undefined) return;
      const job = this.#queue.shift()!;
      slot.job = job;
      slot.worker.postMessage(job.request, job.transfer);
    }
  }

  #spawn(): Slot | undefined {
    if (this.#slots.length >= this.#size) return undefined;
    const slot: Slot = { worker: new Worker(WORKER_URL, WORKER_OPTIONS), job: undefined };
    slot.worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const job = slot.job;
      slot.job = undefined;
      job?.resolve(event.data);
      this.#dispatch();
    };
    slot.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      slot.worker.terminate();
      slot.job?.reject(new InternalError(`compile worker died: ${event.message}`));
      this.#dispatch();
    };
    this.#slots.push(slot);
    return slot;
  }
}
