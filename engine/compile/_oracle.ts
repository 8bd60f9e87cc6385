/**
 * Test helper: runs the same module in V8 (Deno's `WebAssembly`) and through Ingot, and
 * compares every call's results or trap, value bits included (NaNs by the spec's rule: a NaN
 * result must be a NaN; its payload may differ).
 *
 * @module
 */

import { invoke, link } from "./_run.ts";
import type { PartialSettings } from "../settings.ts";

/** A Wasm value with its type and raw bits (i32/f32 as u32, i64/f64 as u64). */
export interface Value {
  readonly type: "i32" | "i64" | "f32" | "f64";
  readonly bits: bigint;
}

/** One call: export name and arguments. */
export interface Call {
  readonly name: string;
  readonly args: readonly Value[];
}

const view = new DataView(new ArrayBuffer(8));

function toJs(value: Value): number | bigint {
  switch (value.type) {
    case "i32":
      return Number(BigInt.asIntN(32, value.bits));
    case "i64":
      return BigInt.asIntN(64, value.bits);
    case "f32":
      view.setUint32(0, Number(value.bits));
      return view.getFloat32(0);
    case "f64":
      view.setBigUint64(0, value.bits);
      return view.getFloat64(0);
  }
}

function fromJs(type: Value["type"], result: unknown): string {
  switch (type) {
    case "i32":
      return `i32:${(Number(result) >>> 0).toString(16).padStart(8, "0")}`;
    case "i64":
      return `i64:${BigInt.asUintN(64, result as bigint).toString(16).padStart(16, "0")}`;
    case "f32":
      view.setFloat32(0, result as number);
      return `f32:${view.getUint32(0).toString(16).padStart(8, "0")}`;
    case "f64":
      view.setFloat64(0, result as number);
      return `f64:${view.getBigUint64(0).toString(16).padStart(16, "0")}`;
  }
}

/** The driver's token of a value. */
export function token(value: Value): string {
  const digits = value.type === "i32" || value.type === "f32" ? 8 : 16;
  return `${value.type}:${value.bits.toString(16).padStart(digits, "0")}`;
}

function isNanToken(text: string): boolean {
  const [type, hex = ""] = text.split(":");
  const bits = BigInt(`0x${hex}`);
  if (type === "f32") return (bits & 0x7f80_0000n) === 0x7f80_0000n && (bits & 0x7f_ffffn) !== 0n;
  if (type === "f64") {
    const exponent = 0x7ff0_0000_0000_0000n;
    return (bits & exponent) === exponent && (bits & 0xf_ffff_ffff_ffffn) !== 0n;
  }
  return false;
}

/** Maps V8's trap messages to the spec's. */
function specMessage(message: string, call: Call): string {
  if (/divide by zero|remainder by zero/.test(message)) return "integer divide by zero";
  if (/unrepresentable|integer overflow/.test(message)) {
    if (/float/.test(message)) {
      const nan = call.args.some((arg) => Number.isNaN(toJs(arg)));
      return nan ? "invalid conversion to integer" : "integer overflow";
    }
    return "integer overflow";
  }
  if (/memory access out of bounds/.test(message)) return "out of bounds memory access";
  if (/table index is out of bounds|table access|element segment out of bounds/.test(message)) {
    // V8 has one message for both; the spec's depends on the instruction.
    return /indirect|^call$/.test(call.name) ? "undefined element" : "out of bounds table access";
  }
  if (/null function/.test(message)) return "uninitialized element";
  if (/signature mismatch/.test(message)) return "indirect call type mismatch";
  if (/unreachable/.test(message)) return "unreachable";
  if (/call stack/.test(message)) return "call stack exhausted";
  return message;
}

/** A mismatch between V8 and Ingot. */
export interface Mismatch {
  readonly call: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Runs `calls` in V8 and in Ingot. `resultTypes` gives each export's result types (V8's JS
 * API does not say them).
 */
export async function compare(
  wasm: Uint8Array,
  calls: readonly Call[],
  resultTypes: ReadonlyMap<string, readonly Value["type"][]>,
  settings: PartialSettings = {},
): Promise<Mismatch[]> {
  const want = expectedTyped(wasm, calls, resultTypes);
  const program = await link([wasm], settings);
  const requests = calls.map((call) => invoke("a", call.name, ...call.args.map(token)));
  const got = await program.run(["instantiate 0 a", ...requests]);
  Deno.removeSync(program.dir, { recursive: true });
  const mismatches: Mismatch[] = [];
  if (got[0] !== "ok") return [{ call: "instantiate", expected: "ok", actual: got[0] ?? "" }];
  calls.forEach((_call, i) => {
    const actual = got[i + 1] ?? "<missing>";
    const wanted = want[i]!;
    if (!sameAnswer(wanted, actual)) {
      mismatches.push({ call: requests[i]!, expected: wanted, actual });
    }
  });
  return mismatches;
}

function sameAnswer(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const left = expected.split(" ");
  const right = actual.split(" ");
  if (left.length !== right.length || left[0] !== "ok" || right[0] !== "ok") return false;
  return left.every((item, i) => item === right[i] || (isNanToken(item) && isNanToken(right[i]!)));
}

function expectedTyped(
  wasm: Uint8Array,
  calls: readonly Call[],
  resultTypes: ReadonlyMap<string, readonly Value["type"][]>,
): string[] {
  const instance = new WebAssembly.Instance(
    new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>),
  );
  const exports = instance.exports as Record<string, (...args: unknown[]) => unknown>;
  return calls.map((call) => {
    try {
      const result = exports[call.name]!(...call.args.map(toJs));
      const types = resultTypes.get(call.name) ?? [];
      if (types.length === 0) return "ok";
      const values = types.length === 1 ? [result] : (result as unknown[]);
      return ["ok", ...values.map((value, i) => fromJs(types[i]!, value))].join(" ");
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError) && !(error instanceof RangeError)) {
        throw error;
      }
      return `trap ${specMessage(String((error as Error).message), call)}`;
    }
  });
}
