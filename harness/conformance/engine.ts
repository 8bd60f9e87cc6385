/**
 * The small engine interface the `.wast` runner is written against (as the reference
 * interpreter's `script/embed.ml`): compile, instantiate, register, invoke and get. Ingot
 * implements it, and so does V8 (through Deno's `WebAssembly`), which checks the runner itself.
 *
 * @module
 */

import type { Value } from "../wast/types.ts";

/** A value an engine returns: exact bits, or a reference told apart only by being null. */
export type ResultValue =
  | Value
  /** A non-null function reference (its identity is not observable in 2.0). */
  | { readonly type: "ref.func" };

/** A trap, with the message the engine reports for it. */
export class Trap extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Trap";
  }
}

/** Instantiation failed on imports: unknown import, incompatible import type. */
export class Unlinkable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Unlinkable";
  }
}

/** Something the engine cannot do yet: the command is skipped, never passed. */
export class NotYet extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotYet";
  }
}

/** A compiled module, opaque to the runner. */
export interface CompiledModule {
  readonly id: number;
}

/** An instance, opaque to the runner. */
export interface InstanceRef {
  readonly id: number;
}

/** One engine session: the modules and instances of one `.wast` file. */
export interface EngineSession {
  /**
   * Announces, before any command runs, the binaries of every module the script will try to
   * instantiate, so an engine that links one program per script can build it once.
   */
  prepare?(modules: readonly Uint8Array[]): Promise<void>;
  /**
   * Decodes, validates and compiles a binary module.
   *
   * @throws {import("../../engine/errors.ts").CompileError} when the module is malformed or
   * invalid; the message starts with the spec's wording.
   * @throws {NotYet} when the engine cannot compile it yet.
   */
  compile(bytes: Uint8Array): Promise<CompiledModule>;
  /**
   * Instantiates a compiled module against the registered instances and `spectest`.
   *
   * @throws {Unlinkable} on an import that is unknown or of an incompatible type.
   * @throws {Trap} when a segment or the start function traps.
   * @throws {NotYet} when the engine cannot run modules yet.
   */
  instantiate(module: CompiledModule): Promise<InstanceRef>;
  /** Makes `instance`'s exports importable under `name`. */
  register(instance: InstanceRef, name: string): Promise<void>;
  /**
   * Calls an exported function.
   *
   * @throws {Trap} when it traps (including call stack exhaustion).
   */
  invoke(instance: InstanceRef, name: string, args: readonly Value[]): Promise<ResultValue[]>;
  /** Reads an exported global. */
  get(instance: InstanceRef, name: string): Promise<ResultValue>;
  /** Releases the session's processes and files. */
  close(): Promise<void>;
}

/** An engine: a factory of sessions, one per `.wast` file. */
export interface Engine {
  readonly name: string;
  /** Whether compiled modules can be instantiated and run. */
  readonly runs: boolean;
  open(file: string): Promise<EngineSession>;
  close(): Promise<void>;
}
