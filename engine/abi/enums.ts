/**
 * The enumerations shared by compiled code, the descriptor and the C runtime: trap codes with
 * the spec suite's messages, value types, extern kinds, constant-expression kinds and segment
 * modes. The C header's enums are generated from these tables.
 *
 * @module
 */

/** One named constant of a shared enumeration. */
export interface EnumEntry {
  /** The C name's suffix: `TRAP_UNREACHABLE` for prefix "TRAP" and name "UNREACHABLE". */
  readonly name: string;
  readonly value: number;
  /** For traps: the spec suite's exact message. */
  readonly message?: string;
}

/** A shared enumeration. */
export interface EnumDef {
  /** Prefix of every constant's C name. */
  readonly prefix: string;
  readonly doc: string;
  readonly entries: readonly EnumEntry[];
}

/** Trap codes and the spec suite's message for each. Code 0 means "no trap". */
export const TRAPS: EnumDef = {
  prefix: "INGOT_TRAP",
  doc: "Trap codes; each carries the spec suite's message.",
  entries: [
    { name: "NONE", value: 0, message: "" },
    { name: "UNREACHABLE", value: 1, message: "unreachable" },
    { name: "INT_DIV_BY_ZERO", value: 2, message: "integer divide by zero" },
    { name: "INT_OVERFLOW", value: 3, message: "integer overflow" },
    { name: "BAD_CONVERSION", value: 4, message: "invalid conversion to integer" },
    { name: "MEMORY_OOB", value: 5, message: "out of bounds memory access" },
    { name: "TABLE_OOB", value: 6, message: "out of bounds table access" },
    { name: "UNDEFINED_ELEMENT", value: 7, message: "undefined element" },
    { name: "UNINITIALIZED_ELEMENT", value: 8, message: "uninitialized element" },
    { name: "INDIRECT_TYPE_MISMATCH", value: 9, message: "indirect call type mismatch" },
    { name: "STACK_EXHAUSTED", value: 10, message: "call stack exhausted" },
  ],
};

/** Value types, coded as in the binary format. */
export const VALTYPES: EnumDef = {
  prefix: "INGOT_VALTYPE",
  doc: "Value types, with their binary-format codes.",
  entries: [
    { name: "I32", value: 0x7f },
    { name: "I64", value: 0x7e },
    { name: "F32", value: 0x7d },
    { name: "F64", value: 0x7c },
    { name: "V128", value: 0x7b },
    { name: "FUNCREF", value: 0x70 },
    { name: "EXTERNREF", value: 0x6f },
  ],
};

/** Import and export kinds, coded as in the binary format. */
export const EXTERN_KINDS: EnumDef = {
  prefix: "INGOT_EXTERN",
  doc: "Import and export kinds, with their binary-format codes.",
  entries: [
    { name: "FUNC", value: 0 },
    { name: "TABLE", value: 1 },
    { name: "MEMORY", value: 2 },
    { name: "GLOBAL", value: 3 },
  ],
};

/** Constant-expression kinds. */
export const CONST_KINDS: EnumDef = {
  prefix: "INGOT_CONST",
  doc: "Kinds of constant expression.",
  entries: [
    { name: "VALUE", value: 0 },
    { name: "GLOBAL_GET", value: 1 },
    { name: "REF_NULL", value: 2 },
    { name: "REF_FUNC", value: 3 },
  ],
};

/** Segment modes. */
export const SEGMENT_MODES: EnumDef = {
  prefix: "INGOT_SEGMENT",
  doc: "Data and element segment modes.",
  entries: [
    { name: "ACTIVE", value: 0 },
    { name: "PASSIVE", value: 1 },
    { name: "DECLARATIVE", value: 2 },
  ],
};

/** Bounds-check strategies, as recorded in the descriptor. */
export const BOUNDS_MODES: EnumDef = {
  prefix: "INGOT_BOUNDS",
  doc: "The bounds-check strategy an object was compiled with.",
  entries: [
    { name: "EXPLICIT", value: 0 },
    { name: "GUARD_PAGES", value: 1 },
  ],
};

/** Every shared enumeration, in header order. */
export const ENUMS: readonly EnumDef[] = [
  TRAPS,
  VALTYPES,
  EXTERN_KINDS,
  CONST_KINDS,
  SEGMENT_MODES,
  BOUNDS_MODES,
];

/**
 * The value of `prefix_name` in `def`.
 *
 * @throws {Error} when there is no such entry: an engine bug.
 */
export function enumValue(def: EnumDef, name: string): number {
  const entry = def.entries.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`${def.prefix} has no entry ${name}`);
  return entry.value;
}

/**
 * `def`'s values keyed by entry name in lower case, which is how Wasm spells the value types,
 * extern kinds and segment modes ("i32", "func", "active"): for lookups once per module entry.
 */
export function valuesByWasmName(def: EnumDef): ReadonlyMap<string, number> {
  return new Map(def.entries.map((entry) => [entry.name.toLowerCase(), entry.value]));
}
