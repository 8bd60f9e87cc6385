import assert from "node:assert/strict";
import { compile, UnsupportedError } from "../mod.ts";
import { hostTarget, resolveSettings } from "../settings.ts";
import { type OpcodeRow, OPCODES } from "../wasm/opcodes.ts";
import type { PartialSettings } from "../settings.ts";
import { type Call, compare, type Mismatch, token, type Value } from "./_oracle.ts";
import { invoke, link, wat } from "./_run.ts";
import { SIMD_LOWERINGS, SIMD_ROW_OPS } from "./simd.ts";
import { SIMD_MEMORY_LOWERINGS } from "./simd_memory.ts";

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

/** Every SIMD op whose signature is fixed and whose only immediates are none. */
const OPS = OPCODES.filter((row) =>
  row.prefix === 0xfd && row.immediate === "none" && row.params !== undefined &&
  row.results?.length === 1
);

type Scalar = "i32" | "i64" | "f32" | "f64";

/** Lane values that trip edge cases: zeros, extremes, NaNs, infinities, halves. */
// deno-fmt-ignore
const EDGE_LANES: Readonly<Record<4 | 8, readonly bigint[]>> = {
  4: [0n, 1n, 0xffff_ffffn, 0x8000_0000n, 0x7fff_ffffn, 0x7fc0_0000n, 0xffc0_0000n, 0x7fa0_0000n,
    0x7f80_0000n, 0xff80_0000n, 0x3f00_0000n, 0xbf00_0000n, 0x3fc0_0000n, 0x4f00_0000n,
    0x4f80_0000n, 0xcf00_0000n, 0x4b00_0001n, 0x0000_0001n, 0x8080_8080n, 0x7f7f_7f7fn,
    0x0080_8000n, 0x4040_0000n, 0xc020_0000n],
  8: [0n, 1n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 63n - 1n, 0x7ff8_0000_0000_0000n,
    0xfff8_0000_0000_0000n, 0x7ff4_0000_0000_0000n, 0x7ff0_0000_0000_0000n,
    0xfff0_0000_0000_0000n, 0x3fe0_0000_0000_0000n, 0xbfe0_0000_0000_0000n,
    0x41e0_0000_0000_0000n, 0x41f0_0000_0000_0000n, 0xc1e0_0000_0000_0000n,
    0x41ef_ffff_ffe0_0000n, 0x4330_0000_0000_0001n, 0x8000_0000_8000_0000n],
};

/** A random 64-bit half of a v128: random bits, or edge lanes of 32 or 64 bits. */
function randomHalf(next: () => bigint): bigint {
  const pick = next() % 4n;
  if (pick === 0n) return next();
  const edges32 = EDGE_LANES[4];
  const edge32 = () => edges32[Number(next() % BigInt(edges32.length))]!;
  if (pick === 1n) return edge32() | (edge32() << 32n);
  if (pick === 2n) return EDGE_LANES[8][Number(next() % BigInt(EDGE_LANES[8].length))]!;
  // Small lanes, mostly in range of conversions and shifts.
  return BigInt.asUintN(64, next() & 0x0000_00ff_8000_01ffn);
}

function randomScalar(type: Scalar, next: () => bigint): bigint {
  const bits = randomHalf(next);
  if (type === "i64" || type === "f64") return bits;
  const small = next() % 3n === 0n;
  return small ? bits & 0x3fn : bits & 0xffff_ffffn;
}

/** Scalars pass as their bits (floats reinterpreted), v128 as two i64 halves. */
function paramsOf(row: OpcodeRow): string[] {
  return row.params!.flatMap((type) =>
    type === "v128" ? ["i64", "i64"] : [type === "f32" ? "i32" : type === "f64" ? "i64" : type]
  );
}

function resultsOf(row: OpcodeRow): Scalar[] {
  const type = row.results![0]!;
  if (type === "v128") return ["i64", "i64"];
  return [type === "f32" ? "i32" : type === "f64" ? "i64" : type as Scalar];
}

