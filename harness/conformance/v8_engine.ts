/**
 * V8 (Deno's own `WebAssembly`) behind the runner's engine interface. It is not a product
 * path: it checks the runner itself (`deno task conformance --engine v8`), as the reference
 * interpreter's JS harness does. V8's trap messages are mapped to the spec's wording. JS
 * numbers cannot carry every NaN payload, so some exact-NaN commands fail here by design.
 *
 * @module
 */

import { CompileError } from "../../engine/errors.ts";
import type { Value } from "../wast/types.ts";
import {
  type CompiledModule,
  type Engine,
  type EngineSession,
  type InstanceRef,
  type ResultValue,
  Trap,
  Unlinkable,
} from "./engine.ts";

const TRAP_WORDING: readonly [RegExp, string][] = [
  [/unreachable/, "unreachable"],
  [/divide by zero|remainder by zero/, "integer divide by zero"],
  [/divide result unrepresentable/, "integer overflow"],
  [/float unrepresentable|invalid conversion/, "invalid conversion to integer"],
  [/memory access out of bounds|out of bounds memory/, "out of bounds memory access"],
  [/table index is out of bounds|table access out of bounds/, "undefined element"],
  [/null function|uninitialized element/, "uninitialized element"],
  [/function signature mismatch|type mismatch/, "indirect call type mismatch"],
  [/Maximum call stack size exceeded/, "call stack exhausted"],
];

function trapOf(error: unknown): Trap {
  const message = error instanceof Error ? error.message : String(error);
  const wording = TRAP_WORDING.find(([pattern]) => pattern.test(message))?.[1] ?? message;
  return new Trap(wording);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const externs = new Map<number, object>();
const externIds = new WeakMap<object, number>();

function externOf(id: number): object {
  let object = externs.get(id);
  if (object === undefined) {
    object = { id };
    externs.set(id, object);
    externIds.set(object, id);
  }
  return object;
}

function toJs(value: Value): unknown {
  switch (value.type) {
    case "i32":
      return value.bits | 0;
    case "i64":
      return BigInt.asIntN(64, value.bits);
    case "f32":
      u32[0] = value.bits;
      return f32[0];
    case "f64":
      u64[0] = value.bits;
      return f64[0];
    case "ref.null":
      return null;
    case "ref.extern":
      return externOf(value.id);
    case "v128":
      throw new Trap("v128 values cannot cross the JS boundary");
  }
}

function fromJs(value: unknown, type: string): ResultValue {
  switch (type) {
    case "i32":
      return { type: "i32", bits: Number(value) >>> 0 };
    case "i64":
      return { type: "i64", bits: BigInt.asUintN(64, value as bigint) };
    case "f32":
      f32[0] = value as number;
      return { type: "f32", bits: u32[0]! };
    case "f64":
      f64[0] = value as number;
      return { type: "f64", bits: u64[0]! };
    case "funcref":
      return value === null ? { type: "ref.null", refType: "funcref" } : { type: "ref.func" };
    default: {
      if (value === null) return { type: "ref.null", refType: "externref" };
      return { type: "ref.extern", id: externIds.get(value as object) ?? -1 };
    }
  }
}

function spectest(): WebAssembly.Imports {
  const print = () => {};
  return {
    spectest: {
      print,
      print_i32: print,
      print_i64: print,
      print_f32: print,
      print_f64: print,
      print_i32_f32: print,
      print_f64_f64: print,
      global_i32: new WebAssembly.Global({ value: "i32" }, 666),
      global_i64: new WebAssembly.Global({ value: "i64" }, 666n),
      global_f32: new WebAssembly.Global({ value: "f32" }, 666.6),
      global_f64: new WebAssembly.Global({ value: "f64" }, 666.6),
      table: new WebAssembly.Table({ element: "anyfunc", initial: 10, maximum: 20 }),
      memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
    },
  };
}

/** The result types of an exported function (or the type of an exported global). */
type ResultTypes = (name: string) => readonly string[];

class V8Session implements EngineSession {
  readonly #modules: { module: WebAssembly.Module; results: ResultTypes }[] = [];
  readonly #instances: { instance: WebAssembly.Instance; results: ResultTypes }[] = [];
  readonly #imports: WebAssembly.Imports = spectest();

  constructor(readonly resultTypes: (bytes: Uint8Array) => ResultTypes) {}

  compile(bytes: Uint8Array): Promise<CompiledModule> {
    try {
      const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      this.#modules.push({ module, results: this.resultTypes(bytes) });
      return Promise.resolve({ id: this.#modules.length - 1 });
    } catch (error) {
      return Promise.reject(new CompileError(error instanceof Error ? error.message : "invalid"));
    }
  }

  instantiate(module: CompiledModule): Promise<InstanceRef> {
    const entry = this.#modules[module.id]!;
    try {
      const instance = new WebAssembly.Instance(entry.module, this.#imports);
      this.#instances.push({ instance, results: entry.results });
      return Promise.resolve({ id: this.#instances.length - 1 });
    } catch (error) {
      if (error instanceof WebAssembly.LinkError) {
        return Promise.reject(new Unlinkable(error.message));
      }
      return Promise.reject(trapOf(error));
    }
  }

  register(instance: InstanceRef, name: string): Promise<void> {
    this.#imports[name] = this.#instances[instance.id]!.instance.exports;
    return Promise.resolve();
  }

  invoke(instance: InstanceRef, name: string, args: readonly Value[]): Promise<ResultValue[]> {
    const entry = this.#instances[instance.id]!;
    const func = entry.instance.exports[name] as (...args: unknown[]) => unknown;
    try {
      const types = entry.results(name);
      const result = func(...args.map(toJs));
      const values = types.length === 1 ? [result] : (result as unknown[] | undefined) ?? [];
      return Promise.resolve(types.map((type, i) => fromJs(values[i], type)));
    } catch (error) {
      return Promise.reject(trapOf(error));
    }
  }

  get(instance: InstanceRef, name: string): Promise<ResultValue> {
    const entry = this.#instances[instance.id]!;
    const global = entry.instance.exports[name] as WebAssembly.Global;
    return Promise.resolve(fromJs(global.value, entry.results(name)[0] ?? "i32"));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * V8 as a runner engine. `resultTypes` reads an export's result types from a module's binary
 * (JS cannot tell them from the returned values).
 */
export function v8Engine(resultTypes: (bytes: Uint8Array) => ResultTypes): Engine {
  return {
    name: "v8",
    runs: true,
    open: () => Promise.resolve(new V8Session(resultTypes)),
    close: () => Promise.resolve(),
  };
}
