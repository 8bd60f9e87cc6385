import assert from "node:assert/strict";
import { compile } from "../mod.ts";
import { hostTarget, type PartialSettings, resolveSettings } from "../settings.ts";
import { type Call, compare, type Value } from "./_oracle.ts";
import { invoke, link, wat } from "./_run.ts";

const i32 = (value: number): Value => ({ type: "i32", bits: BigInt(value >>> 0) });
const i64 = (value: bigint): Value => ({ type: "i64", bits: BigInt.asUintN(64, value) });

type Types = ReadonlyMap<string, readonly Value["type"][]>;

async function agree(text: string, calls: Call[], types: Types, settings: PartialSettings = {}) {
  const mismatches = await compare(wat(text), calls, types, settings);
  assert.deepEqual(mismatches, []);
}

function calls(name: string, argsList: Value[][]): Call[] {
  return argsList.map((args) => ({ name, args }));
}

const CONTROL = `(module
  (func $sum (export "sum") (param $n i32) (result i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $acc))
  (func (export "switch") (param i32) (result i32)
    (block $d (block $c (block $b (block $a
      (br_table $a $b $c $d (local.get 0)))
      (return (i32.const 100)))
      (return (i32.const 101)))
      (return (i32.const 102)))
    (i32.const 103))
  (func (export "brvalue") (param i32) (result i32)
    (i32.add (i32.const 1000)
      (block (result i32)
        (i32.mul (i32.const 3)
          (block (result i32) (drop (br_if 1 (i32.const 7) (local.get 0))) (i32.const 9))))))
  (func $pair (param i32) (result i32 i64)
    (local.get 0) (i64.extend_i32_s (i32.mul (local.get 0) (i32.const -2))))
  (func (export "multi") (param i32) (result i64) (local $t i64)
    (call $pair (local.get 0))
    (block (param i32 i64) (result i64)
      local.set $t i64.extend_i32_u local.get $t i64.add))
  (func (export "ifelse") (param i32 i32) (result i32)
    (if (result i32) (local.get 0)
      (then (if (result i32) (local.get 1) (then (i32.const 1)) (else (i32.const 2))))
      (else (select (i32.const 3) (i32.const 4) (local.get 1)))))
  (func (export "loopmulti") (param i32) (result i32 i32)
    (i32.const 0) (local.get 0)
    (loop (param i32 i32) (result i32 i32)
      local.set 0 local.get 0 i32.add
      local.get 0 i32.const 1 i32.sub local.tee 0 local.get 0 br_if 0))
  (func (export "deep") (param i32) (result i32)
    (local.get 0) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
    (i32.const 6) (i32.const 7) (i32.const 8) (i32.const 9) (i32.const 10) (i32.const 11)
    (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0)
    (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0)
    (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add)
    (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add)
    (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add))
  (func (export "unreach") (param i32) (result i32)
    (if (local.get 0) (then unreachable))
    (block (result i32) (i32.const 5) (br 0) (i32.add) (block (loop (br 0)))))
)`;

Deno.test("control flow agrees with V8: loops, br_table, branch values, multi-value, select", async () => {
  const types: Types = new Map([
    ["sum", ["i32"]],
    ["switch", ["i32"]],
    ["brvalue", ["i32"]],
    ["multi", ["i64"]],
    ["ifelse", ["i32"]],
    ["loopmulti", ["i32", "i32"]],
    ["deep", ["i32"]],
    ["unreach", ["i32"]],
  ]);
  const small = [0, 1, 2, 3, 4, 5, 100, -1, 0x7fffffff].map((n) => [i32(n)]);
  await agree(CONTROL, [
    ...calls("sum", [[i32(0)], [i32(1)], [i32(10)], [i32(10000)]]),
    ...calls("switch", small),
    ...calls("brvalue", small),
    ...calls("multi", small),
    ...calls("ifelse", [[i32(0), i32(0)], [i32(0), i32(1)], [i32(1), i32(0)], [i32(5), i32(7)]]),
    ...calls("loopmulti", [[i32(1)], [i32(5)], [i32(100)]]),
    ...calls("deep", small),
    ...calls("unreach", [[i32(0)], [i32(1)]]),
  ], types);
});

const CALLS = `(module
  (type $ii (func (param i32) (result i32)))
  (type $ll (func (param i64) (result i64)))
  (table 4 funcref)
  (elem (i32.const 0) $double $fac)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $fac (type $ll) (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
    (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func $many (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64)
    (result f64)
    (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 17)))
      (f64.add (f64.promote_f32 (local.get 18)) (f64.mul (local.get 19) (local.get 3)))))
  (func (export "many") (param i32) (result f64)
    (call $many (local.get 0) (i64.const 2) (f32.const 3) (f64.const 4) (i32.const 5) (i64.const 6)
      (f32.const 7) (f64.const 8) (i32.const 9) (i64.const 10) (f32.const 11) (f64.const 12)
      (i32.const 13) (i64.const 14) (f32.const 15) (f64.const 16) (i32.const 17)
      (i64.extend_i32_s (local.get 0)) (f32.const 19.5) (f64.const 20.25)))
  (func (export "fac") (param i64) (result i64) (call $fac (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 0) (local.get 1)))
  (func $three (result i32 i32 i32) (i32.const 1) (i32.const 2) (i32.const 3))
  (func (export "three") (result i32)
    (call $three) (i32.sub) (i32.mul))
  (func $rec (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "overflow") (result i32) (call $rec (i32.const 0)))
)`;

