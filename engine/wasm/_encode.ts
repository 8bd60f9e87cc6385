/**
 * Test helper: a small WebAssembly binary encoder (spec chapter 5, the inverse of the
 * decoder, as the reference interpreter's `binary/encode.ml`), driven by the opcode table.
 * It writes minimal LEB128s and sections in the canonical order.
 *
 * @module
 */

import { copyInstruction, readOperators } from "./operators.ts";
import type {
  DataMode,
  ElemMode,
  Export,
  FuncType,
  GlobalType,
  ImportDesc,
  Instruction,
  Limits,
  LocalDecl,
  MemType,
  Module,
  RefType,
  TableType,
  ValType,
} from "./syntax.ts";

/** A module as the encoder takes it: bodies and expressions as instruction lists. */
export interface EncodableModule {
  readonly types: readonly FuncType[];
  readonly imports: readonly { module: string; name: string; desc: ImportDesc }[];
  /** Bodies end with their final `end`. */
  readonly funcs: readonly {
    typeIdx: number;
    locals: readonly LocalDecl[];
    body: readonly Instruction[];
  }[];
  readonly tables: readonly TableType[];
  readonly mems: readonly MemType[];
  /** Constant expressions are given without their final `end`. */
  readonly globals: readonly { type: GlobalType; init: readonly Instruction[] }[];
  readonly exports: readonly Omit<Export, "offset">[];
  readonly start: number | undefined;
  readonly elems: readonly {
    type: RefType;
    init: readonly (readonly Instruction[])[];
    mode: EncodableElemMode;
    encoding: "funcidx" | "expr";
  }[];
  readonly datas: readonly { init: Uint8Array; mode: EncodableDataMode }[];
  readonly dataCount: number | undefined;
}

export type EncodableElemMode =
  | Exclude<ElemMode, { kind: "active" }>
  | { kind: "active"; tableIdx: number; offset: readonly Instruction[] };

export type EncodableDataMode =
  | Exclude<DataMode, { kind: "active" }>
  | { kind: "active"; memIdx: number; offset: readonly Instruction[] };

const VALTYPE_CODES: Readonly<Record<ValType, number>> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
};

const EXTERN_CODES = { func: 0, table: 1, memory: 2, global: 3 } as const;

/** A growable byte buffer with the spec's value encodings. */
export class ByteWriter {
  readonly #out: number[] = [];

