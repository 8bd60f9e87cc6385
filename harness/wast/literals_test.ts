import assert from "node:assert/strict";
import fc from "fast-check";
import wabtInit from "wabt";
import { parseFloatBits, parseIntBits, parseNat32 } from "./literals.ts";

Deno.test("parseIntBits() reads i32 literals in -2^31..2^32-1 and wraps to u32 bits", () => {
  const cases: [string, bigint | undefined][] = [
    ["0", 0n],
    ["-0", 0n],
    ["+0", 0n],
    ["42", 42n],
    ["-1", 0xffffffffn],
    ["0xffffffff", 0xffffffffn],
    ["4294967295", 0xffffffffn],
    ["-0x80000000", 0x80000000n],
    ["-2147483648", 0x80000000n],
    ["+0x7fffffff", 0x7fffffffn],
    ["0xfedcba_80", 0xfedcba80n],
    ["1_000_000", 1000000n],
    ["0x0_0_1", 1n],
    ["4294967296", undefined],
    ["0x100000000", undefined],
    ["-0x80000001", undefined],
    ["-2147483649", undefined],
    ["+0x80000000", undefined],
    ["1__0", undefined],
    ["_1", undefined],
    ["1_", undefined],
    ["0x_1", undefined],
    ["+_100", undefined],
    ["0x", undefined],
    ["1.0", undefined],
    ["", undefined],
    ["- 1", undefined],
    ["0X10", undefined],
  ];
  for (const [text, bits] of cases) assert.equal(parseIntBits(text, 32), bits, text);
});

Deno.test("parseIntBits() reads i64 and lane-width literals", () => {
  assert.equal(parseIntBits("-0x8000000000000000", 64), 0x8000000000000000n);
  assert.equal(parseIntBits("0xffffffffffffffff", 64), 0xffffffffffffffffn);
  assert.equal(parseIntBits("18446744073709551615", 64), 0xffffffffffffffffn);
  assert.equal(parseIntBits("18446744073709551616", 64), undefined);
  assert.equal(parseIntBits("-9223372036854775809", 64), undefined);
  assert.equal(parseIntBits("-1", 64), 0xffffffffffffffffn);
  assert.equal(parseIntBits("255", 8), 0xffn);
  assert.equal(parseIntBits("-128", 8), 0x80n);
  assert.equal(parseIntBits("256", 8), undefined);
  assert.equal(parseIntBits("-129", 8), undefined);
  assert.equal(parseIntBits("-0x8000", 16), 0x8000n);
  assert.equal(parseIntBits("65535", 16), 0xffffn);
});

Deno.test("parseNat32() takes unsigned forms only", () => {
  assert.equal(parseNat32("7"), 7);
  assert.equal(parseNat32("0xffffffff"), 0xffffffff);
  assert.equal(parseNat32("+7"), undefined);
  assert.equal(parseNat32("-7"), undefined);
});

const f32 = (text: string) => parseFloatBits(text, "f32");
const f64 = (text: string) => parseFloatBits(text, "f64");

Deno.test("parseFloatBits() reads special values, signs and NaN payloads", () => {
  assert.equal(f32("0"), 0n);
  assert.equal(f32("-0"), 0x80000000n);
  assert.equal(f32("-0.0"), 0x80000000n);
  assert.equal(f32("+0x0p+0"), 0n);
  assert.equal(f64("-0"), 0x8000000000000000n);
  assert.equal(f32("inf"), 0x7f800000n);
  assert.equal(f32("-inf"), 0xff800000n);
  assert.equal(f64("+inf"), 0x7ff0000000000000n);
  assert.equal(f32("nan"), 0x7fc00000n);
  assert.equal(f32("-nan"), 0xffc00000n);
  assert.equal(f64("nan"), 0x7ff8000000000000n);
  assert.equal(f32("nan:0x200000"), 0x7fa00000n);
  assert.equal(f32("-nan:0x7fffff"), 0xffffffffn);
  assert.equal(f32("nan:0x1"), 0x7f800001n);
  assert.equal(f64("nan:0x4000000000000"), 0x7ff4000000000000n);
  assert.equal(f64("-nan:0xf_ffff_ffff_ffff"), 0xffffffffffffffffn);
  assert.equal(f32("nan:0x0"), undefined);
  assert.equal(f32("nan:0x800000"), undefined);
  assert.equal(f64("nan:0x10000000000000"), undefined);
  assert.equal(f32("nan:canonical"), undefined);
  assert.equal(f32("infinity"), undefined);
});

Deno.test("parseFloatBits() reads decimal and hex forms with underscores", () => {
  assert.equal(f32("1"), 0x3f800000n);
  assert.equal(f32("1."), 0x3f800000n);
  assert.equal(f32("1.e0"), 0x3f800000n);
  assert.equal(f32("0.5"), 0x3f000000n);
  assert.equal(f32("1e1"), 0x41200000n);
  assert.equal(f32("1E+1"), 0x41200000n);
  assert.equal(f32("1_0.0_0e-0_1"), 0x3f800000n);
  assert.equal(f32("0x1p+0"), 0x3f800000n);
  assert.equal(f32("0x1.fffp+3"), 0x417ff800n);
  assert.equal(f32("0x1_0.8P-4"), 0x3f840000n);
  assert.equal(f32("0x1."), 0x3f800000n);
  assert.equal(f32("-0x1.8"), 0xbfc00000n);
  assert.equal(f64("0x1.921fb54442d18p+1"), 0x400921fb54442d18n);
  assert.equal(f64("3.141592653589793"), 0x400921fb54442d18n);
  for (const bad of [".5", "1e", "0x.8", "0x1p", "1.0.0", "e5", "1_.0", "1._0", "0x", "--1"]) {
    assert.equal(f32(bad), undefined, bad);
  }
});

