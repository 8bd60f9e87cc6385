/**
 * The SIMD operations of the x86-64 macro-assembler, by Wasm mnemonic (spec 4.4.3 "Vector
 * Instructions"; SDM Vol. 2 packed instructions). Ops that are one instruction are rows
 * (`["i32x4.add", "paddd"]`, with the CPU feature the instruction needs beyond SSE2 and
 * SSSE3, which vector code requires); the rest are
 * sequences in `_masm_simd_int.ts`, `_masm_simd_float.ts` and `_masm_simd_lane.ts`. A row
 * whose feature is off falls back to its op family's sequence.
 *
 * @module
 */

import type { Reg } from "../compile/masm.ts";
import { InternalError } from "../errors.ts";
import type { CpuFeatures } from "../settings.ts";
import type { X64MacroAssembler } from "./masm.ts";
import {
  FLOAT_CONVERSIONS,
  floatCompare,
  floatMinMax,
  floatPminPmax,
  floatRound,
  floatSign,
} from "./_masm_simd_float.ts";
import {
  extaddPairwise,
  extend,
  extmul,
  intAbs,
  intCompare,
  intMinMax,
  intNeg,
  mul32,
  narrowU32,
  popcnt8,
  q15mulr,
} from "./_masm_simd_int.ts";
import { swizzle } from "./_masm_simd_lane.ts";
import { invert, lanes, mul64, S1, S2, type Sequence, vmov, vop } from "./_masm_simd_ops.ts";

/** A one-instruction op: Wasm mnemonic, SSE mnemonic, the feature it needs beyond SSE2. */
type Row = readonly [string, string, (keyof CpuFeatures)?];

// deno-fmt-ignore
const BINARY_ROWS: readonly Row[] = [
  ["i8x16.add", "paddb"], ["i16x8.add", "paddw"], ["i32x4.add", "paddd"], ["i64x2.add", "paddq"],
  ["i8x16.sub", "psubb"], ["i16x8.sub", "psubw"], ["i32x4.sub", "psubd"], ["i64x2.sub", "psubq"],
  ["i8x16.add_sat_s", "paddsb"], ["i16x8.add_sat_s", "paddsw"],
  ["i8x16.add_sat_u", "paddusb"], ["i16x8.add_sat_u", "paddusw"],
  ["i8x16.sub_sat_s", "psubsb"], ["i16x8.sub_sat_s", "psubsw"],
  ["i8x16.sub_sat_u", "psubusb"], ["i16x8.sub_sat_u", "psubusw"],
  ["i8x16.avgr_u", "pavgb"], ["i16x8.avgr_u", "pavgw"],
  ["i16x8.mul", "pmullw"], ["i32x4.mul", "pmulld", "sse41"], ["i32x4.dot_i16x8_s", "pmaddwd"],
  ["i8x16.eq", "pcmpeqb"], ["i16x8.eq", "pcmpeqw"], ["i32x4.eq", "pcmpeqd"],
  ["i64x2.eq", "pcmpeqq", "sse41"],
  ["i8x16.gt_s", "pcmpgtb"], ["i16x8.gt_s", "pcmpgtw"], ["i32x4.gt_s", "pcmpgtd"],
  ["i64x2.gt_s", "pcmpgtq", "sse42"],
  ["i8x16.min_u", "pminub"], ["i8x16.max_u", "pmaxub"], ["i16x8.min_s", "pminsw"], ["i16x8.max_s", "pmaxsw"],
  ["i8x16.min_s", "pminsb", "sse41"], ["i8x16.max_s", "pmaxsb", "sse41"],
  ["i16x8.min_u", "pminuw", "sse41"], ["i16x8.max_u", "pmaxuw", "sse41"],
  ["i32x4.min_s", "pminsd", "sse41"], ["i32x4.max_s", "pmaxsd", "sse41"],
  ["i32x4.min_u", "pminud", "sse41"], ["i32x4.max_u", "pmaxud", "sse41"],
  ["v128.and", "pand"], ["v128.or", "por"], ["v128.xor", "pxor"],
  ["i8x16.narrow_i16x8_s", "packsswb"], ["i8x16.narrow_i16x8_u", "packuswb"],
  ["i16x8.narrow_i32x4_s", "packssdw"], ["i16x8.narrow_i32x4_u", "packusdw", "sse41"],
  ["f32x4.add", "addps"], ["f32x4.sub", "subps"], ["f32x4.mul", "mulps"], ["f32x4.div", "divps"],
  ["f64x2.add", "addpd"], ["f64x2.sub", "subpd"], ["f64x2.mul", "mulpd"], ["f64x2.div", "divpd"],
];