Deno.test("calls agree with V8: direct, recursive, stack arguments, multi-value, indirect traps", async () => {
  const types: Types = new Map([
    ["many", ["f64"]],
    ["fac", ["i64"]],
    ["indirect", ["i32"]],
    ["three", ["i32"]],
    ["overflow", ["i32"]],
  ]);
  await agree(CALLS, [
    ...calls("many", [[i32(1)], [i32(-7)]]),
    ...calls("fac", [[i64(0n)], [i64(5n)], [i64(20n)]]),
    ...calls("indirect", [[i32(21), i32(0)], [i32(1), i32(1)], [i32(1), i32(2)], [i32(1), i32(4)], [
      i32(1),
      i32(-1),
    ]]),
    ...calls("three", [[]]),
    ...calls("overflow", [[]]),
  ], types);
});

const MEMORY = `(module
  (memory 1 3)
  (data (i32.const 16) "\\01\\02\\03\\04\\05\\06\\07\\08\\f0\\f1\\f2\\f3")
  (data $passive "hello")
  (func (export "load8s") (param i32) (result i32) (i32.load8_s offset=16 (local.get 0)))
  (func (export "load16u") (param i32) (result i32) (i32.load16_u offset=1 (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load offset=16 (local.get 0)))
  (func (export "load32s") (param i32) (result i64) (i64.load32_s offset=20 (local.get 0)))
  (func (export "loadfar") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
  (func (export "store") (param i32 i64) (result i64)
    (i64.store16 (local.get 0) (local.get 1)) (i64.load (local.get 0)))
  (func (export "storef") (param i32) (result f64)
    (f32.store offset=3 (local.get 0) (f32.const 1.5)) (f64.promote_f32 (f32.load offset=3 (local.get 0))))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (param i32 i32 i32) (result i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)) (i32.load (local.get 0)))
  (func (export "copy") (param i32 i32 i32) (result i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)) (i32.load (local.get 0)))
  (func (export "init") (param i32 i32 i32) (result i32)
    (memory.init $passive (local.get 0) (local.get 1) (local.get 2)) (i32.load (local.get 0)))
  (func (export "drop") (data.drop $passive))
)`;

const MEMORY_TYPES: Types = new Map([
  ["load8s", ["i32"]],
  ["load16u", ["i32"]],
  ["load64", ["i64"]],
  ["load32s", ["i64"]],
  ["loadfar", ["i32"]],
  ["store", ["i64"]],
  ["storef", ["f64"]],
  ["size", ["i32"]],
  ["grow", ["i32"]],
  ["fill", ["i32"]],
  ["copy", ["i32"]],
  ["init", ["i32"]],
  ["drop", []],
]);

function memoryCalls(): Call[] {
  const page = 65536;
  const edges = [0, 1, 4, page - 17, page - 16, page - 8, page - 4, page - 1, page, -1, -16];
  return [
    ...calls("load8s", edges.map((n) => [i32(n)])),
    ...calls("load16u", edges.map((n) => [i32(n)])),
    ...calls("load64", edges.map((n) => [i32(n)])),
    ...calls("load32s", edges.map((n) => [i32(n)])),
    ...calls("loadfar", [[i32(0)], [i32(1)]]),
    ...calls("store", [[i32(8), i64(-2n)], [i32(page - 2), i64(0x1234n)], [
      i32(page - 1),
      i64(1n),
    ]]),
    ...calls("storef", [[i32(0)], [i32(page - 7)], [i32(page - 6)]]),
    ...calls("size", [[]]),
    ...calls("fill", [[i32(100), i32(0xab), i32(8)], [i32(page - 4), i32(1), i32(5)]]),
    ...calls("copy", [[i32(200), i32(16), i32(8)], [i32(17), i32(16), i32(8)], [
      i32(page),
      i32(0),
      i32(1),
    ]]),
    ...calls("init", [[i32(300), i32(0), i32(5)], [i32(300), i32(1), i32(5)]]),
    ...calls("grow", [[i32(1)], [i32(0)], [i32(5)]]),
    ...calls("size", [[]]),
    ...calls("load8s", [[i32(page + 100)], [i32(2 * page - 17)], [i32(2 * page - 16)]]),
    ...calls("drop", [[]]),
    ...calls("init", [[i32(300), i32(0), i32(0)], [i32(300), i32(0), i32(1)]]),
  ];
}

