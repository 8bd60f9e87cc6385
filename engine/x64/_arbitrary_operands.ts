/**
 * fast-check arbitraries of operands that fit an instruction-table row, for the encoder's
 * round-trip property and the objdump oracle. Private to the x64 tests.
 *
 * @module
 */

import fc from "fast-check";
import type { MemOperand, Operand } from "./operands.ts";
import type { InstRow, OperandSpec } from "./row.ts";

const registerNumber = fc.integer({ min: 0, max: 15 });

/** Displacements around the disp8/disp32 boundaries, plus anything. */
const displacement = fc.oneof(
  fc.constantFrom(0, 1, -1, 127, -128, 128, -129, 0x7fffffff, -0x80000000),
  fc.integer({ min: -128, max: 127 }),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
);

function memoryArbitrary(spec: OperandSpec): fc.Arbitrary<MemOperand> {
  const width = spec.memWidth === 0 ? undefined : spec.memWidth;
  const common = {
    kind: "mem",
    width,
    symbol: undefined,
    label: undefined,
    dispSize: undefined,
  } as const;
  const based = fc.record({
    base: fc.option(registerNumber, { nil: undefined }),
    index: fc.option(registerNumber.filter((reg) => reg !== 4), { nil: undefined }),
    scale: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
    disp: displacement,
  }).map((fields): MemOperand => ({
    ...common,
    ...fields,
    scale: fields.index === undefined ? 1 : fields.scale,
    rip: false,
  }));
  const ripRelative = displacement.map((disp): MemOperand => ({
    ...common,
    base: undefined,
    index: undefined,
    scale: 1,
    disp,
    rip: true,
  }));
  return fc.oneof({ arbitrary: based, weight: 4 }, { arbitrary: ripRelative, weight: 1 });
}

function registerArbitrary(spec: OperandSpec): fc.Arbitrary<Operand> {
  if (spec.regClass === "xmm") return registerNumber.map((reg) => ({ kind: "xmm", reg }));
  if (spec.regClass === "ymm") return registerNumber.map((reg) => ({ kind: "ymm", reg }));
  return registerNumber.map((reg) => ({ kind: "gpr", reg, width: spec.regWidth }));
}

/** The value an immediate field's random bits stand for, as the decoder reports it. */
function immediateArbitrary(row: InstRow, spec: OperandSpec): fc.Arbitrary<Operand> {
  const bits = spec.size * 8;
  const width = row.operands.find((operand) => operand.regClass === "gpr")?.regWidth ?? 64;
  return fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }).map((raw) => ({
    kind: "imm",
    value: row.signedImm ? BigInt.asUintN(Math.max(width, bits), BigInt.asIntN(bits, raw)) : raw,
  }));
}

function fixedOperand(spec: OperandSpec): Operand {
  if (spec.fixedReg < 0) return { kind: "imm", value: 1n };
  if (spec.regClass === "xmm") return { kind: "xmm", reg: spec.fixedReg };
  return { kind: "gpr", reg: spec.fixedReg, width: spec.regWidth };
}

function operandArbitrary(row: InstRow, spec: OperandSpec): fc.Arbitrary<Operand> {
  switch (spec.slot) {
    case "fixed":
      return fc.constant(fixedOperand(spec));
    case "imm":
      return immediateArbitrary(row, spec);
    case "rel":
      return fc.integer({ min: -(2 ** (spec.size * 8 - 1)), max: 2 ** (spec.size * 8 - 1) - 1 })
        .map((disp) => ({ kind: "rel", disp }));
    case "rm":
      if (spec.regClass === undefined) return memoryArbitrary(spec);
      if (spec.memWidth === undefined) return registerArbitrary(spec);
      return fc.oneof(registerArbitrary(spec), memoryArbitrary(spec));
    default:
      return registerArbitrary(spec);
  }
}

/** Operands, in Intel order, that `row` can encode. */
export function operandsFor(row: InstRow): fc.Arbitrary<Operand[]> {
  return fc.tuple(...row.operands.map((spec) => operandArbitrary(row, spec)));
}