// deno-fmt-ignore
const UNARY_ROWS: readonly Row[] = [
  ["i8x16.abs", "pabsb"], ["i16x8.abs", "pabsw"], ["i32x4.abs", "pabsd"],
  ["f32x4.sqrt", "sqrtps"], ["f64x2.sqrt", "sqrtpd"],
  ["i16x8.extend_low_i8x16_s", "pmovsxbw", "sse41"], ["i16x8.extend_low_i8x16_u", "pmovzxbw", "sse41"],
  ["i32x4.extend_low_i16x8_s", "pmovsxwd", "sse41"], ["i32x4.extend_low_i16x8_u", "pmovzxwd", "sse41"],
  ["i64x2.extend_low_i32x4_s", "pmovsxdq", "sse41"], ["i64x2.extend_low_i32x4_u", "pmovzxdq", "sse41"],
  ["f32x4.convert_i32x4_s", "cvtdq2ps"], ["f64x2.convert_low_i32x4_s", "cvtdq2pd"],
  ["f32x4.demote_f64x2_zero", "cvtpd2ps"], ["f64x2.promote_low_f32x4", "cvtps2pd"],
];

const andnot: Sequence = (masm, dst, src) => {
  vmov(masm, S1, src);
  vop(masm, "pandn", S1, dst);
  vmov(masm, dst, S1);
};

type Entry = readonly [string, Sequence];

/** `make(op)` for every op `<shape>.<name>`. */
function each(
  shapes: readonly string[],
  names: readonly string[],
  make: (op: string) => Sequence,
): Entry[] {
  return shapes.flatMap((shape) =>
    names.map((name): Entry => [`${shape}.${name}`, make(`${shape}.${name}`)])
  );
}

const INTS = ["i8x16", "i16x8", "i32x4", "i64x2"];
const FLOATS = ["f32x4", "f64x2"];
const INT_CMP = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
const EXTENDED = ["low_s", "high_s", "low_u", "high_u"];

/** Sequences of two-operand ops, by mnemonic. */
const BINARY_SEQUENCES: ReadonlyMap<string, Sequence> = new Map<string, Sequence>([
  ...each(INTS, INT_CMP, (op) => (masm, dst, src) => intCompare(masm, op, dst, src)),
  ...each(
    FLOATS,
    ["eq", "ne", "lt", "gt", "le", "ge"],
    (op) => (masm, dst, src) => floatCompare(masm, op, dst, src),
  ),
  ...each(
    INTS,
    ["min_s", "min_u", "max_s", "max_u"],
    (op) => (masm, dst, src) => intMinMax(masm, op, dst, src),
  ),
  ...each(FLOATS, ["min", "max"], (op) => (masm, dst, src) => floatMinMax(masm, op, dst, src)),
  ...each(FLOATS, ["pmin", "pmax"], (op) => (masm, dst, src) => floatPminPmax(masm, op, dst, src)),
  ...each(
    ["i16x8"],
    EXTENDED.map((part) => `extmul_${part.replace("_", "_i8x16_")}`),
    (op) => (masm, dst, src) => extmul(masm, op, dst, src),
  ),
  ...each(
    ["i32x4"],
    EXTENDED.map((part) => `extmul_${part.replace("_", "_i16x8_")}`),
    (op) => (masm, dst, src) => extmul(masm, op, dst, src),
  ),
  ...each(
    ["i64x2"],
    EXTENDED.map((part) => `extmul_${part.replace("_", "_i32x4_")}`),
    (op) => (masm, dst, src) => extmul(masm, op, dst, src),
  ),
  ["i32x4.mul", mul32],
  ["i64x2.mul", mul64],
  ["v128.andnot", andnot],
  ["i16x8.narrow_i32x4_u", narrowU32],
  ["i16x8.q15mulr_sat_s", q15mulr],
  ["i8x16.swizzle", swizzle],
]);

