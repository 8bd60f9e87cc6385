import assert from "node:assert/strict";
import { compareResults, f32MatchesNan, f64MatchesNan, resultMatches } from "./results.ts";

Deno.test("f32MatchesNan() tells canonical from arithmetic NaNs", () => {
  assert.equal(f32MatchesNan(0x7fc00000, "canonical"), true);
  assert.equal(f32MatchesNan(0xffc00000, "canonical"), true);
  assert.equal(f32MatchesNan(0x7fc00001, "canonical"), false);
  assert.equal(f32MatchesNan(0x7fc00001, "arithmetic"), true);
  assert.equal(f32MatchesNan(0x7f800001, "arithmetic"), false, "signalling NaN");
  assert.equal(f32MatchesNan(0x7f800000, "arithmetic"), false, "infinity");
});

Deno.test("f64MatchesNan() tells canonical from arithmetic NaNs", () => {
  assert.equal(f64MatchesNan(0x7ff8000000000000n, "canonical"), true);
  assert.equal(f64MatchesNan(0xfff8000000000000n, "canonical"), true);
  assert.equal(f64MatchesNan(0x7ff8000000000001n, "canonical"), false);
  assert.equal(f64MatchesNan(0x7ff8000000000001n, "arithmetic"), true);
  assert.equal(f64MatchesNan(0x7ff0000000000001n, "arithmetic"), false);
});

Deno.test("resultMatches() compares floats by bits, so -0 is not 0", () => {
  const zero = { kind: "value", value: { type: "f32", bits: 0 } } as const;
  assert.equal(resultMatches({ type: "f32", bits: 0 }, zero), true);
  assert.equal(resultMatches({ type: "f32", bits: 0x80000000 }, zero), false);
  assert.equal(resultMatches({ type: "i32", bits: 0 }, zero), false, "type must match");
});

Deno.test("resultMatches() judges v128 lanes by shape, with NaN lanes", () => {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x7fc00000, true);
  view.setUint32(4, 0x3f800000, true);
  const expected = {
    kind: "v128",
    shape: "f32",
    lanes: [{ nan: "canonical" }, { bits: 0x3f800000n }, { bits: 0n }, { bits: 0n }],
  } as const;
  assert.equal(resultMatches({ type: "v128", bytes }, expected), true);
  view.setUint32(4, 0x3f800001, true);
  assert.equal(resultMatches({ type: "v128", bytes }, expected), false);
});

Deno.test("resultMatches() tells null references by type and host references by id", () => {
  const nullFunc = { kind: "value", value: { type: "ref.null", refType: "funcref" } } as const;
  assert.equal(resultMatches({ type: "ref.null", refType: "funcref" }, nullFunc), true);
  assert.equal(resultMatches({ type: "ref.null", refType: "externref" }, nullFunc), false);
  const extern1 = { kind: "value", value: { type: "ref.extern", id: 1 } } as const;
  assert.equal(resultMatches({ type: "ref.extern", id: 1 }, extern1), true);
  assert.equal(resultMatches({ type: "ref.extern", id: 2 }, extern1), false);
  assert.equal(resultMatches({ type: "ref.func" }, { kind: "ref.func" }), true);
  assert.equal(
    resultMatches({ type: "ref.null", refType: "funcref" }, { kind: "ref.func" }),
    false,
  );
});

Deno.test("compareResults() reports a count mismatch and shows both sides", () => {
  const expected = [{ kind: "value", value: { type: "i32", bits: 1 } }] as const;
  assert.equal(compareResults([{ type: "i32", bits: 1 }], expected), undefined);
  assert.match(compareResults([], expected) ?? "", /got \[\], expected \[i32:0x00000001\]/);
});
