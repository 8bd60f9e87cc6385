/**
 * A fast-check arbitrary of valid WebAssembly 2.0 modules (spec chapter 3 "Validation"):
 * types, imports of every kind, functions with well-typed bodies (every instruction, SIMD
 * included), tables, a memory, globals, element and data segments of every mode, exports, a
 * start function, and sometimes a name section. A share of the modules (`ModuleSize.simd`) use
 * SIMD: v128 params, results, locals, globals, block types and every v128 instruction; the
 * others use none of it, so they also compile with the `simd` feature off.
 *
 * fast-check draws only plain numbers, booleans and strings (a `RawModule`); `buildModule`
 * turns any of them into a valid module, resolving each index as `choice % count`. Shrinking the
 * raw record therefore always yields valid, smaller modules.
 *
 * @module
 */

import fc from "fast-check";
import { decodeModule, makeInstruction, opcode, validateModule } from "../../engine/wasm/mod.ts";
import { DEFAULT_FEATURES } from "../../engine/settings.ts";
import type {
  FuncType,
  GlobalType,
  Instruction,
  LocalDecl,
  TableType,
  ValType,
} from "../../engine/wasm/mod.ts";
import { ByteWriter, type EncodableModule, encodeModule } from "../../engine/wasm/_encode.ts";
import { BodyBuilder, type BodyContext, isRefType, v128Bytes, valueTypes } from "./_body.ts";
import { chooseOp } from "./_ops.ts";
import {
  arbitraryRawModule,
  MAX_PAGES,
  type ModuleSize,
  type RawLimits,
  type RawModule,
  type RawTable,
} from "./_raw_module.ts";

export type { ModuleSize, RawModule };

/** A generated module: its encodable form and its bytes. */
export interface GeneratedModule {
  readonly module: EncodableModule;
  readonly wasm: Uint8Array;
}

/** An arbitrary of valid modules. */
export function arbitraryModule(options: ModuleSize = {}): fc.Arbitrary<GeneratedModule> {
  return arbitraryRawModule(options).map(buildModule);
}

/** An arbitrary of the bytes of valid modules. */
export function arbitraryWasm(options: ModuleSize = {}): fc.Arbitrary<Uint8Array> {
  return arbitraryModule(options).map((generated) => generated.wasm);
}

function limitsOf(raw: RawLimits, cap: number) {
  const [low, high] = [raw.a % (cap + 1), raw.b % (cap + 1)].sort((x, y) => x - y) as [
    number,
    number,
  ];
  return { min: low, max: raw.bounded ? high : undefined };
}

function tableOf(raw: RawTable): TableType {
  return {
    elemType: raw.funcref ? "funcref" : "externref",
    limits: limitsOf(raw.limits, 2 ** 32 - 1),
  };
}

/** The module under construction: the encodable fields plus the index spaces. */
interface Draft {
  types: FuncType[];
  imports: EncodableModule["imports"][number][];
  funcTypeIdxs: number[];
  tables: TableType[];
  globals: GlobalType[];
  importedGlobals: GlobalType[];
  hasMemory: boolean;
  refs: Set<number>;
  /** The value types the module uses (with v128 in SIMD modules). */
  valTypes: readonly ValType[];
}

/** The value type of a raw choice, among `valTypes`. */
function valTypeOf(choice: number, valTypes: readonly ValType[]): ValType {
  return valTypes[choice % valTypes.length]!;
}

const i32Const = (value: number) => makeInstruction(opcode("i32.const"), 0, { value: value | 0 });

function buildImports(raw: RawModule, draft: Draft): void {
  raw.imports.forEach((entry, index) => {
    const names = { module: entry.module, name: `${entry.name}${index}` };
    if (entry.kind === 0 && draft.types.length > 0) {
      const typeIdx = entry.type % draft.types.length;
      draft.funcTypeIdxs.push(typeIdx);
      draft.imports.push({ ...names, desc: { kind: "func", typeIdx } });
    } else if (entry.kind === 1) {
      const tableType = tableOf(entry.table);
      draft.tables.push(tableType);
      draft.imports.push({ ...names, desc: { kind: "table", tableType } });
    } else {
      const globalType = {
        valType: valTypeOf(entry.type, draft.valTypes),
        mutable: entry.mutable,
      };
      draft.globals.push(globalType);
      draft.importedGlobals.push(globalType);
      draft.imports.push({ ...names, desc: { kind: "global", globalType } });
    }
  });
  if (raw.memory?.imported === true) {
    draft.hasMemory = true;
    const memType = { limits: limitsOf(raw.memory.limits, MAX_PAGES) };
    draft.imports.push({ module: "env", name: "memory", desc: { kind: "memory", memType } });
  }
}