/** Sequences of one-operand ops, by mnemonic. */
const UNARY_SEQUENCES: ReadonlyMap<string, Sequence> = new Map<string, Sequence>([
  ["v128.not", (masm, dst) => invert(masm, dst)],
  ...each(INTS, ["abs"], (op) => (masm, dst) => intAbs(masm, op, dst)),
  ...each(INTS, ["neg"], (op) => (masm, dst) => intNeg(masm, op, dst)),
  ["i8x16.popcnt", popcnt8],
  ...each(FLOATS, ["abs", "neg"], (op) => (masm, dst) => floatSign(masm, op, dst)),
  ...each(
    FLOATS,
    ["ceil", "floor", "trunc", "nearest"],
    (op) => (masm, dst) => floatRound(masm, op, dst),
  ),
  ...each(
    ["i16x8"],
    EXTENDED.map((part) => `extend_${part.replace("_", "_i8x16_")}`),
    (op) => (masm, dst) => extend(masm, op, dst),
  ),
  ...each(
    ["i32x4"],
    EXTENDED.map((part) => `extend_${part.replace("_", "_i16x8_")}`),
    (op) => (masm, dst) => extend(masm, op, dst),
  ),
  ...each(
    ["i64x2"],
    EXTENDED.map((part) => `extend_${part.replace("_", "_i32x4_")}`),
    (op) => (masm, dst) => extend(masm, op, dst),
  ),
  ...each(
    ["i16x8"],
    ["extadd_pairwise_i8x16_s", "extadd_pairwise_i8x16_u"],
    (op) => (masm, dst) => extaddPairwise(masm, op, dst),
  ),
  ...each(
    ["i32x4"],
    ["extadd_pairwise_i16x8_s", "extadd_pairwise_i16x8_u"],
    (op) => (masm, dst) => extaddPairwise(masm, op, dst),
  ),
  ...Object.entries(FLOAT_CONVERSIONS),
]);

/** Resolves an op to its row when the row's feature is on, else to its sequence. */
class SimdTable {
  readonly #rows: ReadonlyMap<string, readonly [Row, Sequence]>;
  readonly #sequences: ReadonlyMap<string, Sequence>;

  constructor(rows: readonly Row[], sequences: ReadonlyMap<string, Sequence>) {
    this.#rows = new Map(
      rows.map((row) => [row[0], [row, (masm, dst, src) => vop(masm, row[1], dst, src)]]),
    );
    this.#sequences = sequences;
  }

  lookup(masm: X64MacroAssembler, op: string): Sequence {
    const row = this.#rows.get(op);
    if (row !== undefined && (row[0][2] === undefined || masm.features[row[0][2]])) return row[1];
    const sequence = this.#sequences.get(op);
    if (sequence === undefined) throw new InternalError(`No x86-64 lowering for ${op}`);
    return sequence;
  }
}

const BINARY = new SimdTable(BINARY_ROWS, BINARY_SEQUENCES);
const UNARY = new SimdTable(UNARY_ROWS, UNARY_SEQUENCES);

/** `dst = dst op src`. */
export function simdBinop(masm: X64MacroAssembler, op: string, dst: Reg, src: Reg): void {
  BINARY.lookup(masm, op)(masm, dst, src);
}

/** `dst = op dst`. */
export function simdUnop(masm: X64MacroAssembler, op: string, dst: Reg): void {
  UNARY.lookup(masm, op)(masm, dst, dst);
}

/** `v128.bitselect`: `dst = (dst & mask) | (src & ~mask)`. */
export function simdBitselect(masm: X64MacroAssembler, dst: Reg, src: Reg, mask: Reg): void {
  vop(masm, "pand", dst, mask);
  vmov(masm, S1, mask);
  vop(masm, "pandn", S1, src);
  vop(masm, "por", dst, S1);
}

/** NaN lanes of `dst` become the canonical NaN (positive, quiet, zero payload). */
export function simdCanonicalizeNan(masm: X64MacroAssembler, size: 32 | 64, dst: Reg): void {
  const ps = size === 32 ? "ps" : "pd";
  vmov(masm, S1, dst);
  vop(masm, `cmp${ps}`, S1, S1, 3);
  vmov(masm, S2, S1);
  vop(masm, "andps", S2, lanes(size / 8 as 4 | 8, size === 32 ? 0x7fc0_0000n : 0x7ff8n << 48n));
  vop(masm, "andnps", S1, dst);
  vop(masm, "orps", S1, S2);
  vmov(masm, dst, S1);
}
