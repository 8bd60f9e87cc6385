import assert from "node:assert/strict";
import { OPCODES } from "../wasm/opcodes.ts";
import type { ValType } from "../wasm/syntax.ts";
import { type Call, compare, type Mismatch, token, type Value } from "./_oracle.ts";
import { invoke, wat } from "./_run.ts";
import type { PartialSettings } from "../settings.ts";

type Num = Value["type"];

/** Deterministic xorshift64* so failures reproduce. */
function rng(seed: bigint): () => bigint {
  let state = seed;
  return () => {
    state ^= state >> 12n;
    state ^= BigInt.asUintN(64, state << 25n);
    state ^= state >> 27n;
    return BigInt.asUintN(64, state * 0x2545f4914f6cdd1dn);
  };
}

function f32(value: number): bigint {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return BigInt(view.getUint32(0));
}

function f64(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0);
}

const FLOATS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  -1.5,
  2.5,
  -2.5,
  0.9,
  -0.9,
  3.7,
  -3.7,
  Infinity,
  -Infinity,
  2 ** 31,
  -(2 ** 31),
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 32 - 1,
  2 ** 63,
  -(2 ** 63),
  2 ** 64,
  1e30,
  -1e30,
  4294967296.5,
  2147483647.5,
  -2147483648.5,
  1e-40,
  5e-324,
];

const INTERESTING: Readonly<Record<Num, readonly bigint[]>> = {
  i32: [
    0n,
    1n,
    2n,
    0xffff_ffffn,
    0x8000_0000n,
    0x7fff_ffffn,
    31n,
    32n,
    33n,
    7n,
    0xffff_fffen,
    0x80n,
    0x8000n,
    0xffn,
  ],
  i64: [
    0n,
    1n,
    2n,
    2n ** 64n - 1n,
    2n ** 63n,
    2n ** 63n - 1n,
    63n,
    64n,
    65n,
    7n,
    0xffff_ffffn,
    0x1_0000_0000n,
    0x8000_0000n,
    0x80n,
    2n ** 53n + 1n,
    2n ** 64n - 2n,
  ],
  f32: [
    ...FLOATS.map(f32),
    0x7fc0_0000n,
    0xffc0_0000n,
    0x7fa0_0000n,
    0x7f80_0001n,
    0x0000_0001n,
    0x7f7f_ffffn,
    0x4f00_0000n,
    0x5f00_0000n,
    0xdf00_0000n,
    0xcf00_0000n,
  ],
  f64: [
    ...FLOATS.map(f64),
    0x7ff8_0000_0000_0000n,
    0xfff8_0000_0000_0000n,
    0x7ff4_0000_0000_0000n,
    0x7ff0_0000_0000_0001n,
    0x41df_ffff_ffff_ffffn,
    0xc1e0_0000_0020_0000n,
    0xc1e0_0000_0000_0000n,
    0x43e0_0000_0000_0000n,
    0xc3e0_0000_0000_0000n,
  ],
};

const WIDTH: Readonly<Record<Num, bigint>> = { i32: 32n, i64: 64n, f32: 32n, f64: 64n };

function randomValue(type: Num, next: () => bigint): bigint {
  const pick = next();
  const pool = INTERESTING[type];
  if (pick % 2n === 0n) return pool[Number((pick >> 8n) % BigInt(pool.length))]!;
  const bits = BigInt.asUintN(Number(WIDTH[type]), next());
  // Random floats: mostly moderate magnitudes, so conversions see in-range values.
  if ((type === "f32" || type === "f64") && pick % 3n === 0n) {
    const magnitude = Number(bits % 10_000_000_000n) / 97 - 5e7;
    return type === "f32" ? f32(magnitude) : f64(magnitude);
  }
  return bits;
}

function bitsType(type: Num): Num {
  return type === "f32" ? "i32" : type === "f64" ? "i64" : type;
}

/** Numeric ops with a fixed signature over number types, excluding constants. */
const OPS = OPCODES.filter((row) =>
  row.prefix !== 0xfd && row.immediate === "none" && row.params !== undefined &&
  row.results?.length === 1 && row.params.length > 0 &&
  [...row.params, ...row.results].every((type) => ["i32", "i64", "f32", "f64"].includes(type))
);

