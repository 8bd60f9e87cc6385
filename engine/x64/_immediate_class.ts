/**
 * Immediate classes for the assembler's operand keys (`_select.ts`): which of the table's
 * ways to store an immediate (field size, operand width, sign-extension; Intel SDM Vol. 2
 * §2.1.5) a value fits, interned as a small id and memoised by value interval.
 *
 * @module
 */

import { immediateBits } from "./encode.ts";
import { INST_ROWS } from "./insts.ts";
import type { InstRow, OperandSpec } from "./row.ts";

/**
 * One representative (row, imm spec) per distinct way the table stores an immediate
 * (field size, operand width, sign-extension): an immediate's class is which of these it fits.
 */
const IMMEDIATE_FORMS: readonly (readonly [InstRow, OperandSpec])[] = (() => {
  const forms = new Map<string, readonly [InstRow, OperandSpec]>();
  for (const row of INST_ROWS) {
    const gpr = row.operands.find((spec) => spec.regClass === "gpr");
    for (const spec of row.operands) {
      if (spec.slot !== "imm") continue;
      const key = `${spec.size}/${gpr?.regWidth ?? 64}/${row.signedImm}`;
      if (!forms.has(key)) forms.set(key, [row, spec]);
    }
  }
  return [...forms.values()];
})();

/** Interned immediate classes: a fit mask (plus "is 1", for shift-by-one rows) to a small id. */
const IMMEDIATE_CLASS_IDS = new Map<number, number>();
/** Classes of -128..127, the common case, by value + 128. */
const SMALL_CLASSES: readonly number[] = Array.from(
  { length: 256 },
  (_, i) => computeImmediateClass(BigInt(i - 128)),
);

/**
 * Every value at which some form's fit can change: the fit of a value to a form is a union of
 * ranges bounded by the signed and unsigned limits of the form's field and operand widths
 * (`immediateBits`), and by 1 and 2 (the "is 1" bit). Between two neighbouring boundaries every
 * value has the same class, so classes are memoised by interval.
 */
const IMMEDIATE_BOUNDARIES: readonly bigint[] = (() => {
  const widths = [8n, 16n, 32n, 64n];
  const found = new Set<bigint>([0n, 1n, 2n]);
  for (const width of widths) {
    for (const bits of widths) {
      const top = 1n << width, half = 1n << (width - 1n), field = 1n << (bits - 1n);
      for (const value of [-half, half, top, -field, field, top - field]) found.add(value);
    }
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
})();
/** The same boundaries as numbers where they are exact (all but the 64-bit ones are). */
const NUMBER_BOUNDARIES: readonly number[] = IMMEDIATE_BOUNDARIES.map(Number);
/** Class of each interval `[boundary[i - 1], boundary[i])` (index 0: below the first), or -2. */
const INTERVAL_CLASSES: number[] = new Array(IMMEDIATE_BOUNDARIES.length + 1).fill(-2);

/** Index of the interval holding `value`: how many boundaries are <= it. */
function intervalOf(value: bigint): number {
  const small = value >= -0x20000000000000n && value <= 0x20000000000000n;
  const number = small ? Number(value) : 0;
  let low = 0, high = IMMEDIATE_BOUNDARIES.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const below = small && Number.isSafeInteger(NUMBER_BOUNDARIES[middle]!)
      ? NUMBER_BOUNDARIES[middle]! <= number
      : IMMEDIATE_BOUNDARIES[middle]! <= value;
    if (below) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The class of an immediate value: a small id, or -1 when there are too many classes. */
export function immediateClass(value: bigint): number {
  if (value >= -128n && value <= 127n) return SMALL_CLASSES[Number(value) + 128] ?? -1;
  const interval = intervalOf(value);
  const known = INTERVAL_CLASSES[interval]!;
  if (known !== -2) return known;
  const range = computeImmediateClass(value);
  INTERVAL_CLASSES[interval] = range;
  return range;
}

/**
 * `immediateClass(BigInt(value))` for a 32-bit signed `value`, without bigint arithmetic (a
 * number compares with every boundary as its bigint does: the inexact ones are beyond 2^53).
 */
export function smallImmediateClass(value: number): number {
  if (value >= -128 && value <= 127) return SMALL_CLASSES[value + 128] ?? -1;
  let low = 0, high = NUMBER_BOUNDARIES.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (NUMBER_BOUNDARIES[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  const known = INTERVAL_CLASSES[low]!;
  if (known !== -2) return known;
  const range = computeImmediateClass(BigInt(value));
  INTERVAL_CLASSES[low] = range;
  return range;
}

/** Test hook: the class of `value` by the interval memo and by direct computation. */
export function immediateClassBothWays(value: bigint): [number, number] {
  return [immediateClass(value), computeImmediateClass(value)];
}

function computeImmediateClass(value: bigint): number {
  let mask = value === 1n ? 1 : 0;
  IMMEDIATE_FORMS.forEach(([row, spec], i) => {
    if (immediateBits(row, spec, value) !== undefined) mask |= 2 << i;
  });
  let id = IMMEDIATE_CLASS_IDS.get(mask);
  if (id === undefined) {
    id = IMMEDIATE_CLASS_IDS.size;
    IMMEDIATE_CLASS_IDS.set(mask, id);
  }
  return id < 1024 ? id : -1;
}
