/**
 * Ingot: a WebAssembly 2.0 engine that compiles `.wasm` ahead of time into x86-64 ELF
 * relocatable objects (WebAssembly Core Specification 2.0; System V AMD64 psABI; ELF-64).
 *
 * @module
 */

export * from "./settings.ts";
export * from "./errors.ts";
export { ENGINE_VERSION } from "./engine_id.ts";
export { Cache, cacheKey } from "./cache/mod.ts";