Deno.test("parseFloatBits() rounds f32 once, to nearest even, including near overflow", () => {
  assert.equal(f32("0x1.fffffefffffffffffp+127"), 0x7f7fffffn);
  assert.equal(f32("0x1.fffffep+127"), 0x7f7fffffn);
  assert.equal(f32("0x1.ffffffp+127"), undefined); // ties to even: 2^128 is out of range
  assert.equal(f32("1e39"), undefined);
  assert.equal(f32("340282356779733661637539395458142568447"), 0x7f7fffffn);
  assert.equal(f32("340282356779733661637539395458142568448"), undefined);
  assert.equal(f32("+0x1.00000100000000000p-50"), 0x26800000n);
  assert.equal(f32("+0x1.00000100000000001p-50"), 0x26800001n);
  assert.equal(f32("+0x1.000003p-50"), 0x26800002n);
  // 1 + 2^-24 is the midpoint of 1 and the next f32; f64 would round the next two to it.
  assert.equal(f32("1.000000059604644775390625"), 0x3f800000n);
  assert.equal(f32("1.0000000596046447753906250000000001"), 0x3f800001n);
  assert.equal(f32("1.0000000596046447753906249999999999"), 0x3f800000n);
  assert.equal(f32("0x1p-149"), 1n);
  assert.equal(f32("0x1p-150"), 0n);
  assert.equal(f32("0x1.000001p-150"), 1n);
  assert.equal(f32("0x1.fffffcp-127"), 0x7fffffn);
  assert.equal(f32("0x1.fffffep-127"), 0x800000n); // a subnormal rounding up to the least normal
  assert.equal(f32("1e-1000000000"), 0n);
  assert.equal(f32("0x1p-1000000000000"), 0n);
  assert.equal(f32("0x1p+1000000000000"), undefined);
});

Deno.test("parseFloatBits() rounds f64 exactly at the edges", () => {
  assert.equal(f64("0x1.fffffffffffff7ffp+1023"), 0x7fefffffffffffffn);
  assert.equal(f64("0x1.fffffffffffff8p+1023"), undefined);
  assert.equal(f64("1e309"), undefined);
  assert.equal(f64("4.9406564584124654e-324"), 1n);
  assert.equal(f64("2.4703282292062327e-324"), 0n);
  assert.equal(f64("2.4703282292062328e-324"), 1n);
  assert.equal(f64("0x1.000000000000080000000001p+0"), 0x3ff0000000000001n);
  assert.equal(f64("0x1.0000000000000800p+0"), 0x3ff0000000000000n);
  assert.equal(f64("0x1.0000000000001800p+0"), 0x3ff0000000000002n);
});

function f64Bits(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0);
}

Deno.test("parseFloatBits() agrees with JS on decimal f64 (property)", () => {
  const formats = [
    (x: number) => String(x),
    (x: number) => x.toExponential(20),
    (x: number) => x.toPrecision(16),
    (x: number) => x.toPrecision(21),
  ];
  fc.assert(
    fc.property(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.nat(formats.length - 1),
      (value, which) => {
        const text = formats[which]!(value).replace("e+", "e");
        const number = Number(text);
        // A literal that rounds to infinity is out of range (malformed).
        assert.equal(f64(text), Number.isFinite(number) ? f64Bits(number) : undefined, text);
      },
    ),
    { numRuns: 2000 },
  );
});

/** The f32 bits wabt gives each literal, read back from a module of f32 globals. */
async function wabtF32Bits(literals: readonly string[]): Promise<bigint[]> {
  const wabt = await wabtInit();
  const text = `(module ${literals.map((lit) => `(global f32 (f32.const ${lit}))`).join(" ")})`;
  const module = wabt.parseWat("f32.wat", new TextEncoder().encode(text));
  const bytes = module.toBinary({}).buffer;
  module.destroy();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits: bigint[] = [];
  // Each global is `7d 00 43 <4 bytes> 0b`; constants are found by that frame.
  for (let offset = 0; offset + 8 <= bytes.length; offset++) {
    if (bytes[offset] === 0x7d && bytes[offset + 1] === 0 && bytes[offset + 2] === 0x43) {
      if (bytes[offset + 7] !== 0x0b) continue;
      bits.push(BigInt(view.getUint32(offset + 3, true)));
      offset += 7;
    }
  }
  return bits;
}

Deno.test("parseFloatBits() agrees with wabt on f32 literals near rounding midpoints", async () => {
  const literals: string[] = [];
  const samples = fc.sample(
    fc.tuple(fc.integer({ min: 0, max: 0x7f7ffffe }), fc.integer({ min: 6, max: 21 })),
    { numRuns: 400, seed: 42 },
  );
  const view = new DataView(new ArrayBuffer(4));
  for (const [bits, digits] of samples) {
    view.setUint32(0, bits);
    const low = view.getFloat32(0);
    view.setUint32(0, bits + 1);
    const midpoint = (low + view.getFloat32(0)) / 2; // exact in f64
    literals.push(midpoint.toPrecision(digits), midpoint.toExponential(digits));
  }
  const expected = await wabtF32Bits(literals);
  assert.equal(expected.length, literals.length);
  literals.forEach((text, index) => assert.equal(f32(text), expected[index], text));
});
