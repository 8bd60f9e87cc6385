/**
 * The operator reader: decodes a function body (or a constant expression) one instruction at
 * a time, driven by the opcode table (spec 5.4 "Instructions", 5.5.13 "Code section").
 *
 * The reader owns one mutable `Instruction` and overwrites it on every step, so walking a body
 * allocates nothing per plain instruction. Only the fields of the current op's immediate kind
 * are meaningful; the others may hold an earlier instruction's values. Copy an instruction
 * (`copyInstruction`) to keep it.
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import type { WasmFeatures } from "../settings.ts";
import { ByteReader, VALTYPE_BY_CODE } from "./_reader.ts";
import { type ImmediateKind, OPCODE_BY_CODE, type OpcodeRow, OPCODES } from "./opcodes.ts";
import type { BlockType, Func, Instruction, Module, ValType } from "./syntax.ts";
import { Slot } from "./_instruction.ts";

export { copyInstruction, makeInstruction } from "./_instruction.ts";

type CodeTables = readonly [
  readonly (OpcodeRow | undefined)[],
  readonly (OpcodeRow | undefined)[],
  readonly (OpcodeRow | undefined)[],
];

const tablesByFeatures = new WeakMap<WasmFeatures, CodeTables>();

/** The code tables with the ops of disabled features left out (they decode as illegal). */
function tablesFor(features: WasmFeatures): CodeTables {
  let tables = tablesByFeatures.get(features);
  if (tables === undefined) {
    const keep = (row: OpcodeRow | undefined) =>
      row !== undefined && (row.feature === "mvp" || features[row.feature]) ? row : undefined;
    tables = [OPCODE_BY_CODE[0].map(keep), OPCODE_BY_CODE[0xfc].map(keep), [
      ...OPCODE_BY_CODE[0xfd].map(keep),
    ]];
    tablesByFeatures.set(features, tables);
  }
  return tables;
}

const NO_IMMEDIATE = 0;
const INDEX_IMMEDIATE = 1;
const OTHER_IMMEDIATE = 2;

/** Immediate kinds that are one u32 index. */
const INDEX_KINDS: ReadonlySet<ImmediateKind> = new Set<ImmediateKind>([
  "localidx",
  "globalidx",
  "funcidx",
  "labelidx",
  "tableidx",
  "elemidx",
  "dataidx",
]);

/** Per opcode id: how `read` decodes its immediates (a switch on numbers, for speed). */
const IMMEDIATE_CLASS: Uint8Array = Uint8Array.from(
  OPCODES.map((row) =>
    row.immediate === "none"
      ? NO_IMMEDIATE
      : INDEX_KINDS.has(row.immediate)
      ? INDEX_IMMEDIATE
      : OTHER_IMMEDIATE
  ),
);

/** What yields a body's instructions one by one, then undefined (an `OperatorReader`, say). */
export interface InstructionReader {
  read(): Instruction | undefined;
}

/** Nesting kinds the reader tracks to reject misplaced `else` as the spec decoder does. */
const BLOCK = 0;
const IF = 1;

/**
 * Reads the instructions of one expression. Iterate it (`for (const instr of reader)`) or call
 * `read()`; both return the same reused `Instruction`. The expression's final `end` is
 * yielded too, and then the reader is `done`.
 */
export class OperatorReader implements IterableIterator<Instruction>, InstructionReader {
  /** Nesting depth: 0 in the function body itself. */
  depth = 0;
  done = false;
  readonly #reader: ByteReader;
  readonly #slot = new Slot();
  readonly #tables: CodeTables;
  readonly #bodyEnd: number | undefined;
  /**
   * The kind of each open block, by depth. A plain array: a reader is made per body, twice per
   * function (validation, then codegen), and a typed array costs far more to allocate.
   */
  readonly #kinds: number[] = [BLOCK];

  constructor(
    bytes: Uint8Array,
    range: { start: number; end: number },
    context: { features: WasmFeatures; bodyEnd: number | undefined },
  ) {
    this.#reader = new ByteReader(bytes, range.start, range.end);
    this.#tables = tablesFor(context.features);
    this.#bodyEnd = context.bodyEnd;
  }

  /** Offset of the next byte to read. */
  get pos(): number {
    return this.#reader.pos;
  }

  [Symbol.iterator](): OperatorReader {
    return this;
  }

  next(): IteratorResult<Instruction> {
    const instr = this.read();
    return instr === undefined ? { done: true, value: undefined } : { done: false, value: instr };
  }

  /**
   * The next instruction, or undefined after the final `end`.
   *
   * @throws {DecodeError} on malformed code.
   */
  read(): Instruction | undefined {
    if (this.done) return undefined;
    const reader = this.#reader;
    const pos = reader.pos;
    if (pos >= reader.end) this.#failBodyEnd();
    const slot = this.#slot;
    const b = reader.bytes[pos]!;
    reader.pos = pos + 1;
    let row = this.#tables[0][b];
    if (row === undefined) row = this.#prefixed(b, pos);
    slot.op = row;
    slot.offset = pos;
    switch (IMMEDIATE_CLASS[row.id]) {
      case NO_IMMEDIATE:
        if (b === 0x0b) this.#end();
        else if (b === 0x05) this.#else(pos);
        break;
      case INDEX_IMMEDIATE:
        slot.index = reader.u32();
        break;
      default:
        this.#immediates(slot, row);
    }
    return slot;
  }

