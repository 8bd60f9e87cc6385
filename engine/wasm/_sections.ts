/**
 * Decoders of the entries of each known section (spec 5.5 "Modules"), over a `ByteReader`.
 *
 * @module
 */

import type { WasmFeatures } from "../settings.ts";
import type { ByteReader } from "./_reader.ts";
import { copyInstruction, makeInstruction, OperatorReader } from "./operators.ts";
import { opcode } from "./opcodes.ts";
import type {
  ConstExpr,
  Data,
  Elem,
  ElemMode,
  Export,
  ExternKind,
  Func,
  FuncType,
  Global,
  GlobalType,
  Import,
  ImportDesc,
  Instruction,
  Limits,
  LocalDecl,
  MemType,
  RefType,
  TableType,
  ValType,
} from "./syntax.ts";

const EXTERN_KINDS: readonly ExternKind[] = ["func", "table", "memory", "global"];

export function readFuncType(reader: ByteReader): FuncType {
  const form = reader.u8();
  if (form & 0x80) reader.fail("integer representation too long", reader.pos - 1);
  if (form !== 0x60) reader.fail("malformed function type", reader.pos - 1);
  const params = readValTypes(reader);
  const results = readValTypes(reader);
  return { params, results };
}

function readValTypes(reader: ByteReader): ValType[] {
  const count = reader.u32();
  const types: ValType[] = [];
  for (let i = 0; i < count; i++) types.push(reader.valType());
  return types;
}

export function readLimits(reader: ByteReader): Limits {
  const hasMax = reader.flag();
  const min = reader.u32();
  const max = hasMax ? reader.u32() : undefined;
  return { min, max };
}

export function readTableType(reader: ByteReader): TableType {
  const elemType = reader.refType();
  return { limits: readLimits(reader), elemType };
}

export function readMemType(reader: ByteReader): MemType {
  return { limits: readLimits(reader) };
}

export function readGlobalType(reader: ByteReader): GlobalType {
  const valType = reader.valType();
  const b = reader.u8();
  if (b > 1) reader.fail("malformed mutability", reader.pos - 1);
  return { mutable: b === 1, valType };
}

export function readImport(reader: ByteReader): Import {
  const offset = reader.pos;
  const module = reader.name();
  const name = reader.name();
  const kind = reader.u8();
  let desc: ImportDesc;
  switch (kind) {
    case 0:
      desc = { kind: "func", typeIdx: reader.u32() };
      break;
    case 1:
      desc = { kind: "table", tableType: readTableType(reader) };
      break;
    case 2:
      desc = { kind: "memory", memType: readMemType(reader) };
      break;
    case 3:
      desc = { kind: "global", globalType: readGlobalType(reader) };
      break;
    default:
      return reader.fail("malformed import kind", reader.pos - 1);
  }
  return { module, name, desc, offset };
}

export function readExport(reader: ByteReader): Export {
  const offset = reader.pos;
  const name = reader.name();
  const kindByte = reader.u8();
  const kind = EXTERN_KINDS[kindByte];
  if (kind === undefined) reader.fail("malformed export kind", reader.pos - 1);
  return { name, kind, index: reader.u32(), offset };
}

/** A constant expression up to and including its `end` (read as the spec decoder does). */
export function readConstExpr(reader: ByteReader, features: WasmFeatures): ConstExpr {
  const offset = reader.pos;
  const operators = new OperatorReader(reader.bytes, { start: offset, end: reader.bytes.length }, {
    features,
    bodyEnd: undefined,
  });
  const instrs: Instruction[] = [];
  for (let instr = operators.read(); !operators.done; instr = operators.read()) {
    instrs.push(copyInstruction(instr!));
  }
  reader.pos = operators.pos;
  return { instrs, offset };
}

export function readGlobal(reader: ByteReader, features: WasmFeatures): Global {
  const offset = reader.pos;
  const type = readGlobalType(reader);
  return { type, init: readConstExpr(reader, features), offset };
}

function refFuncExpr(funcIdx: number, offset: number): ConstExpr {
  return { instrs: [makeInstruction(opcode("ref.func"), offset, { index: funcIdx })], offset };
}

function readElemKind(reader: ByteReader): RefType {
  if (reader.u8() !== 0x00) reader.fail("malformed element kind", reader.pos - 1);
  return "funcref";
}

/** An element segment: flags 0-7 select mode, table, and index or expression encoding. */
export function readElem(reader: ByteReader, features: WasmFeatures): Elem {
  const offset = reader.pos;
  const flags = reader.u32();
  if (flags > 7) reader.fail("malformed elements segment kind", offset);
  const usesExprs = (flags & 4) !== 0;
  let mode: ElemMode;
  if ((flags & 1) === 0) {
    const tableIdx = (flags & 2) !== 0 ? reader.u32() : 0;
    mode = { kind: "active", tableIdx, offset: readConstExpr(reader, features) };
  } else {
    mode = (flags & 2) !== 0 ? { kind: "declarative" } : { kind: "passive" };
  }
  let type: RefType = "funcref";
  if ((flags & 3) !== 0) type = usesExprs ? reader.refType() : readElemKind(reader);
  const count = reader.u32();
  const init: ConstExpr[] = [];
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    init.push(usesExprs ? readConstExpr(reader, features) : refFuncExpr(reader.u32(), at));
  }
  return { type, init, mode, encoding: usesExprs ? "expr" : "funcidx", offset };
}

/** A data segment: flags 0-2 select mode and memory. */
export function readData(reader: ByteReader, features: WasmFeatures): Data {
  const offset = reader.pos;
  const flags = reader.u32();
  if (flags > 2) reader.fail("malformed data segment kind", offset);
  const mode: Data["mode"] = flags === 1 ? { kind: "passive" } : {
    kind: "active",
    memIdx: flags === 2 ? reader.u32() : 0,
    offset: readConstExpr(reader, features),
  };
  const size = reader.u32();
  return { init: reader.take(size), mode, offset };
}

/** One code entry: its size, local declarations and the byte range of its body. */
export function readCode(reader: ByteReader, typeIdx: number): Func {
  const offset = reader.pos;
  const size = reader.length();
  const bodyEnd = reader.pos + size;
  const moduleEnd = reader.end;
  reader.end = bodyEnd;
  const declCount = reader.u32();
  const locals: LocalDecl[] = [];
  let numLocals = 0;
  for (let i = 0; i < declCount; i++) {
    const count = reader.u32();
    numLocals += count;
    if (numLocals >= 2 ** 32) reader.fail("too many locals", offset);
    locals.push({ count, type: reader.valType() });
  }
  const bodyStart = reader.pos;
  reader.end = moduleEnd;
  reader.pos = bodyEnd;
  return { typeIdx, locals, numLocals, bodyStart, bodyEnd, offset };
}