/** A function per op: v128 operands built from halves, a v128 result split into halves. */
function funcText(row: OpcodeRow): string {
  let local = 0;
  const gets = row.params!.map((type) => {
    if (type === "v128") {
      const lo = local++;
      const hi = local++;
      return `local.get ${lo} i64x2.splat local.get ${hi} i64x2.replace_lane 1`;
    }
    const get = `local.get ${local++}`;
    return type === "f32"
      ? `${get} f32.reinterpret_i32`
      : type === "f64"
      ? `${get} f64.reinterpret_i64`
      : get;
  }).join(" ");
  const result = row.results![0]!;
  const params = paramsOf(row);
  const body = result === "v128"
    ? `${gets} ${row.mnemonic} local.tee ${params.length} i64x2.extract_lane 0 ` +
      `local.get ${params.length} i64x2.extract_lane 1`
    : `${gets} ${row.mnemonic}${
      result === "f32" ? " i32.reinterpret_f32" : result === "f64" ? " i64.reinterpret_f64" : ""
    }`;
  const locals = result === "v128" ? "(local v128)" : "";
  return `(func (export "${row.mnemonic}") (param ${params.join(" ")}) ` +
    `(result ${resultsOf(row).join(" ")}) ${locals} ${body})`;
}

/** Float lane size of an op's result, when its NaN lanes may differ from V8's. */
function nanLaneBits(row: OpcodeRow): 32 | 64 | undefined {
  if (/\.(abs|neg)$/.test(row.mnemonic) || !/^f(32|64)x/.test(row.mnemonic)) return undefined;
  if (/\.(eq|ne|lt|gt|le|ge)$/.test(row.mnemonic) || row.results![0] !== "v128") return undefined;
  return row.mnemonic.startsWith("f32") ? 32 : 64;
}

function isNan(bits: bigint, size: 32 | 64): boolean {
  const exponent = size === 32 ? 0x7f80_0000n : 0x7ff0_0000_0000_0000n;
  const fraction = size === 32 ? 0x7f_ffffn : 0xf_ffff_ffff_ffffn;
  return (bits & exponent) === exponent && (bits & fraction) !== 0n;
}

function laneValues(words: readonly bigint[], size: 32 | 64): bigint[] {
  if (size === 64) return [...words];
  return words.flatMap((word) => [word & 0xffff_ffffn, word >> 32n]);
}

/** A lane-wise NaN mismatch is allowed when both lanes are NaNs and ours is quiet. */
function nanAllowed(mismatch: Mismatch, rows: Map<string, OpcodeRow>, calls: Map<string, Call>) {
  const call = calls.get(mismatch.call)!;
  const size = nanLaneBits(rows.get(call.name)!);
  if (size === undefined) return false;
  const words = (answer: string) =>
    answer.split(" ").slice(1).map((item) => BigInt(`0x${item.split(":")[1]}`));
  if (!mismatch.expected.startsWith("ok") || !mismatch.actual.startsWith("ok")) return false;
  const want = laneValues(words(mismatch.expected), size);
  const got = laneValues(words(mismatch.actual), size);
  const quiet = size === 32 ? 0x40_0000n : 0x8_0000_0000_0000n;
  return want.every((lane, i) =>
    lane === got[i] || (isNan(lane, size) && isNan(got[i]!, size) && (got[i]! & quiet) !== 0n)
  );
}

async function checkAllOps(settings: PartialSettings, perOp: number, seed: bigint): Promise<void> {
  const next = rng(seed);
  const calls: Call[] = [];
  const resultTypes = new Map<string, readonly Scalar[]>();
  const rows = new Map<string, OpcodeRow>();
  for (const row of OPS) {
    rows.set(row.mnemonic, row);
    resultTypes.set(row.mnemonic, resultsOf(row));
    for (let n = 0; n < perOp; n++) {
      const args = paramsOf(row).map((type): Value => ({
        type: type as Scalar,
        bits: randomScalar(type as Scalar, next),
      }));
      calls.push({ name: row.mnemonic, args });
    }
  }
  const wasm = wat(`(module ${OPS.map(funcText).join("\n")})`);
  const mismatches = await compare(wasm, calls, resultTypes, settings);
  const byRequest = new Map<string, Call>();
  for (const call of calls) byRequest.set(invoke("a", call.name, ...call.args.map(token)), call);
  const real = mismatches.filter((mismatch) => !nanAllowed(mismatch, rows, byRequest));
  assert.deepEqual(real.slice(0, 20), [], `seed ${seed}: ${real.length} mismatches`);
}

