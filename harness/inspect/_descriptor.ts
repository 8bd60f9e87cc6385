/**
 * The module descriptor (`<prefix>module`, DESIGN.md "The ABI") decoded from an object's bytes
 * with the struct layouts of `engine/abi/`: every offset comes from `layoutOf`/`offsetOf`, and
 * every pointer is shown as the relocation that fills it (`symbol+addend`), then followed to
 * print the array it points to.
 *
 * @module
 */

import {
  BOUNDS_MODES,
  CONST_EXPR,
  CONST_KINDS,
  DATA_DESC,
  ELEM_DESC,
  type EnumDef,
  EXPORT_DESC,
  EXTERN_KINDS,
  type FieldDef,
  FUNC_DESC,
  FUNCTYPE_DESC,
  GLOBAL_DESC,
  IMPORT_DESC,
  layoutOf,
  MEMORY_DESC,
  MODULE_DESC,
  MODULE_MAGIC,
  offsetOf,
  SEGMENT_MODES,
  sizeOfType,
  type StructDef,
  TABLE_DESC,
  TRAP_SITE,
  TRAPS,
  VALTYPES,
} from "../../engine/abi/mod.ts";
import { InternalError } from "../../engine/errors.ts";
import type { ElfSymbol } from "../../engine/obj/mod.ts";
import { ELF, hex, type ObjectView, type Place, quoted } from "./_object_view.ts";

/** One trap site, resolved to a place in the code. */
export interface TrapSite {
  readonly place: Place;
  /** The trap code's name, such as `MEMORY_OOB`. */
  readonly code: string;
  /** The spec's message for it. */
  readonly message: string;
}

/** What the descriptor says, as dump lines plus the trap table for the disassembly. */
export interface Descriptor {
  readonly lines: readonly string[];
  readonly trapSites: readonly TrapSite[];
}

/** Arrays the module descriptor points to: pointer field, element struct, element count. */
const ARRAYS: readonly {
  readonly pointer: string;
  readonly struct: StructDef;
  readonly count: (field: (name: string) => number) => number;
}[] = [
  { pointer: "types", struct: FUNCTYPE_DESC, count: (field) => field("num_types") },
  { pointer: "imports", struct: IMPORT_DESC, count: (field) => field("num_imports") },
  { pointer: "exports", struct: EXPORT_DESC, count: (field) => field("num_exports") },
  {
    pointer: "funcs",
    struct: FUNC_DESC,
    count: (field) => field("num_funcs") - field("num_imported_funcs"),
  },
  { pointer: "tables", struct: TABLE_DESC, count: (field) => field("num_tables") },
  { pointer: "memories", struct: MEMORY_DESC, count: (field) => field("num_memories") },
  { pointer: "globals", struct: GLOBAL_DESC, count: (field) => field("num_globals") },
  { pointer: "datas", struct: DATA_DESC, count: (field) => field("num_datas") },
  { pointer: "elems", struct: ELEM_DESC, count: (field) => field("num_elems") },
  { pointer: "trap_sites", struct: TRAP_SITE, count: (field) => field("num_trap_sites") },
];

/** Scalar fields shown by the name of an enumeration constant, keyed `struct.field`. */
const ENUM_FIELDS: ReadonlyMap<string, EnumDef> = new Map([
  ["ingot_module_desc.bounds_checks", BOUNDS_MODES],
  ["ingot_import_desc.kind", EXTERN_KINDS],
  ["ingot_export_desc.kind", EXTERN_KINDS],
  ["ingot_table_desc.elem_type", VALTYPES],
  ["ingot_global_desc.type", VALTYPES],
  ["ingot_data_desc.mode", SEGMENT_MODES],
  ["ingot_elem_desc.mode", SEGMENT_MODES],
  ["ingot_elem_desc.elem_type", VALTYPES],
  ["ingot_trap_site.code", TRAPS],
]);

/** Pointer fields shown as the counted data they point to: element kind and length field. */
const COUNTED_FIELDS: ReadonlyMap<
  string,
  { readonly element: "char" | "byte" | "valtype" | StructDef; readonly length: string[] }
> = new Map([
  ["ingot_functype_desc.types", { element: "valtype", length: ["num_params", "num_results"] }],
  ["ingot_import_desc.module", { element: "char", length: ["module_len"] }],
  ["ingot_import_desc.name", { element: "char", length: ["name_len"] }],
  ["ingot_export_desc.name", { element: "char", length: ["name_len"] }],
  ["ingot_data_desc.bytes", { element: "byte", length: ["length"] }],
  ["ingot_elem_desc.items", { element: CONST_EXPR, length: ["count"] }],
]);

/** Data bytes shown at most, so a large segment does not swamp the dump. */
const MAX_DATA_BYTES = 64;

