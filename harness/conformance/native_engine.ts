/**
 * Ingot's real engine for the runner: each module is compiled by `compile` (through the cache
 * and the no-permission worker pool) into an object; all the objects of one script are linked
 * by `cc` with the C runtime and the conformance driver into one program, which the runner
 * drives over the driver's line protocol (`harness/runtime/driver/driver.c`).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Cache } from "../../engine/cache/mod.ts";
import type { CompileInput, CompileSettings, Target } from "../../engine/settings.ts";
import { cachedCompile, type CompilePool } from "../pool/mod.ts";
import { buildRuntime, driverModuleList, runCc, type RuntimeBuild } from "../runtime/build.ts";
import type { Value } from "../wast/types.ts";
import { DriverProcess } from "./driver_process.ts";
import {
  type CompiledModule,
  type Engine,
  type EngineSession,
  type InstanceRef,
  type ResultValue,
  Trap,
  Unlinkable,
} from "./engine.ts";

/** What the native engine needs besides the settings. */
export interface NativeEngineOptions {
  readonly settings: CompileSettings;
  readonly target: Target;
  readonly engineVersion: string;
  readonly pool: CompilePool;
  /** The compile cache, or undefined for `--no-cache`. */
  readonly cache: Cache | undefined;
  /** A scratch folder for objects and programs. */
  readonly workDir: string;
  /** How long one request may take before it counts as a hang. */
  readonly timeoutMs: number;
}

/**
 * Time spent per phase, in milliseconds, summed over every session (sessions overlap, so the
 * sums can exceed the wall time), and the compile cache's hits and misses.
 */
export interface PhaseTimes {
  compile: number;
  link: number;
  run: number;
  cacheHits: number;
  cacheMisses: number;
}

