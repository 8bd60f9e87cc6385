/**
 * The module-specific regions of a VM context, which follow the fixed head (`VMCTX`). Their
 * offsets depend only on the module's counts; the descriptor records them so the runtime fills
 * the same places compiled code reads.
 *
 * @module
 */

import { layoutOf, type StructDef } from "./layout.ts";
import { FUNC, VMCTX } from "./structs.ts";

/** The counts that decide a module's vmctx layout. */
export interface VmctxCounts {
  /** Functions in the index space, imported ones included. */
  readonly funcs: number;
  readonly definedFuncs: number;
  readonly types: number;
  /** Tables in the index space, imported ones included. */
  readonly tables: number;
  readonly importedGlobals: number;
  readonly definedGlobals: number;
}

/** Offsets of each region, and the whole vmctx size. */
export interface VmctxLayout {
  /** `struct ingot_func *[funcs]`: every function of the index space. */
  readonly funcRefs: number;
  /** `struct ingot_table *[tables]`. */
  readonly tables: number;
  /** `void *[importedGlobals]`: each imported global's 16-byte cell. */
  readonly globalPtrs: number;
  /** `uint32_t[types]`: canonical type ids, filled at instantiation. */
  readonly typeIds: number;
  /** 16-byte cells of the defined globals. */
  readonly globals: number;
  /** `struct ingot_func[definedFuncs]`: the records funcrefs to defined functions point to. */
  readonly funcRecords: number;
  readonly size: number;
}

/** Bytes of one global cell: room for a v128, so every global has the same stride. */
export const GLOBAL_CELL_SIZE = 16;

/** Byte size of a pointer slot in a vmctx region. */
export const POINTER_SIZE = 8;

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

function regionAfter(offset: number, struct: StructDef | number, count: number): number {
  const size = typeof struct === "number" ? struct : layoutOf(struct).size;
  return offset + size * count;
}

/** Lays out the module-specific regions after the fixed head. */
export function vmctxLayout(counts: VmctxCounts): VmctxLayout {
  const funcRefs = layoutOf(VMCTX).size;
  const tables = regionAfter(funcRefs, POINTER_SIZE, counts.funcs);
  const globalPtrs = regionAfter(tables, POINTER_SIZE, counts.tables);
  const typeIds = regionAfter(globalPtrs, POINTER_SIZE, counts.importedGlobals);
  const globals = alignUp(regionAfter(typeIds, 4, counts.types), GLOBAL_CELL_SIZE);
  const funcRecords = regionAfter(globals, GLOBAL_CELL_SIZE, counts.definedGlobals);
  const end = regionAfter(funcRecords, FUNC, counts.definedFuncs);
  return {
    funcRefs,
    tables,
    globalPtrs,
    typeIds,
    globals,
    funcRecords,
    size: alignUp(end, GLOBAL_CELL_SIZE),
  };
}