function enumName(def: EnumDef, value: number): string {
  return def.entries.find((entry) => entry.value === value)?.name ?? `${value}?`;
}

function fieldPlace(base: Place, struct: StructDef, field: FieldDef): Place {
  return { section: base.section, offset: base.offset + offsetOf(struct, field.name) };
}

function scalar(view: ObjectView, base: Place, struct: StructDef, name: string): number {
  const field = fieldOf(struct, name);
  const what = `${struct.name}.${name}`;
  return view.unsigned(fieldPlace(base, struct, field), sizeOfType(field.type), what);
}

/** A constant expression in the text format's words: `value 0x2a`, `global.get 0`, `ref.func 3`. */
function constExprText(view: ObjectView, base: Place): string {
  const kind = enumName(CONST_KINDS, scalar(view, base, CONST_EXPR, "kind"));
  const index = scalar(view, base, CONST_EXPR, "index");
  const value = { section: base.section, offset: base.offset + offsetOf(CONST_EXPR, "value") };
  const low = view.u64(value, "const_expr.value");
  const high = view.u64({ ...value, offset: value.offset + 8 }, "const_expr.value");
  if (kind === "VALUE") return high === 0n ? `value ${hex(low)}` : `value ${hex(low)} ${hex(high)}`;
  if (kind === "GLOBAL_GET") return `global.get ${index}`;
  if (kind === "REF_FUNC") return `ref.func ${index}`;
  if (kind === "REF_NULL") return "ref.null";
  return `kind=${kind} index=${index}`;
}

/** A function type as `(params) -> (results)`. */
function functypeText(view: ObjectView, base: Place): string {
  const params = scalar(view, base, FUNCTYPE_DESC, "num_params");
  const field = fieldOf(FUNCTYPE_DESC, "types");
  const types = countedText(view, base, FUNCTYPE_DESC, field);
  if (!types.startsWith("[") && types !== "none") return `${params} params, types ${types}`;
  const names = types === "none" ? [] : types.slice(1, -1).split(" ");
  return `(${names.slice(0, params).join(" ")}) -> (${names.slice(params).join(" ")})`;
}

/** A counted pointer field's contents, or the pointer itself when it cannot be followed. */
function countedText(
  view: ObjectView,
  base: Place,
  struct: StructDef,
  field: FieldDef,
): string {
  const spec = COUNTED_FIELDS.get(`${struct.name}.${field.name}`)!;
  const length = spec.length.reduce((sum, name) => sum + scalar(view, base, struct, name), 0);
  const pointer = view.pointer(fieldPlace(base, struct, field), `${struct.name}.${field.name}`);
  if (length === 0) return pointer.text === "null" ? "none" : `none (-> ${pointer.text})`;
  if (pointer.place === undefined) return `-> ${pointer.text}`;
  const element = spec.element;
  if (typeof element !== "string") {
    const size = layoutOf(element).size;
    const items = Array.from(
      { length },
      (_, at) =>
        constExprText(view, { ...pointer.place!, offset: pointer.place!.offset + at * size }),
    );
    return `[${items.join(", ")}]`;
  }
  const shown = element === "byte" ? Math.min(length, MAX_DATA_BYTES) : length;
  const bytes = view.bytes(pointer.place, shown, `${struct.name}.${field.name}`);
  if (element === "char") return quoted(bytes);
  if (element === "byte") {
    const text = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    return length > shown ? `${text}... (${length} bytes)` : text;
  }
  return `[${[...bytes].map((code) => enumName(VALTYPES, code).toLowerCase()).join(" ")}]`;
}

/** One struct instance as `field=value` words (length fields of counted data left out). */
function structText(view: ObjectView, base: Place, struct: StructDef): string {
  if (struct === FUNCTYPE_DESC) return functypeText(view, base);
  const lengths = new Set(
    [...COUNTED_FIELDS].filter(([key]) => key.startsWith(`${struct.name}.`))
      .flatMap(([, spec]) => spec.length),
  );
  const words: string[] = [];
  for (const field of struct.fields) {
    if (lengths.has(field.name)) continue;
    const place = fieldPlace(base, struct, field);
    const key = `${struct.name}.${field.name}`;
    let value: string;
    if (field.struct === CONST_EXPR) value = constExprText(view, place);
    else if (field.type === "struct") value = `{${structText(view, place, field.struct!)}}`;
    else if (COUNTED_FIELDS.has(key)) value = countedText(view, base, struct, field);
    else if (field.type === "ptr") value = view.pointer(place, key).text;
    else {
      const number = view.unsigned(place, sizeOfType(field.type), key);
      const names = ENUM_FIELDS.get(key);
      value = names === undefined ? String(number) : enumName(names, number);
    }
    words.push(`${field.name}=${value}`);
  }
  return words.join(" ");
}