  bytes(): Uint8Array {
    return Uint8Array.from(this.#out);
  }

  byte(b: number): this {
    this.#out.push(b & 0xff);
    return this;
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.#out.push(bytes[i]!);
    return this;
  }

  u32(value: number): this {
    let rest = value >>> 0;
    do {
      const b = rest & 0x7f;
      rest >>>= 7;
      this.byte(rest === 0 ? b : b | 0x80);
    } while (rest !== 0);
    return this;
  }

  sleb(value: bigint): this {
    let rest = value;
    for (;;) {
      const b = Number(rest & 0x7fn);
      rest >>= 7n;
      const done = (rest === 0n && (b & 0x40) === 0) || (rest === -1n && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  name(text: string): this {
    const bytes = new TextEncoder().encode(text);
    return this.u32(bytes.length).raw(bytes);
  }

  valType(type: ValType): this {
    return this.byte(VALTYPE_CODES[type]);
  }

  vec<T>(items: readonly T[], write: (item: T) => void): this {
    this.u32(items.length);
    items.forEach(write);
    return this;
  }
}

function writeImmediates(out: ByteWriter, instr: Instruction): void {
  const row = instr.op;
  switch (row.immediate) {
    case "none":
    case "memory.copy":
      if (row.immediate === "memory.copy") out.byte(0).byte(0);
      return;
    case "blocktype":
      if (instr.blockType === undefined) out.byte(0x40);
      else if (typeof instr.blockType === "number") out.sleb(BigInt(instr.blockType));
      else out.valType(instr.blockType);
      return;
    case "br_table":
      out.vec(instr.labels, (label) => out.u32(label)).u32(instr.index);
      return;
    case "call_indirect":
    case "table.init":
    case "table.copy":
      out.u32(instr.index).u32(instr.index2);
      return;
    case "select_t":
      out.vec(instr.valTypes, (type) => out.valType(type));
      return;
    case "reftype":
      out.valType(instr.valTypes[0]!);
      return;
    case "memarg":
    case "memarg_lane":
      out.u32(instr.align).u32(instr.memOffset);
      if (row.immediate === "memarg_lane") out.byte(instr.index);
      return;
    case "memidx":
      out.byte(0);
      return;
    case "memory.init":
      out.u32(instr.index).byte(0);
      return;
    case "i32":
      out.sleb(BigInt(instr.value | 0));
      return;
    case "i64":
      out.sleb(BigInt.asIntN(64, instr.value64));
      return;
    case "f32":
      out.raw(new Uint8Array(new Uint32Array([instr.value]).buffer));
      return;
    case "f64":
      out.raw(new Uint8Array(new BigUint64Array([instr.value64]).buffer));
      return;
    case "v128":
    case "shuffle":
      out.raw(instr.bytes!);
      return;
    case "lane":
      out.byte(instr.index);
      return;
    default:
      out.u32(instr.index);
  }
}

/** Appends one instruction: prefix, code, immediates. */
export function encodeInstruction(out: ByteWriter, instr: Instruction): void {
  const row = instr.op;
  if (row.prefix === 0) out.byte(row.code);
  else out.byte(row.prefix).u32(row.code);
  writeImmediates(out, instr);
}

function writeExpr(out: ByteWriter, instrs: readonly Instruction[]): void {
  for (const instr of instrs) encodeInstruction(out, instr);
  out.byte(0x0b);
}

function writeLimits(out: ByteWriter, limits: Limits): void {
  if (limits.max === undefined) out.byte(0).u32(limits.min);
  else out.byte(1).u32(limits.min).u32(limits.max);
}

function writeTableType(out: ByteWriter, type: TableType): void {
  out.valType(type.elemType);
  writeLimits(out, type.limits);
}

function writeGlobalType(out: ByteWriter, type: GlobalType): void {
  out.valType(type.valType).byte(type.mutable ? 1 : 0);
}

function writeImportDesc(out: ByteWriter, desc: ImportDesc): void {
  out.byte(EXTERN_CODES[desc.kind]);
  if (desc.kind === "func") out.u32(desc.typeIdx);
  if (desc.kind === "table") writeTableType(out, desc.tableType);
  if (desc.kind === "memory") writeLimits(out, desc.memType.limits);
  if (desc.kind === "global") writeGlobalType(out, desc.globalType);
}

function writeElem(out: ByteWriter, elem: EncodableModule["elems"][number]): void {
  const exprs = elem.encoding === "expr";
  const mode = elem.mode;
  const explicitTable = mode.kind === "active" && (mode.tableIdx !== 0 || elem.type !== "funcref");
  const flags = (exprs ? 4 : 0) |
    (mode.kind === "active" ? (explicitTable ? 2 : 0) : mode.kind === "passive" ? 1 : 3);
  out.u32(flags);
  if (mode.kind === "active") {
    if (explicitTable) out.u32(mode.tableIdx);
    writeExpr(out, mode.offset);
  }
  if ((flags & 3) !== 0) exprs ? out.valType(elem.type) : out.byte(0);
  out.vec(elem.init, (expr) => exprs ? writeExpr(out, expr) : out.u32(expr[0]!.index));
}

function writeData(out: ByteWriter, data: EncodableModule["datas"][number]): void {
  const mode = data.mode;
  if (mode.kind === "passive") out.u32(1);
  else if (mode.memIdx === 0) out.u32(0);
  else out.u32(2).u32(mode.memIdx);
  if (mode.kind === "active") writeExpr(out, mode.offset);
  out.u32(data.init.length).raw(data.init);
}

function writeCode(out: ByteWriter, func: EncodableModule["funcs"][number]): void {
  const body = new ByteWriter();
  body.vec(func.locals, (decl) => body.u32(decl.count).valType(decl.type));
  for (const instr of func.body) encodeInstruction(body, instr);
  const bytes = body.bytes();
  out.u32(bytes.length).raw(bytes);
}

function section(out: ByteWriter, id: number, write: (body: ByteWriter) => void): void {
  const body = new ByteWriter();
  write(body);
  const bytes = body.bytes();
  out.byte(id).u32(bytes.length).raw(bytes);
}

/** Encodes `module`; empty sections are left out. */
export function encodeModule(module: EncodableModule): Uint8Array {
  const out = new ByteWriter().raw([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const vecSection = <T>(id: number, items: readonly T[], write: (o: ByteWriter, t: T) => void) => {
    if (items.length > 0) section(out, id, (body) => body.vec(items, (item) => write(body, item)));
  };
  vecSection(1, module.types, (o, type) => {
    o.byte(0x60).vec(type.params, (t) => o.valType(t)).vec(type.results, (t) => o.valType(t));
  });
  vecSection(2, module.imports, (o, entry) => {
    o.name(entry.module).name(entry.name);
    writeImportDesc(o, entry.desc);
  });
  vecSection(3, module.funcs, (o, func) => o.u32(func.typeIdx));
  vecSection(4, module.tables, writeTableType);
  vecSection(5, module.mems, (o, mem) => writeLimits(o, mem.limits));
  vecSection(6, module.globals, (o, global) => {
    writeGlobalType(o, global.type);
    writeExpr(o, global.init);
  });
  vecSection(7, module.exports, (o, entry) => {
    o.name(entry.name).byte(EXTERN_CODES[entry.kind]).u32(entry.index);
  });
  if (module.start !== undefined) section(out, 8, (body) => body.u32(module.start!));
  vecSection(9, module.elems, writeElem);
  if (module.dataCount !== undefined) section(out, 12, (body) => body.u32(module.dataCount!));
  vecSection(10, module.funcs, writeCode);
  vecSection(11, module.datas, writeData);
  return out.bytes();
}

function stripOffsets(instrs: readonly Instruction[]): Instruction[] {
  return instrs.map((instr) => ({ ...copyInstruction(instr), offset: 0 }));
}

/** The instructions of a defined function's body, copied, offsets zeroed. */
export function bodyOf(module: Module, funcIdx: number): Instruction[] {
  const body: Instruction[] = [];
  for (const instr of readOperators(module, funcIdx)) {
    body.push({ ...copyInstruction(instr), offset: 0 });
  }
  return body;
}

/** The encodable form of a decoded module, with every offset zeroed (for comparisons). */
export function toEncodable(module: Module): EncodableModule {
  const exprOf = (expr: { instrs: readonly Instruction[] }) => stripOffsets(expr.instrs);
  return {
    types: module.types,
    imports: module.imports.map(({ module, name, desc }) => ({ module, name, desc })),
    funcs: module.funcs.map((func, i) => ({
      typeIdx: func.typeIdx,
      locals: func.locals,
      body: bodyOf(module, module.importedFuncs + i),
    })),
    tables: module.tables.map((table) => table.type),
    mems: module.mems.map((mem) => mem.type),
    globals: module.globals.map((global) => ({ type: global.type, init: exprOf(global.init) })),
    exports: module.exports.map(({ name, kind, index }) => ({ name, kind, index })),
    start: module.start,
    elems: module.elems.map((elem) => ({
      type: elem.type,
      init: elem.init.map(exprOf),
      mode: elem.mode.kind === "active"
        ? { kind: "active", tableIdx: elem.mode.tableIdx, offset: exprOf(elem.mode.offset) }
        : elem.mode,
      encoding: elem.encoding,
    })),
    datas: module.datas.map((data) => ({
      init: data.init.slice(),
      mode: data.mode.kind === "active"
        ? { kind: "active", memIdx: data.mode.memIdx, offset: exprOf(data.mode.offset) }
        : data.mode,
    })),
    dataCount: module.dataCount,
  };
}