Deno.test("every SIMD opcode has a lowering", () => {
  const lowered = new Set([...SIMD_LOWERINGS.keys(), ...SIMD_MEMORY_LOWERINGS.keys()]);
  const missing = OPCODES.filter((row) =>
    row.prefix === 0xfd && !lowered.has(row.mnemonic) &&
    row.mnemonic !== "v128.load" && row.mnemonic !== "v128.store"
  ).map((row) => row.mnemonic);
  assert.deepEqual(missing, []);
  const unknown = SIMD_ROW_OPS.filter((op) => !OPCODES.some((row) => row.mnemonic === op));
  assert.deepEqual(unknown, []);
});

Deno.test("every fixed-signature SIMD op agrees with V8 on random and edge lanes", async () => {
  await checkAllOps({}, 24, 0x5eed_0001n);
});

Deno.test("SIMD ops agree with V8 without SSE4.1 and SSE4.2 (SSE2/SSSE3 sequences)", async () => {
  await checkAllOps({ cpuFeatures: { sse41: false, sse42: false } }, 24, 0x5eed_0002n);
});

/** v128 through the Wasm convention (registers and 16-byte stack slots), multi-value, globals,
 * select, block parameters and branches. */
const ABI = `(module
  (global $g (mut v128) (v128.const i64x2 0 0))
  (func $many (param v128 v128 v128 v128 v128 v128 v128 v128 v128 i32 v128 f64 v128)
    (result v128 i32 v128)
    (i32x4.add (i32x4.add (local.get 0) (local.get 8)) (i32x4.add (local.get 10) (local.get 12)))
    (local.get 9)
    (v128.xor (local.get 1) (f64x2.splat (local.get 11))))
  (func $pick (param v128 v128 i32) (result v128)
    local.get 0
    local.get 1
    (block $out (param v128 v128) (result v128)
      i8x16.add
      (br_if $out (i32.eqz (local.get 2)))
      (select (local.get 1) (i32.and (local.get 2) (i32.const 1))))
    local.get 0
    i16x8.sub)
  (func (export "abi") (param i64 i64 i32) (result i64 i64 i32 i64 i64 i64 i64)
    (local $v v128) (local $w v128) (local $n i32) (local $p v128)
    (local.set $v (i64x2.replace_lane 1 (i64x2.splat (local.get 0)) (local.get 1)))
    (global.set $g (i32x4.splat (local.get 2)))
    (call $many (local.get $v) (v128.const i32x4 9 8 7 6) (local.get $v) (local.get $v)
      (local.get $v) (local.get $v) (local.get $v) (local.get $v) (global.get $g) (local.get 2)
      (local.get $v) (f64.const 1.5) (v128.const i32x4 1 2 3 4))
    (local.set $w) (local.set $n) (local.set $v)
    (local.set $p (call $pick (local.get $v) (local.get $w) (local.get 2)))
    (i64x2.extract_lane 0 (local.get $v)) (i64x2.extract_lane 1 (local.get $v)) (local.get $n)
    (i64x2.extract_lane 0 (local.get $w)) (i64x2.extract_lane 1 (local.get $w))
    (i64x2.extract_lane 0 (local.get $p)) (i64x2.extract_lane 1 (local.get $p))))`;

Deno.test("v128 values pass through calls, stack arguments, multi-value, globals and blocks", async () => {
  const next = rng(0xab1n);
  const calls: Call[] = [];
  for (let n = 0; n < 12; n++) {
    const args: Value[] = [
      { type: "i64", bits: next() },
      { type: "i64", bits: next() },
      { type: "i32", bits: BigInt(n % 4) },
    ];
    calls.push({ name: "abi", args });
  }
  const types = new Map([["abi", ["i64", "i64", "i32", "i64", "i64", "i64", "i64"] as Scalar[]]]);
  for (const boundsChecks of ["explicit", "guard-pages"] as const) {
    assert.deepEqual(await compare(wat(ABI), calls, types, { boundsChecks }), []);
  }
});

Deno.test("nanCanonicalization makes NaN lanes of SIMD float arithmetic canonical", async () => {
  const text = `(module (func (export "f") (param i64 i64) (result i64 i64) (local v128)
    (local.tee 2 (f32x4.add (i64x2.replace_lane 1 (i64x2.splat (local.get 0)) (local.get 1))
      (v128.const f32x4 1 1 1 1)))
    (i64x2.extract_lane 0) (i64x2.extract_lane 1 (local.get 2))))`;
  const program = await link([wat(text)], { nanCanonicalization: true });
  const answers = await program.run([
    "instantiate 0 a",
    invoke("a", "f", "i64:ffa000013f800000", "i64:7f8000007fa00000"),
  ]);
  Deno.removeSync(program.dir, { recursive: true });
  assert.deepEqual(answers, ["ok", "ok i64:7fc0000040000000 i64:7f8000007fc00000"]);
});

