/**
 * The module decoder (spec 5.5 "Modules"): header, sections in order with custom sections
 * anywhere, and the cross-section rules of the binary format. Function bodies are left as
 * byte ranges: `validateModule` decodes them (once, while it types them), and `readOperators`
 * walks them for the compiler. Decoding bodies here too would double the front end's time.
 *
 * @module
 */

import { DEFAULT_FEATURES, type WasmFeatures } from "../settings.ts";
import { DecodeError } from "../errors.ts";
import { ByteReader } from "./_reader.ts";
import { OperatorReader } from "./operators.ts";
import {
  readCode,
  readData,
  readElem,
  readExport,
  readFuncType,
  readGlobal,
  readImport,
  readMemType,
  readTableType,
} from "./_sections.ts";
import type {
  CustomSection,
  Data,
  Elem,
  Export,
  Func,
  FuncType,
  Global,
  GlobalType,
  Import,
  Mem,
  MemType,
  Module,
  Names,
  Table,
  TableType,
} from "./syntax.ts";

/** Known section ids, in the order the binary must give them. */
const SECTION_ORDER: ReadonlyMap<number, number> = new Map([
  [1, 1], // type
  [2, 2], // import
  [3, 3], // function
  [4, 4], // table
  [5, 5], // memory
  [6, 6], // global
  [7, 7], // export
  [8, 8], // start
  [9, 9], // element
  [12, 10], // data count
  [10, 11], // code
  [11, 12], // data
]);

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];

/** The module under construction. */
interface Draft {
  types: FuncType[];
  imports: Import[];
  funcTypeIdxs: number[];
  funcs: Func[];
  tables: Table[];
  mems: Mem[];
  globals: Global[];
  exports: Export[];
  start: number | undefined;
  elems: Elem[];
  datas: Data[];
  dataCount: number | undefined;
  codeCount: number | undefined;
  customs: CustomSection[];
  names: Names;
}

/** Options of `decodeModule`. */
export interface DecodeOptions {
  /**
   * The enabled features (default: all of 2.0), kept in the module: ops of disabled ones
   * are illegal opcodes when the bodies are decoded, and validation checks against them.
   */
  readonly features?: WasmFeatures;
}

/**
 * Decodes a binary module: every section but the function bodies, which stay byte ranges.
 * `validateModule` decodes the bodies (and reports malformed ones as `DecodeError`), so
 * `decodeModule` then `validateModule` together check the whole binary format; after both,
 * `readOperators` walks a body without surprises.
 *
 * @throws {DecodeError} when the binary is malformed; `reason` is the spec suite's wording.
 */
export function decodeModule(bytes: Uint8Array, options: DecodeOptions = {}): Module {
  const features = options.features ?? DEFAULT_FEATURES;
  const reader = new ByteReader(bytes, 0, bytes.length);
  readHeader(reader);
  const draft: Draft = {
    types: [],
    imports: [],
    funcTypeIdxs: [],
    funcs: [],
    tables: [],
    mems: [],
    globals: [],
    exports: [],
    start: undefined,
    elems: [],
    datas: [],
    dataCount: undefined,
    codeCount: undefined,
    customs: [],
    names: { module: undefined, funcs: new Map() },
  };
  try {
    readSections(reader, draft, features);
  } catch (error) {
    // The spec decoder reads bodies as it meets them: a malformed body is the first error.
    if (error instanceof DecodeError) decodeBodies(bytes, draft.funcs, features);
    throw error;
  }
  return finish(reader, draft, features);
}

/** Decodes `funcs`' bodies as the spec decoder would, throwing the first `DecodeError`. */
function decodeBodies(bytes: Uint8Array, funcs: readonly Func[], features: WasmFeatures): void {
  for (const func of funcs) {
    const range = { start: func.bodyStart, end: bytes.length };
    const reader = new OperatorReader(bytes, range, { features, bodyEnd: func.bodyEnd });
    while (reader.read() !== undefined) { /* decode only */ }
  }
}

function readSections(reader: ByteReader, draft: Draft, features: WasmFeatures): void {
  let lastRank = 0;
  while (!reader.atEnd()) {
    const idOffset = reader.pos;
    const id = reader.u8();
    const rank = SECTION_ORDER.get(id);
    if (id !== 0 && rank === undefined) reader.fail("malformed section id", idOffset);
    const size = reader.length();
    const end = reader.pos + size;
    if (rank !== undefined) {
      if (rank <= lastRank) reader.fail("unexpected content after last section", idOffset);
      lastRank = rank;
      readSection(reader, id, { draft, features });
    } else {
      readCustomSection(reader, end, draft);
    }
    if (reader.pos !== end) reader.fail("section size mismatch", reader.pos);
  }
}

function readHeader(reader: ByteReader): void {
  const magic = reader.take(4);
  if (!MAGIC.every((b, i) => magic[i] === b)) reader.fail("magic header not detected", 0);
  const version = reader.take(4);
  if (!VERSION.every((b, i) => version[i] === b)) reader.fail("unknown binary version", 4);
}

function readVec(reader: ByteReader, readEntry: () => void): number {
  const count = reader.u32();
  for (let i = 0; i < count; i++) readEntry();
  return count;
}

