/**
 * Ingot behind the runner's engine interface. Modules go through the engine's front end
 * (decode and validate); until the back end links and runs objects, instantiation answers
 * `NotYet`, so every command that needs a running module is skipped, never passed.
 *
 * @module
 */

import { decodeModule, validateModule } from "../../engine/wasm/mod.ts";
import type { CompileSettings } from "../../engine/settings.ts";
import {
  type CompiledModule,
  type Engine,
  type EngineSession,
  type InstanceRef,
  NotYet,
  type ResultValue,
} from "./engine.ts";

class FrontEndSession implements EngineSession {
  #next = 0;

  constructor(readonly settings: CompileSettings) {}

  compile(bytes: Uint8Array): Promise<CompiledModule> {
    validateModule(decodeModule(bytes, { features: this.settings.features }));
    return Promise.resolve({ id: this.#next++ });
  }

  instantiate(_module: CompiledModule): Promise<InstanceRef> {
    return Promise.reject(new NotYet("the back end cannot run modules yet"));
  }

  register(_instance: InstanceRef, _name: string): Promise<void> {
    return Promise.reject(new NotYet("the back end cannot run modules yet"));
  }

  invoke(): Promise<ResultValue[]> {
    return Promise.reject(new NotYet("the back end cannot run modules yet"));
  }

  get(): Promise<ResultValue> {
    return Promise.reject(new NotYet("the back end cannot run modules yet"));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Ingot's engine for the runner, with the given settings. */
export function ingotEngine(settings: CompileSettings): Engine {
  return {
    name: "ingot",
    runs: false,
    open: () => Promise.resolve(new FrontEndSession(settings)),
    close: () => Promise.resolve(),
  };
}