/** A constant expression of `type` (spec 3.3.10: consts, nulls, refs, imported globals). */
function constExpr(type: ValType, choice: number, draft: Draft): Instruction[] {
  const importedIndex = draft.importedGlobals.findIndex((global, index) =>
    global.valType === type && !global.mutable && (choice + index) % 3 === 0
  );
  if (importedIndex >= 0) {
    return [makeInstruction(opcode("global.get"), 0, { index: importedIndex })];
  }
  const functions = draft.funcTypeIdxs.length;
  if (type === "funcref" && functions > 0 && choice % 2 === 0) {
    const index = (choice >>> 1) % functions;
    draft.refs.add(index);
    return [makeInstruction(opcode("ref.func"), 0, { index })];
  }
  if (isRefType(type)) return [makeInstruction(opcode("ref.null"), 0, { valTypes: [type] })];
  if (type === "i32") return [i32Const(choice)];
  if (type === "v128") {
    return [makeInstruction(opcode("v128.const"), 0, { bytes: v128Bytes(choice) })];
  }
  const row = opcode(`${type}.const`);
  if (type === "f32") return [makeInstruction(row, 0, { value: choice >>> 0 })];
  return [makeInstruction(row, 0, { value64: BigInt(choice) * 0x10001n })];
}

function buildElems(raw: RawModule, draft: Draft): EncodableModule["elems"][number][] {
  const functions = draft.funcTypeIdxs.length;
  return raw.elems.map((entry) => {
    const type = entry.funcref ? "funcref" as const : "externref" as const;
    const byIndex = type === "funcref" && functions > 0 && !entry.exprs;
    const init = entry.items.map((item) => {
      if (!byIndex) return constExpr(type, item, draft);
      draft.refs.add(item % functions);
      return [makeInstruction(opcode("ref.func"), 0, { index: item % functions })];
    });
    const tables = draft.tables.flatMap((table, index) => table.elemType === type ? [index] : []);
    const mode = entry.mode === 0 && tables.length > 0
      ? {
        kind: "active" as const,
        tableIdx: tables[entry.table % tables.length]!,
        offset: constExpr("i32", entry.offset, draft),
      }
      : { kind: entry.mode === 2 ? "declarative" as const : "passive" as const };
    return { type, init, mode, encoding: byIndex ? "funcidx" as const : "expr" as const };
  });
}

function buildDatas(raw: RawModule, draft: Draft): EncodableModule["datas"][number][] {
  return raw.datas.map((entry) => ({
    init: entry.init,
    mode: entry.active && draft.hasMemory
      ? { kind: "active" as const, memIdx: 0, offset: constExpr("i32", entry.offset, draft) }
      : { kind: "passive" as const },
  }));
}

function buildExports(raw: RawModule, draft: Draft): EncodableModule["exports"][number][] {
  const counts = [
    draft.funcTypeIdxs.length,
    draft.tables.length,
    draft.hasMemory ? 1 : 0,
    draft.globals.length,
  ];
  const kinds = ["func", "table", "memory", "global"] as const;
  const seen = new Set<string>();
  return raw.exports.flatMap((entry) => {
    const count = counts[entry.kind]!;
    if (count === 0 || seen.has(entry.name)) return [];
    seen.add(entry.name);
    const index = entry.index % count;
    if (entry.kind === 0) draft.refs.add(index);
    return [{ name: entry.name, kind: kinds[entry.kind]!, index }];
  });
}

function startFunction(raw: RawModule, draft: Draft): number | undefined {
  if (raw.start === undefined) return undefined;
  const candidates = draft.funcTypeIdxs.flatMap((typeIdx, index) => {
    const type = draft.types[typeIdx]!;
    return type.params.length === 0 && type.results.length === 0 ? [index] : [];
  });
  return candidates.length === 0 ? undefined : candidates[raw.start % candidates.length];
}

/** The bytes of a custom "name" section with the function names of `functions` functions. */
function encodeNameSection(functions: number): Uint8Array {
  const sub = new ByteWriter();
  const entries = new ByteWriter().u32(functions);
  for (let index = 0; index < functions; index++) entries.u32(index).name(`f${index}`);
  const entryBytes = entries.bytes();
  sub.byte(1).u32(entryBytes.length).raw(entryBytes);
  const payload = new ByteWriter().name("name").raw(sub.bytes()).bytes();
  return new ByteWriter().byte(0).u32(payload.length).raw(payload).bytes();
}

/**
 * Whether the valid module `wasm` uses SIMD (a v128 type or instruction): whether it stops
 * validating when the simd feature alone is switched off.
 */