function readSection(
  reader: ByteReader,
  id: number,
  context: { draft: Draft; features: WasmFeatures },
): void {
  const { draft, features } = context;
  switch (id) {
    case 1:
      readVec(reader, () => draft.types.push(readFuncType(reader)));
      return;
    case 2:
      readVec(reader, () => draft.imports.push(readImport(reader)));
      return;
    case 3:
      readVec(reader, () => draft.funcTypeIdxs.push(reader.u32()));
      return;
    case 4:
      readVec(reader, () => draft.tables.push({ offset: reader.pos, type: readTableType(reader) }));
      return;
    case 5:
      readVec(reader, () => draft.mems.push({ offset: reader.pos, type: readMemType(reader) }));
      return;
    case 6:
      readVec(reader, () => draft.globals.push(readGlobal(reader, features)));
      return;
    case 7:
      readVec(reader, () => draft.exports.push(readExport(reader)));
      return;
    case 8:
      draft.start = reader.u32();
      return;
    case 9:
      readVec(reader, () => draft.elems.push(readElem(reader, features)));
      return;
    case 12:
      draft.dataCount = reader.u32();
      return;
    case 10:
      draft.codeCount = readCodeSection(reader, draft);
      return;
    case 11:
      readDataSection(reader, draft, features);
      return;
  }
}

function readCodeSection(reader: ByteReader, draft: Draft): number {
  const start = reader.pos;
  const count = reader.u32();
  if (count !== draft.funcTypeIdxs.length) {
    reader.fail("function and code section have inconsistent lengths", start);
  }
  for (let i = 0; i < count; i++) {
    draft.funcs.push(readCode(reader, draft.funcTypeIdxs[i]!));
  }
  return count;
}

function readDataSection(reader: ByteReader, draft: Draft, features: WasmFeatures): void {
  const start = reader.pos;
  const count = reader.u32();
  if (draft.dataCount !== undefined && count !== draft.dataCount) {
    reader.fail("data count and data section have inconsistent lengths", start);
  }
  for (let i = 0; i < count; i++) draft.datas.push(readData(reader, features));
}

function readCustomSection(reader: ByteReader, end: number, draft: Draft): void {
  const offset = reader.pos;
  const moduleEnd = reader.end;
  reader.end = end;
  const name = reader.name();
  const bytes = reader.take(end - reader.pos);
  reader.end = moduleEnd;
  if (name === "name") {
    draft.names = readNames(reader.bytes, {
      start: bytes.byteOffset - reader.bytes.byteOffset,
      end,
    });
  }
  draft.customs.push({ name, bytes, offset });
}

/** The name section's module and function names; a malformed one is ignored (spec 7.4). */
function readNames(bytes: Uint8Array, range: { start: number; end: number }): Names {
  const reader = new ByteReader(bytes, range.start, range.end);
  let module: string | undefined;
  const funcs = new Map<number, string>();
  try {
    while (!reader.atEnd()) {
      const id = reader.u8();
      const size = reader.length();
      const end = reader.pos + size;
      if (id === 0) module = reader.name();
      if (id === 1) readVec(reader, () => funcs.set(reader.u32(), reader.name()));
      reader.pos = end;
    }
  } catch {
    return { module: undefined, funcs: new Map() };
  }
  return { module, funcs };
}

function finish(reader: ByteReader, draft: Draft, features: WasmFeatures): Module {
  if (draft.codeCount === undefined && draft.funcTypeIdxs.length > 0) {
    reader.fail("function and code section have inconsistent lengths", reader.pos);
  }
  if (draft.dataCount !== undefined && draft.dataCount !== draft.datas.length) {
    reader.fail("data count and data section have inconsistent lengths", reader.pos);
  }
  const importsOf = <K extends Import["desc"]["kind"]>(kind: K) =>
    draft.imports.flatMap((entry) =>
      entry.desc.kind === kind ? [entry.desc as Extract<Import["desc"], { kind: K }>] : []
    );
  const funcImports = importsOf("func").map((desc) => desc.typeIdx);
  const tableImports: TableType[] = importsOf("table").map((desc) => desc.tableType);
  const memImports: MemType[] = importsOf("memory").map((desc) => desc.memType);
  const globalImports: GlobalType[] = importsOf("global").map((desc) => desc.globalType);
  return {
    bytes: reader.bytes,
    features,
    types: draft.types,
    imports: draft.imports,
    funcs: draft.funcs,
    tables: draft.tables,
    mems: draft.mems,
    globals: draft.globals,
    exports: draft.exports,
    start: draft.start,
    elems: draft.elems,
    datas: draft.datas,
    dataCount: draft.dataCount,
    customs: draft.customs,
    names: draft.names,
    importedFuncs: funcImports.length,
    importedTables: tableImports.length,
    importedMems: memImports.length,
    importedGlobals: globalImports.length,
    funcTypeIdxs: [...funcImports, ...draft.funcTypeIdxs],
    tableTypes: [...tableImports, ...draft.tables.map((table) => table.type)],
    memTypes: [...memImports, ...draft.mems.map((mem) => mem.type)],
    globalTypes: [...globalImports, ...draft.globals.map((global) => global.type)],
  };
}
