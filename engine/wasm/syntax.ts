/**
 * The abstract syntax of a decoded WebAssembly 2.0 module (spec chapter 2, "Structure"), as
 * the decoder produces it and the validator and the compiler read it.
 *
 * Names follow the spec's grammar: valtype, functype, limits, memtype, tabletype, globaltype,
 * typeidx, funcidx, ... Index spaces are the spec's: imports come first, then definitions, so
 * `Module.funcs[i]` is function `importedFuncs + i` of the function index space.
 *
 * Function bodies are not decoded here: a `Func` keeps the byte range of its expression in
 * `Module.bytes`, and `readOperators` walks it one instruction at a time.
 *
 * The one-letter locals allowed in `engine/wasm/`: `i`, `j` and `n` for loop counters and
 * counts, `b` for one byte.
 *
 * @module
 */

import type { WasmFeatures } from "../settings.ts";
import type { OpcodeRow } from "./opcodes.ts";

/** numtype ::= i32 | i64 | f32 | f64 */
export type NumType = "i32" | "i64" | "f32" | "f64";

/** vectype ::= v128 */
export type VecType = "v128";

/** reftype ::= funcref | externref */
export type RefType = "funcref" | "externref";

/** valtype ::= numtype | vectype | reftype */
export type ValType = NumType | VecType | RefType;

/** functype ::= [t1*] -> [t2*] */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** limits ::= {min u32, max u32?} */
export interface Limits {
  readonly min: number;
  readonly max: number | undefined;
}

/** memtype ::= limits (in 64 KiB pages) */
export interface MemType {
  readonly limits: Limits;
}

/** tabletype ::= limits reftype */
export interface TableType {
  readonly limits: Limits;
  readonly elemType: RefType;
}

/** globaltype ::= mut? valtype */
export interface GlobalType {
  readonly mutable: boolean;
  readonly valType: ValType;
}

/** externtype kinds, as import and export descriptors name them. */
export type ExternKind = "func" | "table" | "memory" | "global";

/** importdesc ::= func typeidx | table tabletype | mem memtype | global globaltype */
export type ImportDesc =
  | { readonly kind: "func"; readonly typeIdx: number }
  | { readonly kind: "table"; readonly tableType: TableType }
  | { readonly kind: "memory"; readonly memType: MemType }
  | { readonly kind: "global"; readonly globalType: GlobalType };

/** import ::= {module name, name name, desc importdesc} */
export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
  /** Byte offset of the import entry. */
  readonly offset: number;
}

/** export ::= {name name, desc exportdesc}; `index` is in the index space of `kind`. */
export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
  /** Byte offset of the export entry. */
  readonly offset: number;
}

/**
 * blocktype ::= typeidx | valtype?
 *
 * `undefined` is the empty type `[] -> []`, a valtype is `[] -> [t]`, a number is a typeidx.
 */
export type BlockType = ValType | number | undefined;

/**
 * One instruction as `readOperators` yields it: its opcode row, the byte offset of its first
 * opcode byte, and its immediates. Which immediate fields carry meaning depends on
 * `op.immediate` (see `ImmediateKind` in opcodes.ts). In a copy (`copyInstruction`) the others
 * hold their defaults (0, undefined or empty); in the reader's reused instruction they are stale.
 */
export interface Instruction {
  readonly op: OpcodeRow;
  readonly offset: number;
  /**
   * The main index immediate: localidx, globalidx, funcidx, labelidx (br, br_if; the default
   * label of br_table), typeidx (call_indirect), tableidx (table.get/set/size/grow/fill; the
   * destination of table.copy), elemidx (elem.drop, table.init), dataidx (memory.init,
   * data.drop), or the lane index (extract/replace lane, load/store lane).
   */
  readonly index: number;
  /** The second index: tableidx of call_indirect and table.init, source of table.copy. */
  readonly index2: number;
  /** i32.const value (signed), f32.const bits (unsigned). */
  readonly value: number;
  /** i64.const value (signed), f64.const bits (unsigned). */
  readonly value64: bigint;
  /** memarg: log2 of the alignment. */
  readonly align: number;
  /** memarg: the constant address offset (u32). */
  readonly memOffset: number;
  /** block, loop, if. */
  readonly blockType: BlockType;
  /** br_table: the label vector (without the default, which is `index`). */
  readonly labels: readonly number[];
  /** select t*: the value types; ref.null: the one reference type. */
  readonly valTypes: readonly ValType[];
  /** v128.const: the 16 bytes; i8x16.shuffle: the 16 lane indices. */
  readonly bytes: Uint8Array | undefined;
}

