/**
 * Module validation (spec 3.2 "Types", 3.4 "Modules"): limits, imports, constant
 * expressions, segments, start function, exports, and every function body.
 *
 * @module
 */

import { ValidationError } from "../errors.ts";
import { validateFunction, ValidatingReader } from "./_validate_function.ts";
import { type InstructionReader, readBodyForValidation } from "./operators.ts";
import type { ConstExpr, ExternKind, Limits, Module, ValType } from "./syntax.ts";

/** The most pages a 32-bit memory can have (4 GiB). */
const MAX_PAGES = 65536;

function fail(reason: string, offset: number | undefined, detail?: string): never {
  const options: { offset?: number; detail?: string } = {};
  if (offset !== undefined) options.offset = offset;
  if (detail !== undefined) options.detail = detail;
  throw new ValidationError(reason, options);
}

/** Constant instructions (spec 3.3.10 "Constant Expressions") and what they push. */
const CONST_RESULTS: ReadonlyMap<string, ValType | undefined> = new Map<
  string,
  ValType | undefined
>([
  ["i32.const", "i32"],
  ["i64.const", "i64"],
  ["f32.const", "f32"],
  ["f64.const", "f64"],
  ["v128.const", "v128"],
  ["ref.null", undefined],
  ["ref.func", "funcref"],
  ["global.get", undefined],
]);

/** Checks that `expr` is constant and has type `[] -> [type]`. */
function validateConstExpr(module: Module, expr: ConstExpr, type: ValType): void {
  const stack: ValType[] = [];
  for (const instr of expr.instrs) {
    const mnemonic = instr.op.mnemonic;
    if (!CONST_RESULTS.has(mnemonic)) fail("constant expression required", instr.offset, mnemonic);
    let result = CONST_RESULTS.get(mnemonic);
    if (mnemonic === "ref.null") result = instr.valTypes[0];
    if (mnemonic === "global.get") {
      const global = instr.index < module.importedGlobals
        ? module.globalTypes[instr.index]
        : undefined;
      if (global === undefined) fail("unknown global", instr.offset, `${instr.index}`);
      if (global.mutable) fail("constant expression required", instr.offset, "mutable global");
      result = global.valType;
    }
    if (mnemonic === "ref.func" && module.funcTypeIdxs[instr.index] === undefined) {
      fail("unknown function", instr.offset, `${instr.index}`);
    }
    stack.push(result!);
  }
  if (stack.length !== 1 || stack[0] !== type) {
    fail("type mismatch", expr.offset, `constant expression must be [${type}]`);
  }
}

function validateLimits(limits: Limits, bound: number, offset: number, what: string): void {
  const tooLarge = what === "memory"
    ? "memory size must be at most 65536 pages (4GiB)"
    : "table size must be at most 2^32-1";
  if (limits.min > bound) fail(tooLarge, offset);
  if (limits.max !== undefined) {
    if (limits.max > bound) fail(tooLarge, offset);
    if (limits.min > limits.max) fail("size minimum must not be greater than maximum", offset);
  }
}

function validateImports(module: Module): void {
  for (const entry of module.imports) {
    const desc = entry.desc;
    if (desc.kind === "func" && module.types[desc.typeIdx] === undefined) {
      fail("unknown type", entry.offset, `${desc.typeIdx}`);
    }
    if (desc.kind === "table") {
      validateLimits(desc.tableType.limits, 2 ** 32 - 1, entry.offset, "table");
    }
    if (desc.kind === "memory") {
      validateLimits(desc.memType.limits, MAX_PAGES, entry.offset, "memory");
    }
    if (desc.kind === "global" && desc.globalType.mutable && !module.features.mutableGlobals) {
      fail("mutable globals cannot be imported", entry.offset);
    }
  }
}

function validateDefinitions(module: Module): void {
  for (const func of module.funcs) {
    if (module.types[func.typeIdx] === undefined) {
      fail("unknown type", func.offset, `${func.typeIdx}`);
    }
  }
  for (const global of module.globals) validateConstExpr(module, global.init, global.type.valType);
  for (const table of module.tables) {
    validateLimits(table.type.limits, 2 ** 32 - 1, table.offset, "table");
  }
  for (const mem of module.mems) validateLimits(mem.type.limits, MAX_PAGES, mem.offset, "memory");
  for (const elem of module.elems) {
    for (const expr of elem.init) validateConstExpr(module, expr, elem.type);
    if (elem.mode.kind !== "active") continue;
    const table = module.tableTypes[elem.mode.tableIdx];
    if (table === undefined) fail("unknown table", elem.offset, `${elem.mode.tableIdx}`);
    validateConstExpr(module, elem.mode.offset, "i32");
    if (table.elemType !== elem.type) fail("type mismatch", elem.offset, "element segment type");
  }
  for (const data of module.datas) {
    if (data.mode.kind !== "active") continue;
    if (module.memTypes[data.mode.memIdx] === undefined) {
      fail("unknown memory", data.offset, `${data.mode.memIdx}`);
    }
    validateConstExpr(module, data.mode.offset, "i32");
  }
}

