/**
 * The instructions a generated body is made of: one entry per opcode of WebAssembly 2.0, SIMD
 * included. Fixed-signature rows of the opcode table become entries on their own, typed by the
 * row, with one immediate generator per immediate kind (lane indices below the row's lane
 * count, shuffle lanes below 32, memargs aligned at most naturally); the rows the table leaves
 * to hand-written typing (control, parametric, variable, reference and some table ops) get one
 * emitter each. SIMD rows form the `vector` family, which only SIMD modules draw from.
 *
 * @module
 */

import { makeInstruction, opcode, type OpcodeRow, OPCODES } from "../../engine/wasm/mod.ts";
import type { ImmediateKind, Instruction, ValType } from "../../engine/wasm/mod.ts";
import { type BodyBuilder, isRefType, REF_TYPES, sameTypes } from "./_body.ts";

/** Instruction families, the first decision of every step. */
export type Family =
  | "numeric"
  | "memory"
  | "table"
  | "variable"
  | "control"
  | "call"
  | "parametric"
  | "reference"
  | "vector";

/** How often each family is chosen, relative to the others. */
export const FAMILY_WEIGHTS: Readonly<Record<Family, number>> = {
  numeric: 10,
  variable: 4,
  memory: 3,
  control: 5,
  call: 1,
  parametric: 2,
  reference: 1,
  table: 2,
  vector: 20,
};

/** One generated instruction kind. */
export interface BodyOp {
  readonly mnemonic: string;
  readonly family: Family;
  /** The row's popped types, for fixed-signature rows. */
  readonly params: readonly ValType[] | undefined;
  readonly available: (b: BodyBuilder) => boolean;
  readonly emit: (b: BodyBuilder) => void;
}

interface ImmediateGen {
  readonly family: Family;
  readonly available: (b: BodyBuilder) => boolean;
  readonly make: (b: BodyBuilder, row: OpcodeRow) => Partial<Instruction>;
}

const always = () => true;
const hasMemory = (b: BodyBuilder) => b.ctx.hasMemory;
const hasTable = (b: BodyBuilder) => b.ctx.tables.length > 0;
const constant: ImmediateGen = {
  family: "numeric",
  available: always,
  make: (b, row) => b.constantImmediate(row),
};

/** Index pairs (i, j) whose reference types are equal. */
function matchingPairs(left: readonly ValType[], right: readonly ValType[]): [number, number][] {
  const pairs: [number, number][] = [];
  left.forEach((a, i) => right.forEach((c, j) => a === c && pairs.push([i, j])));
  return pairs;
}

const tableTypes = (b: BodyBuilder) => b.ctx.tables.map((table) => table.elemType);

/** A memarg offset: mostly small, sometimes large. */
function memOffset(b: BodyBuilder): number {
  const raw = b.raw();
  return raw % 4 === 0 ? raw : raw % 64;
}

/** A memarg: alignment at most the row's natural one, any offset. */
function memarg(b: BodyBuilder, row: OpcodeRow): Partial<Instruction> {
  return { align: b.next((row.naturalAlign ?? 0) + 1), memOffset: memOffset(b) };
}

/** The lane count of a SIMD row: by its shape (`i16x8.…`), or by its width for lane memory ops. */
function laneCount(row: OpcodeRow): number {
  if (row.immediate === "memarg_lane") return 16 >> (row.naturalAlign ?? 0);
  const shape = /^[if](\d+)x(\d+)\./.exec(row.mnemonic);
  if (shape === null) throw new Error(`No lane shape in ${row.mnemonic}`);
  return Number(shape[2]);
}

/** The 16 lane indices of a shuffle, each below 32 (both operands' lanes). */
function shuffleLanes(b: BodyBuilder): Uint8Array {
  const raw = b.raw();
  if (raw % 4 === 0) return Uint8Array.from({ length: 16 }, (_, i) => (i + raw / 4) % 32);
  let state = raw >>> 0;
  return Uint8Array.from({ length: 16 }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) % 32;
  });
}

