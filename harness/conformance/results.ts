/**
 * Judging `assert_return` results: exact bits for numbers, the spec's NaN patterns, v128 lanes
 * by shape, and references (reference interpreter `script/run.ml`, `assert_result`).
 *
 * @module
 */

import type { Expected, LanePattern, NanPattern, Value } from "../wast/types.ts";
import type { ResultValue } from "./engine.ts";

const F32_EXP = 0x7f800000;
const F32_QUIET = 0x00400000;
const F64_EXP = 0x7ff0000000000000n;
const F64_QUIET = 0x0008000000000000n;

/** Whether f32 `bits` match a NaN pattern. */
export function f32MatchesNan(bits: number, nan: NanPattern): boolean {
  const magnitude = bits & 0x7fffffff;
  if (nan === "canonical") return magnitude === (F32_EXP | F32_QUIET);
  return (magnitude & (F32_EXP | F32_QUIET)) === (F32_EXP | F32_QUIET);
}

/** Whether f64 `bits` match a NaN pattern. */
export function f64MatchesNan(bits: bigint, nan: NanPattern): boolean {
  const magnitude = bits & 0x7fffffffffffffffn;
  if (nan === "canonical") return magnitude === (F64_EXP | F64_QUIET);
  return (magnitude & (F64_EXP | F64_QUIET)) === (F64_EXP | F64_QUIET);
}

/** Renders a result for a mismatch message, in the script's own notation. */
export function showResult(value: ResultValue): string {
  switch (value.type) {
    case "i32":
    case "f32":
      return `${value.type}:0x${value.bits.toString(16).padStart(8, "0")}`;
    case "i64":
    case "f64":
      return `${value.type}:0x${value.bits.toString(16).padStart(16, "0")}`;
    case "v128":
      return `v128:${[...value.bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    case "ref.null":
      return `ref.null ${value.refType === "funcref" ? "func" : "extern"}`;
    case "ref.extern":
      return `ref.extern ${value.id}`;
    case "ref.func":
      return "ref.func";
  }
}

/** Renders an expectation for a mismatch message. */
export function showExpected(expected: Expected): string {
  switch (expected.kind) {
    case "value":
      return showResult(expected.value);
    case "nan":
      return `${expected.type}:nan:${expected.nan}`;
    case "v128":
      return `v128 ${expected.shape}x${expected.lanes.length} ${
        expected.lanes.map((lane) =>
          "nan" in lane ? `nan:${lane.nan}` : `0x${lane.bits.toString(16)}`
        )
          .join(" ")
      }`;
    case "ref.func":
      return "ref.func";
    case "ref.extern.any":
      return "ref.extern";
  }
}

const LANE_BITS: Readonly<Record<string, number>> = {
  i8: 8,
  i16: 16,
  i32: 32,
  i64: 64,
  f32: 32,
  f64: 64,
};

function laneOf(bytes: Uint8Array, index: number, width: number): bigint {
  let bits = 0n;
  const size = width / 8;
  for (let i = size - 1; i >= 0; i--) bits = (bits << 8n) | BigInt(bytes[index * size + i]!);
  return bits;
}

function laneMatches(bits: bigint, pattern: LanePattern, shape: string, width: number): boolean {
  if ("bits" in pattern) return bits === BigInt.asUintN(width, pattern.bits);
  return shape === "f32"
    ? f32MatchesNan(Number(bits), pattern.nan)
    : f64MatchesNan(bits, pattern.nan);
}

function valueMatches(actual: ResultValue, expected: Value): boolean {
  switch (expected.type) {
    case "i32":
    case "f32":
    case "i64":
    case "f64":
      return actual.type === expected.type && actual.bits === expected.bits;
    case "v128":
      return actual.type === "v128" && actual.bytes.every((b, i) => b === expected.bytes[i]);
    case "ref.null":
      return actual.type === "ref.null" && actual.refType === expected.refType;
    case "ref.extern":
      return actual.type === "ref.extern" && actual.id === expected.id;
  }
}

/** Whether one result matches one expectation. */
export function resultMatches(actual: ResultValue, expected: Expected): boolean {
  switch (expected.kind) {
    case "value":
      return valueMatches(actual, expected.value);
    case "nan":
      if (actual.type !== expected.type) return false;
      return actual.type === "f32"
        ? f32MatchesNan(actual.bits, expected.nan)
        : actual.type === "f64" && f64MatchesNan(actual.bits, expected.nan);
    case "v128": {
      if (actual.type !== "v128") return false;
      const width = LANE_BITS[expected.shape]!;
      return expected.lanes.every((lane, i) =>
        laneMatches(laneOf(actual.bytes, i, width), lane, expected.shape, width)
      );
    }
    case "ref.func":
      return actual.type === "ref.func";
    case "ref.extern.any":
      return actual.type === "ref.extern";
  }
}

/** Compares a result list with the expectations; returns a mismatch description or undefined. */
export function compareResults(
  actual: readonly ResultValue[],
  expected: readonly Expected[],
): string | undefined {
  const matches = actual.length === expected.length &&
    actual.every((value, i) => resultMatches(value, expected[i]!));
  if (matches) return undefined;
  return `got [${actual.map(showResult).join(", ")}], expected [${
    expected.map(showExpected).join(", ")
  }]`;
}