/** C.refs: the functions referenced outside function bodies (spec 3.4.10). */
function declaredRefs(module: Module): Set<number> {
  const refs = new Set<number>();
  const scan = (expr: ConstExpr) => {
    for (const instr of expr.instrs) if (instr.op.mnemonic === "ref.func") refs.add(instr.index);
  };
  for (const global of module.globals) scan(global.init);
  for (const elem of module.elems) {
    elem.init.forEach(scan);
    if (elem.mode.kind === "active") scan(elem.mode.offset);
  }
  for (const data of module.datas) if (data.mode.kind === "active") scan(data.mode.offset);
  for (const entry of module.exports) if (entry.kind === "func") refs.add(entry.index);
  return refs;
}

const SPACE_SIZE: Readonly<Record<ExternKind, (module: Module) => number>> = {
  func: (module) => module.funcTypeIdxs.length,
  table: (module) => module.tableTypes.length,
  memory: (module) => module.memTypes.length,
  global: (module) => module.globalTypes.length,
};

function validateStartAndExports(module: Module): void {
  if (module.start !== undefined) {
    const typeIdx = module.funcTypeIdxs[module.start];
    if (typeIdx === undefined) fail("unknown function", undefined, `${module.start}`);
    const type = module.types[typeIdx]!;
    if (type.params.length > 0 || type.results.length > 0) fail("start function", undefined);
  }
  const names = new Set<string>();
  for (const entry of module.exports) {
    if (entry.index >= SPACE_SIZE[entry.kind](module)) {
      fail(`unknown ${entry.kind}`, entry.offset, `${entry.index}`);
    }
    if (names.has(entry.name)) fail("duplicate export name", entry.offset, entry.name);
    names.add(entry.name);
  }
}

function validateFeatures(module: Module): void {
  const features = module.features;
  if (!features.multiValue) {
    for (const type of module.types) {
      if (type.results.length > 1) fail("invalid result arity", undefined);
    }
  }
  if (!features.referenceTypes && module.tableTypes.length > 1) fail("multiple tables", undefined);
}

/** Options of `validateModule`. */
export interface ValidateOptions {
  /**
   * Whether to validate the function bodies too (the default). Without them, the bodies are
   * left to `validatingReaders`, which validates each one while its user (the compiler) reads
   * it; which error the module reports first is then `validateModule`'s to say, with bodies.
   */
  readonly bodies?: boolean;
}

/**
 * Validates a decoded module, function bodies included unless `options.bodies` is false.
 *
 * @throws {ValidationError} when the module is invalid; `reason` is the spec suite's wording.
 * @throws {DecodeError} when a function body is malformed (bodies are decoded here).
 */
export function validateModule(module: Module, options: ValidateOptions = {}): void {
  try {
    validateAll(module, options.bodies ?? true);
  } catch (error) {
    // A malformed module is malformed even where another part is also invalid.
    if (error instanceof ValidationError) decodeAllBodies(module);
    throw error;
  }
}

/**
 * The reader of each defined function's body that validates every instruction it returns,
 * for a module `validateModule` accepted without its bodies.
 */
export function validatingReaders(module: Module): (funcIdx: number) => InstructionReader {
  const refs = declaredRefs(module);
  return (funcIdx) => new ValidatingReader(module, funcIdx, refs);
}

/** Decodes every body, throwing the first `DecodeError` (only on the error path). */
function decodeAllBodies(module: Module): void {
  for (let i = 0; i < module.funcs.length; i++) {
    const reader = readBodyForValidation(module, module.importedFuncs + i);
    while (reader.read() !== undefined) { /* decode only */ }
  }
}

function validateAll(module: Module, bodies: boolean): void {
  validateFeatures(module);
  validateImports(module);
  validateDefinitions(module);
  if (bodies) {
    const refs = declaredRefs(module);
    for (let i = 0; i < module.funcs.length; i++) {
      validateFunction(module, module.importedFuncs + i, refs);
    }
  }
  validateStartAndExports(module);
  if (module.memTypes.length > 1) fail("multiple memories", module.mems[1]?.offset);
}
