/**
 * Test helper: fast-check arbitraries of well-formed modules, built from the opcode table.
 * Modules are well-formed (they decode) but not necessarily valid; the roundtrip property
 * and the mutation fuzzer both use them.
 *
 * @module
 */

import fc from "fast-check";
import type { EncodableModule } from "./_encode.ts";
import { makeInstruction } from "./operators.ts";
import { opcode, type OpcodeRow, OPCODES } from "./opcodes.ts";
import type { BlockType, FuncType, Instruction, RefType, ValType } from "./syntax.ts";

const VALTYPES: readonly ValType[] = ["i32", "i64", "f32", "f64", "v128", "funcref", "externref"];
const REFTYPES: readonly RefType[] = ["funcref", "externref"];

const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const smallIndex = fc.oneof(fc.nat(4), u32);
const valType = fc.constantFrom(...VALTYPES);
const refType = fc.constantFrom(...REFTYPES);
const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });

const blockType: fc.Arbitrary<BlockType> = fc.oneof(
  fc.constant(undefined),
  valType,
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
);

/** Arbitrary immediates for each immediate kind (the fields `makeInstruction` takes). */
function immediates(row: OpcodeRow): fc.Arbitrary<Partial<Instruction>> {
  switch (row.immediate) {
    case "none":
    case "memory.copy":
    case "memidx":
      return fc.constant({});
    case "blocktype":
      return blockType.map((type) => ({ blockType: type }));
    case "br_table":
      return fc.record({ labels: fc.array(smallIndex, { maxLength: 4 }), index: smallIndex });
    case "call_indirect":
    case "table.init":
    case "table.copy":
      return fc.record({ index: smallIndex, index2: smallIndex });
    case "select_t":
      return fc.array(valType, { maxLength: 2 }).map((types) => ({ valTypes: types }));
    case "reftype":
      return refType.map((type) => ({ valTypes: [type] }));
    case "memarg":
      return fc.record({ align: fc.nat(5), memOffset: u32 });
    case "memarg_lane":
      return fc.record({ align: fc.nat(5), memOffset: u32, index: fc.nat(255) });
    case "i32":
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ value }));
    case "f32":
      return u32.map((value) => ({ value }));
    case "i64":
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value64) => ({ value64 }));
    case "f64":
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value64) => ({ value64 }));
    case "v128":
    case "shuffle":
      return bytes16.map((bytes) => ({ bytes }));
    case "lane":
      return fc.nat(255).map((index) => ({ index }));
    default:
      return smallIndex.map((index) => ({ index }));
  }
}

const STRUCTURE = new Set(["block", "loop", "if", "else", "end"]);
const PLAIN_ROWS = OPCODES.filter((row) => !STRUCTURE.has(row.mnemonic));

/** One arbitrary non-structured instruction, with offset 0. */
export const arbitraryInstruction: fc.Arbitrary<Instruction> = fc
  .constantFrom(...PLAIN_ROWS)
  .chain((row) => immediates(row).map((imm) => makeInstruction(row, 0, imm)));

type Token = { kind: "plain"; instr: Instruction } | { kind: "open"; instr: Instruction } | {
  kind: "else" | "end";
};

const token: fc.Arbitrary<Token> = fc.oneof(
  {
    weight: 6,
    arbitrary: arbitraryInstruction.map((instr) => ({ kind: "plain", instr }) as Token),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom("block", "loop", "if"), blockType).map((
      [mnemonic, type],
    ) =>
      ({ kind: "open", instr: makeInstruction(opcode(mnemonic), 0, { blockType: type }) }) as Token
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<Token>({ kind: "else" }, { kind: "end" }) },
);

