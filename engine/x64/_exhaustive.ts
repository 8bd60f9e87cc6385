/**
 * The reference row choice: encode every table row that fits the operands and keep the shortest
 * (the first in table order among equals) whose CPU feature is on and whose rel8 reaches. The
 * assembler's memoised fast path (`_select.ts`) must pick the very same bytes; it falls back
 * to this search for unusual operands and to report errors.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { CpuFeatures } from "../settings.ts";
import { type EncodedInst, encodeInstruction, operandMatches } from "./encode.ts";
import type { Label, Operand } from "./operands.ts";
import type { InstRow } from "./row.ts";

/** What the search needs to know about the assembler it emits into. */
export interface EmitContext {
  readonly features: CpuFeatures;
  /** Offset the instruction would start at. */
  readonly offset: number;
  /** Offset of a bound label, or undefined. */
  labelOffset(label: Label): number | undefined;
}

/**
 * The shortest encoding of `operands` among `rows`.
 *
 * @throws {InternalError} when no row matches, the matching rows need a disabled feature, or
 * a label is out of rel8 range.
 */
export function exhaustiveChoice(
  rows: readonly InstRow[] | undefined,
  name: string,
  operands: readonly Operand[],
  context: EmitContext,
  allowShortForward = false,
): EncodedInst {
  const fits = (row: InstRow) =>
    row.operands.length === operands.length &&
    row.operands.every((spec, i) => operandMatches(row, spec, operands[i] as Operand));
  const encodable = needsPlaceholders(operands) ? operands.map(placeholder) : operands;
  let best: EncodedInst | undefined;
  let matched: InstRow | undefined;
  for (const row of rows ?? []) {
    if (!fits(row)) continue;
    matched ??= row;
    if (!featureOn(context.features, row)) continue;
    const encoded = encodeInstruction(row, encodable);
    if (!reaches(encoded, operands, context, allowShortForward)) continue;
    if (best === undefined || encoded.bytes.length < best.bytes.length) best = encoded;
  }
  if (best !== undefined) return best;
  const why = matched === undefined
    ? "no instruction-table row matches these operands"
    : matched.operands.some((spec) => spec.slot === "rel")
    ? "the label is out of rel8 range"
    : `it needs CPU feature "${matched.feature}", which is off`;
  throw new InternalError(`Cannot emit ${name} ${describe(operands)}: ${why}`);
}

/** Whether a label branch fits: rel8 only to a bound label in range (or when forced). */
function reaches(
  encoded: EncodedInst,
  operands: readonly Operand[],
  context: EmitContext,
  allowShortForward: boolean,
): boolean {
  const target = operands.find((operand) => operand.kind === "label");
  if (target === undefined || encoded.relSize !== 1) return true;
  const offset = context.labelOffset(target.label);
  if (offset === undefined) return allowShortForward;
  const disp = offset - (context.offset + encoded.bytes.length);
  return disp >= -128 && disp <= 127;
}

/** Whether `row`'s CPU feature is on. */
export function featureOn(features: CpuFeatures, row: InstRow): boolean {
  return row.feature === "baseline" || features[row.feature];
}

function needsPlaceholders(operands: readonly Operand[]): boolean {
  return operands.some((operand) =>
    operand.kind === "label" ||
    (operand.kind === "mem" && (operand.label !== undefined || operand.symbol !== undefined))
  );
}

/** Labels and symbols encode as zero displacements; fixups fill them in. */
export function placeholder(operand: Operand): Operand {
  if (operand.kind === "label") return { kind: "rel", disp: 0 };
  if (operand.kind === "mem" && (operand.label !== undefined || operand.symbol !== undefined)) {
    return { ...operand, disp: 0 };
  }
  return operand;
}

function describe(operands: readonly Operand[]): string {
  return operands.map((operand) => JSON.stringify(operand, bigintReplacer)).join(", ");
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value}n` : value;
}