/** The global descriptor symbol: a defined global object starting with `MODULE_MAGIC`. */
function findDescriptor(view: ObjectView): ElfSymbol | undefined {
  return view.object.symbols.find((symbol) => {
    if (symbol.binding !== ELF.globalBinding || !symbol.name.endsWith("module")) return false;
    if (symbol.sectionIndex === ELF.undefinedSection) return false;
    if (symbol.sectionIndex >= ELF.reservedSections) return false;
    const place = { section: symbol.sectionIndex, offset: symbol.value };
    const magicOffset = offsetOf(MODULE_DESC, "magic");
    try {
      return view.unsigned({ ...place, offset: place.offset + magicOffset }, 4, "magic") ===
        MODULE_MAGIC;
    } catch {
      return false;
    }
  });
}

/** Scalar and plain pointer fields of the module descriptor, one per line. */
function headLines(view: ObjectView, base: Place): string[] {
  const arrays = new Set(ARRAYS.map((array) => array.pointer));
  const rows: [string, string][] = [];
  for (const field of MODULE_DESC.fields) {
    if (arrays.has(field.name)) continue;
    const place = fieldPlace(base, MODULE_DESC, field);
    const key = `${MODULE_DESC.name}.${field.name}`;
    if (field.type === "ptr") {
      rows.push([field.name, `-> ${view.pointer(place, key).text}`]);
      continue;
    }
    const number = view.unsigned(place, sizeOfType(field.type), key);
    const names = ENUM_FIELDS.get(key);
    const shown = names !== undefined
      ? enumName(names, number)
      : field.name === "magic"
      ? hex(number)
      : field.name === "start_func" && number === 0xffffffff
      ? "none"
      : String(number);
    rows.push([field.name, shown]);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`);
}

/** The trap table resolved against `text_start`. */
function trapSites(view: ObjectView, base: Place, count: number, table: Place): TrapSite[] {
  const start = view.pointer(
    fieldPlace(base, MODULE_DESC, fieldOf(MODULE_DESC, "text_start")),
    "text_start",
  );
  const size = layoutOf(TRAP_SITE).size;
  return Array.from({ length: count }, (_, at) => {
    const site = { ...table, offset: table.offset + at * size };
    const code = scalar(view, site, TRAP_SITE, "code");
    const entry = TRAPS.entries.find((candidate) => candidate.value === code);
    const offset = scalar(view, site, TRAP_SITE, "offset");
    return {
      place: start.place === undefined
        ? { section: -1, offset }
        : { section: start.place.section, offset: start.place.offset + offset },
      code: entry?.name ?? `${code}?`,
      message: entry?.message ?? "unknown trap code",
    };
  });
}

function fieldOf(struct: StructDef, name: string): FieldDef {
  const field = struct.fields.find((candidate) => candidate.name === name);
  if (field === undefined) throw new InternalError(`${struct.name} has no field ${name}`);
  return field;
}

/**
 * The descriptor of the object, decoded; `lines` is empty-titled when there is none.
 *
 * @throws {InspectError} when a descriptor field points outside its section.
 */
export function describeModule(view: ObjectView): Descriptor {
  const symbol = findDescriptor(view);
  if (symbol === undefined) {
    return {
      lines: ["Module descriptor: none (no global symbol *module with MODULE_MAGIC)"],
      trapSites: [],
    };
  }
  const base = { section: symbol.sectionIndex, offset: symbol.value };
  const section = view.object.sections[symbol.sectionIndex]?.name ?? "?";
  const lines = [
    `Module descriptor ${symbol.name} (${section}+${hex(symbol.value)}, ` +
    `${layoutOf(MODULE_DESC).size} bytes):`,
    ...headLines(view, base),
  ];
  let sites: TrapSite[] = [];
  const count = (name: string) => scalar(view, base, MODULE_DESC, name);
  for (const array of ARRAYS) {
    const length = array.count(count);
    const pointer = view.pointer(
      fieldPlace(base, MODULE_DESC, fieldOf(MODULE_DESC, array.pointer)),
      array.pointer,
    );
    lines.push(`  ${array.pointer} (${length}) -> ${pointer.text}`);
    if (pointer.place === undefined || length <= 0) continue;
    const size = layoutOf(array.struct).size;
    for (let at = 0; at < length; at++) {
      const element = { ...pointer.place, offset: pointer.place.offset + at * size };
      lines.push(`    [${at}] ${structText(view, element, array.struct)}`);
    }
    if (array.struct === TRAP_SITE) sites = trapSites(view, base, length, pointer.place);
  }
  return { lines, trapSites: sites };
}