export function usesSimd(wasm: Uint8Array): boolean {
  try {
    validateModule(decodeModule(wasm, { features: { ...DEFAULT_FEATURES, simd: false } }));
    return false;
  } catch {
    return true;
  }
}

/** `wasm` with a custom section named `name` appended: another valid module. */
export function withCustomSection(wasm: Uint8Array, name: string): Uint8Array {
  const payload = new ByteWriter().name(name).byte(0x2a).bytes();
  return new ByteWriter().raw(wasm).byte(0).u32(payload.length).raw(payload).bytes();
}

/** Turns any raw module into a valid module (see the module doc). */
export function buildModule(raw: RawModule): GeneratedModule {
  const valTypes = valueTypes(raw.simd);
  const types = raw.types.map((type) => ({
    params: type.params.map((choice) => valTypeOf(choice, valTypes)),
    results: type.results.map((choice) => valTypeOf(choice, valTypes)),
  }));
  if (types.length === 0 && (raw.funcs.length > 0 || raw.imports.length > 0)) {
    types.push({ params: [], results: [] });
  }
  const draft: Draft = {
    types,
    imports: [],
    funcTypeIdxs: [],
    tables: [],
    globals: [],
    importedGlobals: [],
    hasMemory: false,
    refs: new Set(),
    valTypes,
  };
  buildImports(raw, draft);
  const importedFuncs = draft.funcTypeIdxs.length;
  for (const func of raw.funcs) draft.funcTypeIdxs.push(func.type % draft.types.length);
  const { tables, mems, globals } = buildDefinitions(raw, draft);
  const elems = buildElems(raw, draft);
  const datas = buildDatas(raw, draft);
  const exports = buildExports(raw, draft);
  const dataCount = raw.dataCountSection && datas.length > 0 ? datas.length : undefined;
  const ctx: BodyContext = {
    types: draft.types,
    funcTypeIdxs: draft.funcTypeIdxs,
    tables: draft.tables,
    hasMemory: draft.hasMemory,
    globals: draft.globals,
    elemTypes: elems.map((elem) => elem.type),
    dataCount: dataCount ?? 0,
    refs: [...draft.refs].sort((a, b) => a - b),
    simd: raw.simd,
  };
  const funcs = raw.funcs.map((func, index) => {
    const typeIdx = draft.funcTypeIdxs[importedFuncs + index]!;
    const locals = func.locals.map((choice) => valTypeOf(choice, valTypes));
    return {
      typeIdx,
      locals: localDecls(locals),
      body: buildBody(ctx, types[typeIdx]!, locals, func.body),
    };
  });
  const start = startFunction(raw, draft);
  const module: EncodableModule = {
    ...{ types: draft.types, imports: draft.imports, funcs, tables, mems, globals, exports },
    ...{ start, elems, datas, dataCount },
  };
  const bytes = encodeModule(module);
  if (!raw.nameSection || draft.funcTypeIdxs.length === 0) return { module, wasm: bytes };
  const names = encodeNameSection(draft.funcTypeIdxs.length);
  return { module, wasm: new ByteWriter().raw(bytes).raw(names).bytes() };
}

/** The defined tables, memory and globals (added to the draft's index spaces). */
function buildDefinitions(raw: RawModule, draft: Draft) {
  const tables = raw.tables.map(tableOf);
  draft.tables.push(...tables);
  const mems = raw.memory !== undefined && !raw.memory.imported
    ? [{ limits: limitsOf(raw.memory.limits, MAX_PAGES) }]
    : [];
  draft.hasMemory ||= mems.length > 0;
  const globals = raw.globals.map((global) => {
    const type = { valType: valTypeOf(global.type, draft.valTypes), mutable: global.mutable };
    return { type, init: constExpr(type.valType, global.init, draft) };
  });
  draft.globals.push(...globals.map((global) => global.type));
  return { tables, mems, globals };
}

/** Runs of equal local types, as the code section declares them. */
function localDecls(locals: readonly ValType[]): LocalDecl[] {
  const decls: LocalDecl[] = [];
  for (const type of locals) {
    const last = decls[decls.length - 1];
    if (last?.type === type) decls[decls.length - 1] = { type, count: last.count + 1 };
    else decls.push({ type, count: 1 });
  }
  return decls;
}

/** A valid body for a function of `type` with `locals`, from `choices`. */
export function buildBody(
  ctx: BodyContext,
  type: FuncType,
  locals: readonly ValType[],
  choices: number[],
): Instruction[] {
  const builder = new BodyBuilder(ctx, type, locals, choices);
  while (!builder.exhausted) chooseOp(builder).emit(builder);
  return builder.finish();
}