  /** The row of a prefixed opcode (0xFC, 0xFD), or "illegal opcode". */
  #prefixed(b: number, offset: number): OpcodeRow {
    const reader = this.#reader;
    const row = b === 0xfc || b === 0xfd
      ? this.#tables[b === 0xfc ? 1 : 2][reader.u32()]
      : undefined;
    return row ?? reader.fail("illegal opcode", offset);
  }

  #failBodyEnd(): never {
    const reader = this.#reader;
    if (reader.end >= reader.bytes.length) reader.failEnd();
    return reader.fail("END opcode expected");
  }

  #end(): void {
    if (this.depth === 0) {
      this.done = true;
      const reader = this.#reader;
      if (this.#bodyEnd !== undefined && reader.pos !== this.#bodyEnd) {
        reader.fail("section size mismatch", reader.pos);
      }
    } else {
      this.depth--;
    }
  }

  #else(offset: number): void {
    if (this.depth === 0 || this.#kinds[this.depth] !== IF) {
      this.#reader.fail("END opcode expected", offset);
    }
    this.#kinds[this.depth] = BLOCK;
  }

  #push(kind: number): void {
    this.depth++;
    if (this.depth < this.#kinds.length) this.#kinds[this.depth] = kind;
    else this.#kinds.push(kind); // depth is at most one past the end: push keeps it packed
  }

  #blockType(): BlockType {
    const reader = this.#reader;
    if (reader.pos >= reader.end) reader.failEnd();
    const b = reader.bytes[reader.pos]!;
    if (b === 0x40) {
      reader.pos++;
      return undefined;
    }
    const type = VALTYPE_BY_CODE.get(b);
    if (type !== undefined) {
      reader.pos++;
      return type;
    }
    const start = reader.pos;
    const index = reader.s33();
    if (index < 0) reader.fail("malformed value type", start);
    return index;
  }

  #immediates(slot: Slot, row: OpcodeRow): void {
    const reader = this.#reader;
    switch (row.immediate) {
      case "i32":
        slot.value = reader.s32();
        return;
      case "memarg":
        slot.align = reader.u32();
        slot.memOffset = reader.u32();
        return;
      case "blocktype":
        slot.blockType = this.#blockType();
        this.#push(row.code === 0x04 ? IF : BLOCK);
        return;
      default:
        this.#rareImmediates(slot, row);
    }
  }

  #rareImmediates(slot: Slot, row: OpcodeRow): void {
    const reader = this.#reader;
    switch (row.immediate) {
      case "i64":
        slot.value64 = reader.s64();
        return;
      case "f32":
        slot.value = reader.f32Bits();
        return;
      case "f64":
        slot.value64 = reader.f64Bits();
        return;
      case "br_table": {
        const count = reader.u32();
        const labels: number[] = [];
        for (let i = 0; i < count; i++) labels.push(reader.u32());
        slot.labels = labels;
        slot.index = reader.u32();
        return;
      }
      case "call_indirect":
      case "table.init":
      case "table.copy":
        slot.index = reader.u32();
        slot.index2 = reader.u32();
        return;
      case "select_t":
        slot.valTypes = this.#selectTypes();
        return;
      case "reftype":
        slot.valTypes = [reader.refType()];
        return;
      case "memidx":
        slot.index = 0;
        reader.zeroByte();
        return;
      case "memory.copy":
        reader.zeroByte();
        reader.zeroByte();
        return;
      case "memory.init":
        slot.index = reader.u32();
        reader.zeroByte();
        return;
      default:
        this.#simdImmediates(slot, row);
    }
  }

  #selectTypes(): ValType[] {
    const reader = this.#reader;
    const count = reader.u32();
    const types: ValType[] = [];
    for (let i = 0; i < count; i++) types.push(reader.valType());
    return types;
  }

  #simdImmediates(slot: Slot, row: OpcodeRow): void {
    const reader = this.#reader;
    switch (row.immediate) {
      case "v128":
      case "shuffle":
        slot.bytes = reader.take(16).slice();
        return;
      case "lane":
        slot.index = reader.u8();
        return;
      case "memarg_lane":
        slot.align = reader.u32();
        slot.memOffset = reader.u32();
        slot.index = reader.u8();
        return;
      default:
        throw new InternalError(`No decoder for immediate kind "${row.immediate}"`);
    }
  }
}

function definedFunc(module: Module, funcIdx: number): Func {
  const func = module.funcs[funcIdx - module.importedFuncs];
  if (func === undefined) {
    throw new InternalError(`Cannot read function ${funcIdx}: it is not defined in the module`);
  }
  return func;
}

/**
 * Reads the body of function `funcIdx` (in the function index space; it must be defined in
 * the module, not imported) of a module `validateModule` accepted. Local declarations are in
 * `module.funcs[...].locals`.
 *
 * @throws {InternalError} when `funcIdx` is not a defined function.
 * @throws {DecodeError} when the body is malformed (never after `validateModule`).
 */
export function readOperators(module: Module, funcIdx: number): OperatorReader {
  const func = definedFunc(module, funcIdx);
  return new OperatorReader(module.bytes, { start: func.bodyStart, end: func.bodyEnd }, {
    features: module.features,
    bodyEnd: func.bodyEnd,
  });
}

/**
 * Reads a body as the spec's decoder does, for validation: on past the code entry's end up
 * to the module's (so a truncated entry reports what the spec suite expects), then the final
 * `end` must close the entry exactly ("section size mismatch").
 */
export function readBodyForValidation(module: Module, funcIdx: number): OperatorReader {
  const func = definedFunc(module, funcIdx);
  return new OperatorReader(module.bytes, { start: func.bodyStart, end: module.bytes.length }, {
    features: module.features,
    bodyEnd: func.bodyEnd,
  });
}