/** A function per lane op and lane, and per shuffle pattern, over v128 halves. */
function laneModule(shuffles: readonly (readonly number[])[]): { text: string; names: string[] } {
  const funcs: string[] = [];
  const names: string[] = [];
  const vector = (lo: number, hi: number) =>
    `(i64x2.replace_lane 1 (i64x2.splat (local.get ${lo})) (local.get ${hi}))`;
  const halves = (body: string) =>
    `${body} local.set 4 local.get 4 i64x2.extract_lane 0 local.get 4 i64x2.extract_lane 1`;
  const add = (name: string, body: string) => {
    names.push(name);
    funcs.push(
      `(func (export "${name}") (param i64 i64 i64 i64) (result i64 i64) (local v128) ${body})`,
    );
  };
  const shapes = [
    ["i8x16", 16, "i32.wrap_i64"],
    ["i16x8", 8, "i32.wrap_i64"],
    [
      "i32x4",
      4,
      "i32.wrap_i64",
    ],
    ["i64x2", 2, ""],
    ["f32x4", 4, "i32.wrap_i64 f32.reinterpret_i32"],
    [
      "f64x2",
      2,
      "f64.reinterpret_i64",
    ],
  ] as const;
  for (const [shape, count, scalar] of shapes) {
    for (let lane = 0; lane < count; lane++) {
      const replaced = `${vector(0, 1)} local.get 2 ${scalar} ${shape}.replace_lane ${lane}`;
      add(`${shape}.replace_lane/${lane}`, halves(replaced));
      const suffixes = shape.startsWith("i8") || shape.startsWith("i16") ? ["_s", "_u"] : [""];
      for (const suffix of suffixes) {
        const extract = `${vector(0, 1)} ${shape}.extract_lane${suffix} ${lane}`;
        const back = shape === "i64x2"
          ? ""
          : shape === "f32x4"
          ? "i32.reinterpret_f32 i64.extend_i32_u"
          : shape === "f64x2"
          ? "i64.reinterpret_f64"
          : "i64.extend_i32_u";
        add(`${shape}.extract_lane${suffix}/${lane}`, `${extract} ${back} i64.const 0`);
      }
    }
  }
  shuffles.forEach((lanes, i) => {
    const operands = `${vector(0, 1)} ${vector(2, 3)}`;
    add(`shuffle/${i}`, halves(`${operands} i8x16.shuffle ${lanes.join(" ")}`));
  });
  return { text: `(module ${funcs.join("\n")})`, names };
}

Deno.test("lane ops and shuffles agree with V8 on every lane, with and without SSE4.1", async () => {
  const next = rng(0x1a4en);
  const shuffles = Array.from(
    { length: 8 },
    (_, i) =>
      Array.from({ length: 16 }, () => Number(next() % (i < 2 ? 16n : 32n)) + (i === 1 ? 16 : 0)),
  );
  const { text, names } = laneModule(shuffles);
  const calls: Call[] = names.flatMap((name) =>
    Array.from({ length: 3 }, (): Call => ({
      name,
      args: Array.from({ length: 4 }, (): Value => ({ type: "i64", bits: randomHalf(next) })),
    }))
  );
  const types = new Map(names.map((name) => [name, ["i64", "i64"] as Scalar[]]));
  for (const cpuFeatures of [{}, { sse41: false, sse42: false }]) {
    assert.deepEqual(await compare(wat(text), calls, types, { cpuFeatures }), []);
  }
});

Deno.test("compile() throws UnsupportedError for vector code when SSSE3 is off", () => {
  const wasm = wat(`(module (func (param v128) (result v128) (i8x16.abs (local.get 0))))`);
  const settings = resolveSettings({ cpuFeatures: { ssse3: false, sse41: false, sse42: false } });
  assert.throws(
    () => compile({ wasm, settings, target: hostTarget(), engine: "test" }),
    (error) => error instanceof UnsupportedError && error.feature === "simd",
  );
});