/** The immediate generator of each immediate kind a fixed-signature row can have. */
const IMMEDIATES: Partial<Record<ImmediateKind, ImmediateGen>> = {
  none: { family: "numeric", available: always, make: () => ({}) },
  i32: constant,
  i64: constant,
  f32: constant,
  f64: constant,
  memarg: {
    family: "memory",
    available: hasMemory,
    make: memarg,
  },
  memarg_lane: {
    family: "memory",
    available: hasMemory,
    make: (b, row) => ({ ...memarg(b, row), index: b.next(laneCount(row)) }),
  },
  v128: constant,
  shuffle: { family: "numeric", available: always, make: (b) => ({ bytes: shuffleLanes(b) }) },
  lane: {
    family: "numeric",
    available: always,
    make: (b, row) => ({ index: b.next(laneCount(row)) }),
  },
  memidx: { family: "memory", available: hasMemory, make: () => ({}) },
  "memory.copy": { family: "memory", available: hasMemory, make: () => ({}) },
  "memory.init": {
    family: "memory",
    available: (b) => b.ctx.hasMemory && b.ctx.dataCount > 0,
    make: (b) => ({ index: b.next(b.ctx.dataCount) }),
  },
  dataidx: {
    family: "memory",
    available: (b) => b.ctx.dataCount > 0,
    make: (b) => ({ index: b.next(b.ctx.dataCount) }),
  },
  elemidx: {
    family: "table",
    available: (b) => b.ctx.elemTypes.length > 0,
    make: (b) => ({ index: b.next(b.ctx.elemTypes.length) }),
  },
  tableidx: {
    family: "table",
    available: hasTable,
    make: (b) => ({ index: b.next(b.ctx.tables.length) }),
  },
  "table.init": {
    family: "table",
    available: (b) => matchingPairs(tableTypes(b), b.ctx.elemTypes).length > 0,
    make: (b) => {
      const [table, elem] = b.pick(matchingPairs(tableTypes(b), b.ctx.elemTypes));
      return { index: elem, index2: table };
    },
  },
  "table.copy": {
    family: "table",
    available: hasTable,
    make: (b) => {
      const [dst, src] = b.pick(matchingPairs(tableTypes(b), tableTypes(b)));
      return { index: dst, index2: src };
    },
  },
};

function fixedOp(row: OpcodeRow): BodyOp {
  const gen = IMMEDIATES[row.immediate];
  if (gen === undefined || row.params === undefined || row.results === undefined) {
    throw new Error(`No immediate generator for ${row.mnemonic} (${row.immediate})`);
  }
  const params = row.params;
  const results = row.results;
  const simd = row.feature === "simd";
  return {
    mnemonic: row.mnemonic,
    family: simd ? "vector" : gen.family,
    params,
    available: simd ? (b) => b.ctx.simd && gen.available(b) : gen.available,
    emit: (b) => {
      const immediates = gen.make(b, row);
      b.ensureTop(params);
      b.emit(row, immediates, params, results);
    },
  };
}

/** A hand-typed op: `emit` writes the instruction with its operands. */
function special(
  mnemonic: string,
  family: Family,
  available: (b: BodyBuilder) => boolean,
  emit: (b: BodyBuilder, row: OpcodeRow) => void,
): BodyOp {
  const row = opcode(mnemonic);
  return { mnemonic, family, params: undefined, available, emit: (b) => emit(b, row) };
}

/** Pushes `operands` (made the top of the stack first), emits `row`, pushes `results`. */
function typed(
  b: BodyBuilder,
  row: OpcodeRow,
  immediates: Partial<Instruction>,
  operands: readonly ValType[],
  results: readonly ValType[],
): void {
  b.ensureTop(operands);
  b.emit(row, immediates, operands, results);
}

function openBlock(b: BodyBuilder, row: OpcodeRow): void {
  const { type, params, results } = b.blockType();
  if (row.mnemonic === "if") {
    b.materialize("i32");
    b.emit(row, { blockType: type }, ["i32"], []);
  } else {
    b.out.push(makeInstruction(row, 0, { blockType: type }));
  }
  b.open(row.mnemonic as "block" | "loop" | "if", params, results);
}

