/**
 * Wasm-convention call layouts (`wasmCallLayout` of `abi/callconv.ts`, System V AMD64 psABI
 * §3.2) by function type, computed once per type: every call site, function entry and
 * trampoline of a type asks for the same layout.
 *
 * @module
 */

import { type WasmCallLayout, wasmCallLayout } from "../abi/mod.ts";
import type { FuncType } from "../wasm/syntax.ts";

const LAYOUTS = new WeakMap<FuncType, WasmCallLayout>();

/** The layout of a call of `type` (the same value as `wasmCallLayout(params, results)`). */
export function callLayoutOf(type: FuncType): WasmCallLayout {
  let layout = LAYOUTS.get(type);
  if (layout === undefined) {
    layout = wasmCallLayout(type.params, type.results);
    LAYOUTS.set(type, layout);
  }
  return layout;
}