/** A well-formed body: balanced blocks, `else` only in an `if`, and the final `end`. */
export const arbitraryBody: fc.Arbitrary<Instruction[]> = fc.array(token, { maxLength: 30 }).map(
  (tokens) => {
    const body: Instruction[] = [];
    const open: boolean[] = []; // per open block: is it an if still without else
    const end = () => makeInstruction(opcode("end"), 0);
    for (const item of tokens) {
      if (item.kind === "plain") body.push(item.instr);
      if (item.kind === "open") {
        body.push(item.instr);
        open.push(item.instr.op.mnemonic === "if");
      }
      if (item.kind === "else" && open[open.length - 1] === true) {
        body.push(makeInstruction(opcode("else"), 0));
        open[open.length - 1] = false;
      }
      if (item.kind === "end" && open.length > 0) {
        body.push(end());
        open.pop();
      }
    }
    for (let i = 0; i <= open.length; i++) body.push(end());
    return body;
  },
);

const funcType: fc.Arbitrary<FuncType> = fc.record({
  params: fc.array(valType, { maxLength: 3 }),
  results: fc.array(valType, { maxLength: 3 }),
});

const limits = fc.record({ min: u32, max: fc.option(u32, { nil: undefined }) });
const name = fc.string({ unit: "grapheme", maxLength: 6 });
const constExpr = fc.array(arbitraryInstruction, { maxLength: 2 });

/** An arbitrary well-formed module. */
export const arbitraryModule: fc.Arbitrary<EncodableModule> = fc.record({
  types: fc.array(funcType, { maxLength: 4 }),
  imports: fc.array(
    fc.record({
      module: name,
      name,
      desc: fc.oneof(
        smallIndex.map((typeIdx) => ({ kind: "func" as const, typeIdx })),
        fc.record({ limits, elemType: refType }).map((tableType) => ({
          kind: "table" as const,
          tableType,
        })),
        limits.map((l) => ({ kind: "memory" as const, memType: { limits: l } })),
        fc.record({ mutable: fc.boolean(), valType }).map((globalType) => ({
          kind: "global" as const,
          globalType,
        })),
      ),
    }),
    { maxLength: 3 },
  ),
  funcs: fc.array(
    fc.record({
      typeIdx: smallIndex,
      locals: fc.array(fc.record({ count: fc.nat(5), type: valType }), { maxLength: 3 }),
      body: arbitraryBody,
    }),
    { maxLength: 3 },
  ),
  tables: fc.array(fc.record({ limits, elemType: refType }), { maxLength: 2 }),
  mems: fc.array(limits.map((l) => ({ limits: l })), { maxLength: 2 }),
  globals: fc.array(
    fc.record({
      type: fc.record({ mutable: fc.boolean(), valType }),
      init: constExpr,
    }),
    { maxLength: 2 },
  ),
  exports: fc.array(
    fc.record({
      name,
      kind: fc.constantFrom(
        "func" as const,
        "table" as const,
        "memory" as const,
        "global" as const,
      ),
      index: smallIndex,
    }),
    { maxLength: 3 },
  ),
  start: fc.option(smallIndex, { nil: undefined }),
  elems: fc.array(arbitraryElem(), { maxLength: 2 }),
  datas: fc.array(
    fc.record({
      init: fc.uint8Array({ maxLength: 8 }),
      mode: fc.oneof(
        fc.constant({ kind: "passive" as const }),
        fc.record({ kind: fc.constant("active" as const), memIdx: smallIndex, offset: constExpr }),
      ),
    }),
    { maxLength: 2 },
  ),
  dataCount: fc.constant(undefined),
}).chain((module) =>
  fc.boolean().map((withCount) => ({
    ...module,
    dataCount: withCount ? module.datas.length : undefined,
  }))
);

function arbitraryElem() {
  const mode = fc.oneof(
    fc.constant({ kind: "passive" as const }),
    fc.constant({ kind: "declarative" as const }),
    fc.record({ kind: fc.constant("active" as const), tableIdx: smallIndex, offset: constExpr }),
  );
  const byIndex = fc.record({
    type: fc.constant("funcref" as const),
    init: fc.array(
      smallIndex.map((index) => [makeInstruction(opcode("ref.func"), 0, { index })]),
      { maxLength: 3 },
    ),
    mode,
    encoding: fc.constant("funcidx" as const),
  });
  const byExpr = fc.record({
    type: refType,
    init: fc.array(constExpr, { maxLength: 3 }),
    mode,
    encoding: fc.constant("expr" as const),
  });
  return fc.oneof(byIndex, byExpr);
}