function branchTable(b: BodyBuilder, row: OpcodeRow): void {
  const fallback = b.next(b.frames.length);
  const types = b.labelTypes(fallback);
  const depths = b.frames.map((_, depth) => depth).filter((depth) =>
    sameTypes(b.labelTypes(depth), types)
  );
  const labels = Array.from({ length: b.next(4) }, () => b.pick(depths));
  typed(b, row, { labels, index: fallback }, [...types, "i32"], []);
  b.markUnreachable();
}

function elseBranch(b: BodyBuilder, row: OpcodeRow): void {
  const frame = b.frame;
  b.settle(frame.results);
  b.out.push(makeInstruction(row, 0));
  frame.kind = "else";
  b.stack.length = frame.height;
  b.stack.push(...frame.params);
}

const CONTROL: readonly BodyOp[] = [
  special("unreachable", "control", always, (b, row) => {
    b.emit(row, {}, [], []);
    b.markUnreachable();
  }),
  special("block", "control", (b) => b.canNest, openBlock),
  special("loop", "control", (b) => b.canNest, openBlock),
  special("if", "control", (b) => b.canNest, openBlock),
  special("else", "control", (b) => b.frame.kind === "if", elseBranch),
  special("end", "control", (b) => b.frames.length > 1, (b) => b.close()),
  special("br", "control", always, (b, row) => {
    const depth = b.next(b.frames.length);
    typed(b, row, { index: depth }, b.labelTypes(depth), []);
    b.markUnreachable();
  }),
  special("br_if", "control", always, (b, row) => {
    const depth = b.next(b.frames.length);
    const types = b.labelTypes(depth);
    typed(b, row, { index: depth }, [...types, "i32"], types);
  }),
  special("br_table", "control", always, branchTable),
  special("return", "control", always, (b, row) => {
    typed(b, row, {}, b.frames[0]!.results, []);
    b.markUnreachable();
  }),
];

const funcrefTables = (b: BodyBuilder) =>
  b.ctx.tables.flatMap((table, index) => table.elemType === "funcref" ? [index] : []);

const CALLS: readonly BodyOp[] = [
  special("call", "call", (b) => b.ctx.funcTypeIdxs.length > 0, (b, row) => {
    const index = b.next(b.ctx.funcTypeIdxs.length);
    const type = b.ctx.types[b.ctx.funcTypeIdxs[index]!]!;
    typed(b, row, { index }, type.params, type.results);
  }),
  special("call_indirect", "call", (b) => funcrefTables(b).length > 0, (b, row) => {
    const table = b.pick(funcrefTables(b));
    const typeIdx = b.next(b.ctx.types.length);
    const type = b.ctx.types[typeIdx]!;
    typed(b, row, { index: typeIdx, index2: table }, [...type.params, "i32"], type.results);
  }),
];

/** The type on top of the stack when `accept` takes it, else one picked from `fallback`. */
function topOr(b: BodyBuilder, accept: (type: ValType) => boolean, fallback: readonly ValType[]) {
  const top = b.operands[b.operands.length - 1];
  return top !== undefined && accept(top) && b.next(2) === 0 ? top : b.pick(fallback);
}

const PARAMETRIC: readonly BodyOp[] = [
  special("drop", "parametric", always, (b, row) => {
    const type = topOr(b, always, b.valueTypes);
    typed(b, row, {}, [type], []);
  }),
  special("select", "parametric", always, (b, row) => {
    const type = topOr(b, (top) => b.selectTypes.includes(top), b.selectTypes);
    typed(b, row, {}, [type, type, "i32"], [type]);
  }),
  special("select_t", "parametric", always, (b, row) => {
    const type = b.pick(b.valueTypes);
    typed(b, row, { valTypes: [type] }, [type, type, "i32"], [type]);
  }),
];

const mutableGlobals = (b: BodyBuilder) =>
  b.ctx.globals.flatMap((global, index) => global.mutable ? [index] : []);