function moduleText(): string {
  const funcs = OPS.map((row) => {
    const params = row.params as readonly Num[];
    const result = row.results![0] as Num;
    const gets = params.map((type, i) =>
      `local.get ${i}` +
      (type === "f32" ? " f32.reinterpret_i32" : type === "f64" ? " f64.reinterpret_i64" : "")
    ).join(" ");
    const back = result === "f32"
      ? " i32.reinterpret_f32"
      : result === "f64"
      ? " i64.reinterpret_f64"
      : "";
    const paramText = params.map((type) => bitsType(type)).join(" ");
    return `(func (export "${row.mnemonic}") (param ${paramText}) (result ${
      bitsType(result)
    }) ${gets} ${row.mnemonic}${back})`;
  });
  return `(module ${funcs.join("\n")})`;
}

function isNan(type: Num, bits: bigint): boolean {
  if (type === "f32") return (bits & 0x7f80_0000n) === 0x7f80_0000n && (bits & 0x7f_ffffn) !== 0n;
  if (type === "f64") {
    return (bits & 0x7ff0_0000_0000_0000n) === 0x7ff0_0000_0000_0000n &&
      (bits & 0xf_ffff_ffff_ffffn) !== 0n;
  }
  return false;
}

function isCanonical(type: Num, bits: bigint): boolean {
  return type === "f32"
    ? (bits & 0x7fff_ffffn) === 0x7fc0_0000n
    : (bits & 0x7fff_ffff_ffff_ffffn) === 0x7ff8_0000_0000_0000n;
}

const BITWISE = /\.(abs|neg|copysign|reinterpret_\w+)$/;

/** Whether a mismatch is allowed by the spec's NaN nondeterminism (and our result is a NaN of the right kind). */
function nanAllowed(mismatch: Mismatch, calls: Map<string, Call>): boolean {
  const call = calls.get(mismatch.call)!;
  const row = OPS.find((candidate) => candidate.mnemonic === call.name)!;
  const result = row.results![0] as Num;
  if (mismatch.expected === "trap integer overflow") {
    // V8 says "float unrepresentable" for NaN too; the spec says "invalid conversion".
    const source = row.params![0] as Num;
    return mismatch.actual === "trap invalid conversion to integer" &&
      isNan(source, call.args[0]!.bits);
  }
  if (BITWISE.test(row.mnemonic) || (result !== "f32" && result !== "f64")) return false;
  const parse = (answer: string) => BigInt(`0x${answer.split(":")[1] ?? "x"}`);
  if (!mismatch.expected.startsWith("ok") || !mismatch.actual.startsWith("ok")) return false;
  const ours = parse(mismatch.actual);
  if (!isNan(result, parse(mismatch.expected)) || !isNan(result, ours)) return false;
  const inputs = call.args.map((arg, i) => ({ type: row.params![i] as Num, bits: arg.bits }));
  const canonicalInputs = inputs.every((input) =>
    !isNan(input.type, input.bits) || isCanonical(input.type, input.bits)
  );
  const quiet = result === "f32" ? (ours & 0x40_0000n) !== 0n : (ours & 0x8_0000_0000_0000n) !== 0n;
  return canonicalInputs ? isCanonical(result, ours) : quiet;
}

async function checkAllOps(settings: PartialSettings, perOp: number, seed: bigint): Promise<void> {
  const next = rng(seed);
  const calls: Call[] = [];
  const resultTypes = new Map<string, readonly Num[]>();
  for (const row of OPS) {
    resultTypes.set(row.mnemonic, [bitsType(row.results![0] as Num)]);
    for (let n = 0; n < perOp; n++) {
      const args = (row.params as readonly ValType[]).map((type): Value => ({
        type: bitsType(type as Num),
        bits: randomValue(type as Num, next),
      }));
      calls.push({ name: row.mnemonic, args });
    }
  }
  const mismatches = await compare(wat(moduleText()), calls, resultTypes, settings);
  // compare() reports each mismatch by its request text.
  const byRequest = new Map<string, Call>();
  for (const call of calls) byRequest.set(invoke("a", call.name, ...call.args.map(token)), call);
  const real = mismatches.filter((mismatch) => !nanAllowed(mismatch, byRequest));
  assert.deepEqual(real.slice(0, 30), [], `seed ${seed}: ${real.length} mismatches`);
}

Deno.test("every numeric op agrees with V8 on random and edge inputs", async () => {
  await checkAllOps({}, 40, 0x1234_5678n);
});

Deno.test("numeric ops agree with V8 without SSE4.1, POPCNT, LZCNT or BMI1 (fallbacks)", async () => {
  const cpuFeatures = { sse41: false, popcnt: false, lzcnt: false, bmi1: false };
  await checkAllOps({ cpuFeatures }, 16, 0x9abc_def0n);
});

Deno.test("numeric ops agree with V8 with LZCNT and BMI1", async () => {
  await checkAllOps({ cpuFeatures: { lzcnt: true, bmi1: true } }, 12, 0x5555_1111n);
});
