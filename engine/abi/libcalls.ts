/**
 * The runtime functions compiled code calls (libcalls), with their C signatures. Each takes the
 * caller's vmctx first and follows the System V AMD64 calling convention. A libcall that traps
 * does not return: it unwinds to the host entry itself.
 *
 * @module
 */

/** A C parameter or result type of a libcall. */
export type LibcallType = "void" | "vmctx" | "u32" | "i32" | "u64" | "ptr" | "f32" | "f64";

/** One runtime function. */
export interface Libcall {
  readonly symbol: string;
  readonly params: readonly LibcallType[];
  readonly result: LibcallType;
  readonly noreturn?: boolean;
  readonly doc: string;
}

/** Every runtime function compiled code may call. */
// deno-fmt-ignore
export const LIBCALLS: readonly Libcall[] = [
  { symbol: "ingot_trap", params: ["vmctx", "u32"], result: "void", noreturn: true, doc: "raise trap (code)" },
  { symbol: "ingot_memory_grow", params: ["vmctx", "u32"], result: "i32", doc: "memory.grow: old pages or -1" },
  { symbol: "ingot_memory_fill", params: ["vmctx", "u32", "u32", "u32"], result: "void", doc: "memory.fill(dst, value, n)" },
  { symbol: "ingot_memory_copy", params: ["vmctx", "u32", "u32", "u32"], result: "void", doc: "memory.copy(dst, src, n)" },
  { symbol: "ingot_memory_init", params: ["vmctx", "u32", "u32", "u32", "u32"], result: "void", doc: "memory.init(seg, dst, src, n)" },
  { symbol: "ingot_data_drop", params: ["vmctx", "u32"], result: "void", doc: "data.drop(seg)" },
  { symbol: "ingot_table_grow", params: ["vmctx", "u32", "ptr", "u32"], result: "i32", doc: "table.grow(table, init, delta): old size or -1" },
  { symbol: "ingot_table_fill", params: ["vmctx", "u32", "u32", "ptr", "u32"], result: "void", doc: "table.fill(table, dst, value, n)" },
  { symbol: "ingot_table_copy", params: ["vmctx", "u32", "u32", "u32", "u32", "u32"], result: "void", doc: "table.copy(dst table, src table, dst, src, n)" },
  { symbol: "ingot_table_init", params: ["vmctx", "u32", "u32", "u32", "u32", "u32"], result: "void", doc: "table.init(table, seg, dst, src, n)" },
  { symbol: "ingot_elem_drop", params: ["vmctx", "u32"], result: "void", doc: "elem.drop(seg)" },
  { symbol: "ingot_f32_ceil", params: ["f32"], result: "f32", doc: "f32.ceil without SSE4.1" },
  { symbol: "ingot_f32_floor", params: ["f32"], result: "f32", doc: "f32.floor without SSE4.1" },
  { symbol: "ingot_f32_trunc", params: ["f32"], result: "f32", doc: "f32.trunc without SSE4.1" },
  { symbol: "ingot_f32_nearest", params: ["f32"], result: "f32", doc: "f32.nearest without SSE4.1" },
  { symbol: "ingot_f64_ceil", params: ["f64"], result: "f64", doc: "f64.ceil without SSE4.1" },
  { symbol: "ingot_f64_floor", params: ["f64"], result: "f64", doc: "f64.floor without SSE4.1" },
  { symbol: "ingot_f64_trunc", params: ["f64"], result: "f64", doc: "f64.trunc without SSE4.1" },
  { symbol: "ingot_f64_nearest", params: ["f64"], result: "f64", doc: "f64.nearest without SSE4.1" },
];
