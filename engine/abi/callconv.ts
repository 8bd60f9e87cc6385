/**
 * The calling conventions, as data.
 *
 * - **Wasm convention** (every compiled function, import call and funcref call): System V
 *   AMD64. The callee's vmctx comes first (rdi). Parameters are classified as SysV does:
 *   i32, i64 and references take the integer registers in order, f32, f64 and v128 the xmm
 *   registers in order, and the rest go on the stack, 8 bytes per value (16 for v128, 16-byte
 *   aligned), in order. A function with one result returns it in rax or xmm0. A function with
 *   more results takes a hidden pointer to a results area as its first integer parameter after
 *   the vmctx, and writes every result there, one slot per result.
 * - **Array convention** (host entry trampolines and host functions):
 *   `void f(void *vmctx, uint64_t *slots)`: arguments in slots on entry, results in slots on
 *   return, one 8-byte slot per value and two for v128.
 * - **Calls through a `struct ingot_func` record** (imports, `call_indirect`) pass the
 *   record's `vmctx` first and also leave the record's address in r10 (the SysV static-chain
 *   register). A host function's record has `vmctx` = the record itself, and its `wasm_call`
 *   is the importer's Wasm-to-array adapter: the adapter reads `array_call` from the record it
 *   receives in rdi, spills the arguments to slots, and calls `array_call(record, slots)`.
 *
 * @module
 */

/** A value type as the conventions see it. */
export type AbiValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";

/** Where one value goes. */
export type ArgLocation =
  | { readonly kind: "gpr"; readonly reg: string }
  | { readonly kind: "xmm"; readonly reg: number }
  /** Offset from rsp at the call instruction (before the return address is pushed). */
  | { readonly kind: "stack"; readonly offset: number };

/** Where every parameter and result of a Wasm-convention call lives. */
export interface WasmCallLayout {
  readonly params: readonly ArgLocation[];
  /** Register of the single result, or "area" for multi-value (slots in the results area). */
  readonly results: readonly ArgLocation[] | "area";
  /** Bytes of outgoing stack arguments, a multiple of 16. */
  readonly stackBytes: number;
  /** Whether a results-area pointer is passed (in rsi). */
  readonly resultsArea: boolean;
}

/** Integer argument registers after the vmctx (rdi). */
export const INT_ARG_REGS: readonly string[] = ["rsi", "rdx", "rcx", "r8", "r9"];

/** Float argument registers. */
export const FLOAT_ARG_COUNT = 8;

/** Register holding the vmctx on entry to every Wasm-convention function. */
export const VMCTX_REG = "rdi";

/** Bytes of one array-convention slot. */
export const SLOT_SIZE = 8;

function isFloatClass(type: AbiValType): boolean {
  return type === "f32" || type === "f64" || type === "v128";
}

/** Number of array-convention slots a value takes. */
export function slotCount(type: AbiValType): number {
  return type === "v128" ? 2 : 1;
}

/** Lays out a Wasm-convention call of the given signature. */
export function wasmCallLayout(
  params: readonly AbiValType[],
  results: readonly AbiValType[],
): WasmCallLayout {
  const resultsArea = results.length > 1;
  const intRegs = resultsArea ? INT_ARG_REGS.slice(1) : INT_ARG_REGS;
  let nextInt = 0;
  let nextFloat = 0;
  let stack = 0;
  const locations: ArgLocation[] = [];
  for (const type of params) {
    if (isFloatClass(type) && nextFloat < FLOAT_ARG_COUNT) {
      locations.push({ kind: "xmm", reg: nextFloat++ });
    } else if (!isFloatClass(type) && nextInt < intRegs.length) {
      locations.push({ kind: "gpr", reg: intRegs[nextInt++]! });
    } else {
      const size = type === "v128" ? 16 : 8;
      stack = Math.ceil(stack / size) * size;
      locations.push({ kind: "stack", offset: stack });
      stack += size;
    }
  }
  const single = results[0];
  const resultLocations: readonly ArgLocation[] | "area" = resultsArea
    ? "area"
    : single === undefined
    ? []
    : [isFloatClass(single) ? { kind: "xmm", reg: 0 } : { kind: "gpr", reg: "rax" }];
  return {
    params: locations,
    results: resultLocations,
    stackBytes: Math.ceil(stack / 16) * 16,
    resultsArea,
  };
}
