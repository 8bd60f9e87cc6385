import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { DEFAULT_SETTINGS, hostTarget } from "../settings.ts";
import type { CompileInput } from "../settings.ts";
import { cacheKey, canonicalEncode, canonicalText, frozenCopy } from "./key.ts";

const GOLDEN = new URL("./testdata/canonical_key.txt", import.meta.url);

/** The fixed input whose canonical text is pinned in testdata/canonical_key.txt. */
function goldenInput(): CompileInput {
  return {
    wasm: Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00),
    settings: DEFAULT_SETTINGS,
    target: hostTarget(),
    engine: "ingot-golden",
  };
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function nan(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

Deno.test("canonicalText() of a fixed input matches testdata/canonical_key.txt", () => {
  const text = canonicalText(goldenInput());
  if (Deno.env.get("INGOT_UPDATE_GOLDEN") === "1") Deno.writeTextFileSync(GOLDEN, text);
  assert.equal(
    text,
    Deno.readTextFileSync(GOLDEN),
    "The canonical key changed. If intended, rerun with INGOT_UPDATE_GOLDEN=1 and review the diff.",
  );
});

Deno.test("cacheKey() is SHA-256 hex of the version preamble and the canonical encoding", () => {
  const input = goldenInput();
  const preamble = new TextEncoder().encode("ingot-cache-key\x001\x00");
  const expected = createHash("sha256").update(preamble).update(canonicalEncode(input))
    .digest("hex");
  assert.equal(cacheKey(input), expected);
  assert.match(cacheKey(input), /^[0-9a-f]{64}$/);
});

Deno.test("canonicalEncode() sorts object keys", () => {
  assert.deepEqual(canonicalEncode({ b: 1, a: [2, "x"] }), canonicalEncode({ a: [2, "x"], b: 1 }));
  assert.deepEqual(
    canonicalEncode(Object.assign(Object.create(null), { a: 1 })),
    canonicalEncode({ a: 1 }),
  );
});

Deno.test("canonicalEncode() tells apart values JSON would confuse", () => {
  const values: unknown[] = [
    0,
    -0,
    1,
    1.5,
    2 ** 53,
    -(2 ** 53),
    Infinity,
    -Infinity,
    NaN,
    nan(0x7ff80000, 1),
    nan(0xfff80000, 0),
    1n,
    -1n,
    0n,
    256n,
    "1",
    "",
    null,
    true,
    false,
    [],
    {},
    [1],
    { "1": 1 },
    Uint8Array.of(1),
    Uint8Array.of(),
    [[]],
    [{}],
    { a: null },
    { a: [] },
    "\u00e9",
    "e\u0301",
  ];
  const seen = new Map<string, unknown>();
  for (const value of values) {
    const encoded = hexOf(canonicalEncode(value));
    assert.ok(!seen.has(encoded), `${String(value)} encodes like ${String(seen.get(encoded))}`);
    seen.set(encoded, value);
  }
});

Deno.test("canonicalEncode() keeps -0 and NaN payloads exact", () => {
  assert.equal(hexOf(canonicalEncode(-0)), "66" + "8000000000000000");
  assert.equal(hexOf(canonicalEncode(nan(0x7ff80000, 5))), "66" + "7ff8000000000005");
  assert.equal(hexOf(canonicalEncode(7)), "69" + "0000000000000007");
  assert.equal(hexOf(canonicalEncode(-2n)), "622d" + "00000001" + "02");
});

Deno.test("canonicalEncode() throws a TypeError naming the path of what it cannot encode", () => {
  class Point {
    x = 1;
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: [unknown, RegExp][] = [
    [{ settings: { features: { simd: () => true } } }, /settings\.features\.simd.*function/],
    [{ settings: { optLevel: undefined } }, /settings\.optLevel.*undefined/],
    [{ a: Symbol("s") }, /^Cannot encode a exactly: symbol/],
    [{ a: new Point() }, /a.*instance of Point/],
    [{ a: new Date(0) }, /a.*instance of Date/],
    [{ a: new Map() }, /instance of Map/],
    [{ a: new Uint16Array(2) }, /instance of Uint16Array/],
    [{ a: [1, , 3] }, /a.*hole/],
    [{ a: cyclic }, /a\.self.*cycle/],
    [{ a: "\ud800" }, /a.*lone surrogate/],
    [{ [Symbol("k")]: 1 }, /symbol key/],
    [{
      get a() {
        return 1;
      },
    }, /a.*accessor/],
    [Object.defineProperty({}, "hidden", { value: 1 }), /hidden.*non-enumerable/],
    [{ "odd key": [undefined] }, /\["odd key"\]\[0\].*undefined/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => canonicalEncode(value), (error: unknown) => {
      assert.ok(error instanceof TypeError, String(error));
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("canonicalEncode() accepts shared, non-cyclic references", () => {
  const shared = { x: 1 };
  assert.deepEqual(
    canonicalEncode({ a: shared, b: shared }),
    canonicalEncode({ a: { x: 1 }, b: { x: 1 } }),
  );
});

Deno.test("cacheKey() rejects a class instance in the input", () => {
  const input = { ...goldenInput(), settings: new (class Settings {})() };
  assert.throws(() => cacheKey(input as unknown as CompileInput), /settings.*instance of Settings/);
});

Deno.test("frozenCopy() is a deep, frozen copy that encodes to the same bytes", () => {
  const input = goldenInput();
  const copy = frozenCopy({ ...input, extra: [{ a: 1 }], ["__proto__"]: 3 } as unknown);
  assert.ok(Object.isFrozen(copy));
  const record = copy as Record<string, unknown>;
  assert.ok(Object.isFrozen(record.settings) && Object.isFrozen(record.extra));
  assert.ok(Object.isFrozen((record.extra as unknown[])[0]));
  assert.notEqual(record.wasm, input.wasm);
  assert.deepEqual(record.wasm, input.wasm);
  assert.deepEqual(
    canonicalEncode(copy),
    canonicalEncode({ ...input, extra: [{ a: 1 }], ["__proto__"]: 3 }),
  );
});

const leaf = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, NaN, Infinity),
  fc.integer(),
  fc.double(),
  fc.bigInt(),
  fc.string(),
  fc.uint8Array({ maxLength: 8 }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie("node"), { maxKeys: 4 }),
  ),
})).node;

/** Deep equality as the encoding defines it: numbers by bits, plain and null-prototype alike. */
function exactEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") {
    const bits = (x: number) => new BigUint64Array(Float64Array.of(x).buffer)[0];
    return bits(a) === bits(b);
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a === b;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && hexOf(a) === hexOf(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a).sort();
  const other = Object.keys(b).sort();
  return keys.length === other.length && keys.every((key, index) =>
    key === other[index] &&
    exactEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])
  );
}

Deno.test("canonicalEncode() is exact: equal encodings only for equal values", () => {
  fc.assert(
    fc.property(value, value, (a, b) => {
      const same = hexOf(canonicalEncode(a)) === hexOf(canonicalEncode(b));
      assert.equal(same, exactEqual(a, b));
      assert.equal(hexOf(canonicalEncode(a)), hexOf(canonicalEncode(structuredClone(a))));
      assert.deepEqual(canonicalEncode(frozenCopy(a)), canonicalEncode(a));
    }),
    { numRuns: 300 },
  );
});