const VARIABLE: readonly BodyOp[] = [
  special("local.get", "variable", (b) => b.locals.length > 0, (b, row) => {
    const index = b.next(b.locals.length);
    typed(b, row, { index }, [], [b.locals[index]!]);
  }),
  ...["local.set", "local.tee"].map((mnemonic) =>
    special(mnemonic, "variable", (b) => b.locals.length > 0, (b, row) => {
      const index = b.next(b.locals.length);
      const type = b.locals[index]!;
      typed(b, row, { index }, [type], mnemonic === "local.tee" ? [type] : []);
    })
  ),
  special("global.get", "variable", (b) => b.ctx.globals.length > 0, (b, row) => {
    const index = b.next(b.ctx.globals.length);
    typed(b, row, { index }, [], [b.ctx.globals[index]!.valType]);
  }),
  special("global.set", "variable", (b) => mutableGlobals(b).length > 0, (b, row) => {
    const index = b.pick(mutableGlobals(b));
    typed(b, row, { index }, [b.ctx.globals[index]!.valType], []);
  }),
];

const REFERENCE: readonly BodyOp[] = [
  special("ref.null", "reference", always, (b, row) => {
    const type = b.pick(REF_TYPES);
    typed(b, row, { valTypes: [type] }, [], [type]);
  }),
  special("ref.is_null", "reference", always, (b, row) => {
    typed(b, row, {}, [topOr(b, isRefType, REF_TYPES)], ["i32"]);
  }),
  special("ref.func", "reference", (b) => b.ctx.refs.length > 0, (b, row) => {
    typed(b, row, { index: b.pick(b.ctx.refs) }, [], ["funcref"]);
  }),
];

/** A table op typed by the chosen table's element type `t`. */
function tableOp(mnemonic: string, signature: (t: ValType) => [ValType[], ValType[]]): BodyOp {
  return special(mnemonic, "table", hasTable, (b, row) => {
    const index = b.next(b.ctx.tables.length);
    const [params, results] = signature(b.ctx.tables[index]!.elemType);
    typed(b, row, { index }, params, results);
  });
}

const TABLE: readonly BodyOp[] = [
  tableOp("table.get", (t) => [["i32"], [t]]),
  tableOp("table.set", (t) => [["i32", t], []]),
  tableOp("table.grow", (t) => [[t, "i32"], ["i32"]]),
  tableOp("table.fill", (t) => [["i32", t, "i32"], []]),
];

const HAND_TYPED = [...CONTROL, ...CALLS, ...PARAMETRIC, ...VARIABLE, ...REFERENCE, ...TABLE];
const HAND_TYPED_NAMES = new Set(HAND_TYPED.map((op) => op.mnemonic));

/** Every generated op: the opcode table's rows, each exactly once. */
export const BODY_OPS: readonly BodyOp[] = Object.freeze([
  ...OPCODES.filter((row) => !HAND_TYPED_NAMES.has(row.mnemonic) && row.params !== undefined)
    .map(fixedOp),
  ...HAND_TYPED,
]);

const FAMILIES = Object.keys(FAMILY_WEIGHTS) as Family[];

/** BODY_OPS by family. */
const FAMILY_OPS: ReadonlyMap<Family, readonly BodyOp[]> = new Map(
  FAMILIES.map((family) => [family, BODY_OPS.filter((op) => op.family === family)]),
);

/**
 * Chooses the next op: a family by weight, then an op of it, often one that takes what is on
 * top of the stack as its first operands.
 */
export function chooseOp(b: BodyBuilder): BodyOp {
  const families = FAMILIES.filter((family) =>
    FAMILY_OPS.get(family)!.some((op) => op.available(b))
  );
  let ticket = b.next(families.reduce((sum, family) => sum + FAMILY_WEIGHTS[family], 0));
  const family = families.find((name) => (ticket -= FAMILY_WEIGHTS[name]) < 0)!;
  const candidates = FAMILY_OPS.get(family)!.filter((op) => op.available(b));
  const fitting = candidates.filter((op) => op.params !== undefined && b.heldPrefix(op.params) > 0);
  if (fitting.length > 0 && b.next(3) !== 0) return b.pick(fitting);
  return b.pick(candidates);
}