/**
 * A constant expression (global initialisers, segment offsets, element expressions): its
 * instructions without the final `end`. Validation checks that they are constant.
 */
export interface ConstExpr {
  readonly instrs: readonly Instruction[];
  /** Byte offset of the first instruction. */
  readonly offset: number;
}

/** A run of locals of one type, as the code section declares them. */
export interface LocalDecl {
  readonly count: number;
  readonly type: ValType;
}

/** A defined function: its type, its declared locals and where its body lies. */
export interface Func {
  readonly typeIdx: number;
  readonly locals: readonly LocalDecl[];
  /** Sum of the counts of `locals` (the parameters are not included). */
  readonly numLocals: number;
  /** Offset in `Module.bytes` of the body's first instruction. */
  readonly bodyStart: number;
  /** Offset in `Module.bytes` just past the body's final `end`. */
  readonly bodyEnd: number;
  /** Offset of the code entry (its size field). */
  readonly offset: number;
}

/** A defined table. */
export interface Table {
  readonly type: TableType;
  readonly offset: number;
}

/** A defined memory. */
export interface Mem {
  readonly type: MemType;
  readonly offset: number;
}

/** A defined global. */
export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
  readonly offset: number;
}

/** elemmode ::= passive | active {table tableidx, offset expr} | declarative */
export type ElemMode =
  | { readonly kind: "passive" }
  | { readonly kind: "active"; readonly tableIdx: number; readonly offset: ConstExpr }
  | { readonly kind: "declarative" };

/** elem ::= {type reftype, init vec(expr), mode elemmode} */
export interface Elem {
  readonly type: RefType;
  /** One constant expression per element (function indices decode as `ref.func x`). */
  readonly init: readonly ConstExpr[];
  readonly mode: ElemMode;
  /** How the binary spelled `init`: as function indices (flags 0-3) or expressions (4-7). */
  readonly encoding: "funcidx" | "expr";
  readonly offset: number;
}

/** datamode ::= passive | active {memory memidx, offset expr} */
export type DataMode =
  | { readonly kind: "passive" }
  | { readonly kind: "active"; readonly memIdx: number; readonly offset: ConstExpr };

/** data ::= {init vec(byte), mode datamode}; `init` is a view into `Module.bytes`. */
export interface Data {
  readonly init: Uint8Array;
  readonly mode: DataMode;
  readonly offset: number;
}

/** A custom section, other than a well-formed name section's decoded content. */
export interface CustomSection {
  readonly name: string;
  /** The section's payload after the name, a view into `Module.bytes`. */
  readonly bytes: Uint8Array;
  readonly offset: number;
}

/** What a name section said; a malformed name section leaves these empty. */
export interface Names {
  readonly module: string | undefined;
  /** funcidx -> name. */
  readonly funcs: ReadonlyMap<number, string>;
}

/** A decoded module: the spec's `module` record plus what the binary needed to carry. */
export interface Module {
  /** The binary the module was decoded from; function bodies are ranges of it. */
  readonly bytes: Uint8Array;
  /** The features the module was decoded under (validation checks against them too). */
  readonly features: WasmFeatures;
  readonly types: readonly FuncType[];
  readonly imports: readonly Import[];
  readonly funcs: readonly Func[];
  readonly tables: readonly Table[];
  readonly mems: readonly Mem[];
  readonly globals: readonly Global[];
  readonly exports: readonly Export[];
  readonly start: number | undefined;
  readonly elems: readonly Elem[];
  readonly datas: readonly Data[];
  /** The data count section's value, when present. */
  readonly dataCount: number | undefined;
  readonly customs: readonly CustomSection[];
  readonly names: Names;
  /** Number of imports of each kind: the first entries of each index space. */
  readonly importedFuncs: number;
  readonly importedTables: number;
  readonly importedMems: number;
  readonly importedGlobals: number;
  /** The whole function index space (imports first): each function's typeidx. */
  readonly funcTypeIdxs: readonly number[];
  /** The whole table index space (imports first). */
  readonly tableTypes: readonly TableType[];
  /** The whole memory index space (imports first). */
  readonly memTypes: readonly MemType[];
  /** The whole global index space (imports first). */
  readonly globalTypes: readonly GlobalType[];
}