for (const boundsChecks of ["explicit", "guard-pages"] as const) {
  Deno.test(`memory agrees with V8 with ${boundsChecks} bounds checks`, async () => {
    await agree(MEMORY, memoryCalls(), MEMORY_TYPES, { boundsChecks });
  });
}

const TABLES = `(module
  (table $t 3 10 funcref)
  (table $e 2 externref)
  (global $g (mut i32) (i32.const 7))
  (global $h i64 (i64.const -3))
  (elem $seg func $a $b)
  (elem declare func $c)
  (func $a (result i32) (i32.const 10))
  (func $b (result i32) (i32.const 20))
  (func $c (result i32) (i32.const 30))
  (func (export "size") (result i32) (table.size $t))
  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $c) (local.get 0)))
  (func (export "isnull") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "set") (param i32) (table.set $t (local.get 0) (ref.func $c)))
  (func (export "call") (param i32) (result i32) (call_indirect $t (result i32) (local.get 0)))
  (func (export "init") (param i32 i32 i32) (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
  (func (export "edrop") (elem.drop $seg))
  (func (export "ext") (result i32) (ref.is_null (table.get $e (i32.const 1))))
  (func (export "global") (param i32) (result i64)
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (i64.add (i64.extend_i32_s (global.get $g)) (global.get $h)))
)`;

Deno.test("tables, references and globals agree with V8", async () => {
  const types: Types = new Map([
    ["size", ["i32"]],
    ["grow", ["i32"]],
    ["isnull", ["i32"]],
    ["set", []],
    ["call", ["i32"]],
    ["init", []],
    ["copy", []],
    ["fill", []],
    ["edrop", []],
    ["ext", ["i32"]],
    ["global", ["i64"]],
  ]);
  await agree(TABLES, [
    ...calls("size", [[]]),
    ...calls("isnull", [[i32(0)], [i32(3)]]),
    ...calls("call", [[i32(0)], [i32(5)]]),
    ...calls("init", [[i32(0), i32(0), i32(2)], [i32(2), i32(0), i32(2)]]),
    ...calls("call", [[i32(0)], [i32(1)], [i32(2)]]),
    ...calls("grow", [[i32(2)], [i32(100)]]),
    ...calls("size", [[]]),
    ...calls("call", [[i32(4)]]),
    ...calls("set", [[i32(1)], [i32(99)]]),
    ...calls("call", [[i32(1)]]),
    ...calls("copy", [[i32(0), i32(3), i32(2)], [i32(4), i32(0), i32(2)]]),
    ...calls("call", [[i32(0)], [i32(1)]]),
    ...calls("fill", [[i32(1), i32(2)], [i32(4), i32(2)]]),
    ...calls("isnull", [[i32(1)], [i32(2)], [i32(3)]]),
    ...calls("edrop", [[]]),
    ...calls("init", [[i32(0), i32(0), i32(1)], [i32(0), i32(0), i32(0)]]),
    ...calls("ext", [[]]),
    ...calls("global", [[i32(5)], [i32(-100)]]),
  ], types);
});

function compileText(text: string, settings: PartialSettings = {}): Uint8Array {
  return compile({
    wasm: wat(text, { names: true }),
    settings: resolveSettings(settings),
    target: hostTarget(),
    engine: "test",
  });
}

Deno.test("compile() is deterministic: the same input gives the same bytes", () => {
  for (const text of [CONTROL, CALLS, MEMORY, TABLES]) {
    assert.deepEqual(compileText(text), compileText(text));
    const guard = { boundsChecks: "guard-pages" } as const;
    assert.deepEqual(compileText(text, guard), compileText(text, guard));
  }
});

Deno.test("nanCanonicalization makes NaN results the positive canonical NaN", async () => {
  const text = `(module (func (export "add") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (f32.const 1)))))`;
  const program = await link([wat(text)], { nanCanonicalization: true });
  const answers = await program.run([
    "instantiate 0 a",
    invoke("a", "add", "i32:ffa00001"),
    invoke("a", "add", "i32:3f800000"),
  ]);
  Deno.removeSync(program.dir, { recursive: true });
  assert.deepEqual(answers, ["ok", "ok i32:7fc00000", "ok i32:40000000"]);
});

Deno.test("every output-changing setting changes the bytes", () => {
  const text = `(module (memory 1) (func $named (export "f") (param f32 i32) (result f32)
    (f32.store (local.get 1) (local.get 0))
    (f32.ceil (f32.add (local.get 0) (f32.load (local.get 1))))))`;
  const base = compileText(text);
  const variants: PartialSettings[] = [
    { boundsChecks: "guard-pages" },
    { nanCanonicalization: true },
    { debugNames: true },
    { symbolPrefix: "other_" },
    { cpuFeatures: { sse41: false } },
  ];
  for (const settings of variants) {
    assert.notDeepEqual(compileText(text, settings), base, JSON.stringify(settings));
  }
});