function hex(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function bytesKey(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A value as the driver protocol spells it. */
export function encodeValue(value: Value): string {
  switch (value.type) {
    case "i32":
    case "f32":
    case "i64":
    case "f64":
      return `${value.type}:${value.bits.toString(16)}`;
    case "v128":
      return `v128:${[...value.bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    case "ref.null":
      return `${value.refType}:null`;
    case "ref.extern":
      return `externref:${value.id.toString(16)}`;
  }
}

/** A driver protocol value token as a result. */
export function decodeValue(token: string): ResultValue {
  const [type, text = ""] = token.split(":");
  switch (type) {
    case "i32":
    case "f32":
      return { type, bits: Number.parseInt(text, 16) >>> 0 };
    case "i64":
    case "f64":
      return { type, bits: BigInt(`0x${text}`) };
    case "v128":
      return {
        type,
        bytes: Uint8Array.from(text.match(/../g) ?? [], (b) => Number.parseInt(b, 16)),
      };
    case "funcref":
      return text === "null" ? { type: "ref.null", refType: "funcref" } : { type: "ref.func" };
    case "externref":
      return text === "null"
        ? { type: "ref.null", refType: "externref" }
        : { type: "ref.extern", id: Number.parseInt(text, 16) };
  }
  throw new Error(`driver answered an unknown value "${token}"`);
}

class NativeSession implements EngineSession {
  /** Compiled objects by the SHA-256 of their wasm, with their index in the program. */
  readonly #objects = new Map<string, { index: number; object: Uint8Array } | Error>();
  /** Position of each linked module (by its index) in the driver's descriptor list. */
  readonly #listed = new Map<number, number>();
  #driver: DriverProcess | undefined;
  #instances = 0;

  constructor(
    readonly options: NativeEngineOptions,
    readonly runtime: RuntimeBuild,
    readonly dir: string,
    readonly times: PhaseTimes,
  ) {}

  #input(wasm: Uint8Array, index: number): CompileInput {
    const settings = { ...this.options.settings, symbolPrefix: `m${index}_` };
    return { wasm, settings, target: this.options.target, engine: this.options.engineVersion };
  }

  /** Compiles through the cache; a rejection is thrown as the compile error it is. */
  async #compile(input: CompileInput): Promise<Uint8Array> {
    const outcome = await cachedCompile(input, this.options);
    if (outcome.hit) this.times.cacheHits++;
    else this.times.cacheMisses++;
    if (outcome.rejection !== undefined) throw outcome.rejection;
    return outcome.object!;
  }

  async prepare(modules: readonly Uint8Array[]): Promise<void> {
    const started = performance.now();
    const distinct = new Map<string, Uint8Array>();
    for (const bytes of modules) distinct.set(bytesKey(bytes), bytes);
    let next = 0;
    await Promise.all([...distinct].map(async ([key, bytes]) => {
      const index = next++;
      try {
        this.#objects.set(key, { index, object: await this.#compile(this.#input(bytes, index)) });
      } catch (error) {
        this.#objects.set(key, error instanceof Error ? error : new Error(String(error)));
      }
    }));
    this.times.compile += performance.now() - started;
    await this.#link();
  }

  async #link(): Promise<void> {
    const started = performance.now();
    const linked: { index: number; object: Uint8Array }[] = [];
    for (const entry of this.#objects.values()) if (!(entry instanceof Error)) linked.push(entry);
    linked.sort((a, b) => a.index - b.index);
    linked.forEach(({ index }, position) => this.#listed.set(index, position));
    const objectFiles = linked.map(({ index, object }) => {
      const path = join(this.dir, `m${index}.o`);
      Deno.writeFileSync(path, object);
      return path;
    });
    const list = join(this.dir, "modules.c");
    Deno.writeTextFileSync(list, driverModuleList(linked.map(({ index }) => `m${index}_module`)));
    const executable = join(this.dir, "driver");
    await runCc([
      "-o",
      executable,
      `-I${this.runtime.includeDir}`,
      list,
      ...objectFiles,
      this.runtime.driverObject,
      ...this.runtime.objects,
      ...this.runtime.libs,
    ]);
    this.#driver = new DriverProcess(executable, this.options.timeoutMs);
    this.times.link += performance.now() - started;
  }

  async #request(line: string): Promise<string[]> {
    const started = performance.now();
    const reply = await this.#driver!.request(line);
    this.times.run += performance.now() - started;
    if (reply.kind !== "answer") throw new Error(reply.why);
    return reply.line.split(" ");
  }

  compile(bytes: Uint8Array): Promise<CompiledModule> {
    const entry = this.#objects.get(bytesKey(bytes));
    if (entry === undefined) {
      // Not announced: a module only compiled to be rejected. Compile it on its own.
      const started = performance.now();
      return this.#compile(this.#input(bytes, 0))
        .finally(() => this.times.compile += performance.now() - started)
        .then(() => ({ id: -1 }));
    }
    if (entry instanceof Error) return Promise.reject(entry);
    return Promise.resolve({ id: entry.index });
  }

  async instantiate(module: CompiledModule): Promise<InstanceRef> {
    const position = this.#listed.get(module.id);
    if (position === undefined) throw new Error("module was not announced to prepare()");
    const id = this.#instances++;
    const [status, kind, ...message] = await this.#request(`instantiate ${position} i${id}`);
    if (status === "ok") return { id };
    if (kind === "unlinkable") throw new Unlinkable(message.join(" "));
    if (kind === "trap") throw new Trap(message.join(" "));
    throw new Error(`driver: ${[kind, ...message].join(" ")}`);
  }

  async register(instance: InstanceRef, name: string): Promise<void> {
    const [status, ...rest] = await this.#request(`register i${instance.id} ${hex(name)}`);
    if (status !== "ok") throw new Error(`driver: ${rest.join(" ")}`);
  }

  async invoke(instance: InstanceRef, name: string, args: readonly Value[]) {
    const request = ["invoke", `i${instance.id}`, hex(name), ...args.map(encodeValue)].join(" ");
    const [status, ...rest] = await this.#request(request);
    if (status === "ok") return rest.map(decodeValue);
    if (status === "trap") throw new Trap(rest.join(" "));
    throw new Error(`driver: ${rest.join(" ")}`);
  }

  async get(instance: InstanceRef, name: string): Promise<ResultValue> {
    const [status, ...rest] = await this.#request(`get i${instance.id} ${hex(name)}`);
    if (status === "ok" && rest[0] !== undefined) return decodeValue(rest[0]);
    throw new Error(`driver: ${rest.join(" ")}`);
  }

  async close(): Promise<void> {
    await this.#driver?.close();
    Deno.removeSync(this.dir, { recursive: true });
  }
}

/** Ingot's native engine; `times` accumulates the compile, link and run phases. */
export function nativeEngine(options: NativeEngineOptions, times: PhaseTimes): Engine {
  let runtime: Promise<RuntimeBuild> | undefined;
  let sessions = 0;
  return {
    name: "ingot",
    runs: true,
    async open(file: string) {
      runtime ??= buildRuntime();
      const dir = join(options.workDir, `${sessions++}-${file.replace(/[^\w.-]/g, "_")}`);
      Deno.mkdirSync(dir, { recursive: true });
      return new NativeSession(options, await runtime, dir, times);
    },
    close: () => Promise.resolve(),
  };
}
