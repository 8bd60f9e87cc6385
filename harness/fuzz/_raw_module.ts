/**
 * The raw form of a generated module: only the plain numbers, booleans and strings fast-check
 * draws and shrinks. `buildModule` (arbitrary_module.ts) turns any raw module into a valid one.
 *
 * @module
 */

import fc from "fast-check";
import { SIMD_VALUE_TYPES } from "./_body.ts";

/** Size bounds of generated modules. */
export interface ModuleSize {
  /** Most functions defined (default 4). */
  readonly maxFuncs?: number;
  /** Most choices per body (default 64; each instruction takes a few). */
  readonly maxBodyChoices?: number;
  /**
   * The share of modules that use SIMD (v128 values and instructions), from 0 to 1
   * (default 0.4); the others keep to the non-SIMD types and instructions.
   */
  readonly simd?: number;
}

/** The default share of modules that use SIMD. */
export const DEFAULT_SIMD_SHARE = 0.4;

/** What fast-check draws for one module; see `buildModule`. */
export interface RawModule {
  readonly types: readonly { params: number[]; results: number[] }[];
  readonly imports: readonly RawImport[];
  readonly funcs: readonly { type: number; locals: number[]; body: number[] }[];
  readonly tables: readonly RawTable[];
  readonly memory: { limits: RawLimits; imported: boolean } | undefined;
  readonly globals: readonly { type: number; mutable: boolean; init: number }[];
  readonly exports: readonly { kind: number; index: number; name: string }[];
  readonly start: number | undefined;
  readonly elems: readonly RawElem[];
  readonly datas: readonly { active: boolean; offset: number; init: Uint8Array }[];
  readonly dataCountSection: boolean;
  readonly nameSection: boolean;
  /** Whether the module uses SIMD (value type choices then include v128). */
  readonly simd: boolean;
}

export interface RawLimits {
  readonly a: number;
  readonly b: number;
  readonly bounded: boolean;
}

export interface RawTable {
  readonly funcref: boolean;
  readonly limits: RawLimits;
}

export interface RawImport {
  readonly kind: number;
  readonly module: string;
  readonly name: string;
  readonly type: number;
  readonly mutable: boolean;
  readonly table: RawTable;
}

export interface RawElem {
  readonly funcref: boolean;
  readonly exprs: boolean;
  readonly mode: number;
  readonly table: number;
  readonly offset: number;
  readonly items: number[];
}

/** The most pages a memory may have (spec 3.2.4: 2^16). */
export const MAX_PAGES = 65536;
const size = fc.oneof({ weight: 3, arbitrary: fc.nat(4) }, fc.nat(MAX_PAGES), fc.nat());
const rawLimits = fc.record({ a: size, b: size, bounded: fc.boolean() });
const rawTable = fc.record({ funcref: fc.boolean(), limits: rawLimits });
/** A value type choice: an index into `valueTypes(simd)`, taken modulo its length. */
const valTypeChoice = fc.nat(SIMD_VALUE_TYPES.length - 1);

/** True for `share` of the draws, shrinking to false (a module without SIMD). */
function flagWithShare(share: number): fc.Arbitrary<boolean> {
  const percent = Math.round(Math.min(1, Math.max(0, share)) * 100);
  return fc.noBias(fc.integer({ min: 0, max: 99 })).map((n) => n >= 100 - percent);
}
const name = fc.string({ maxLength: 4 });

/** The arbitrary of raw modules (exported for tests that look at the raw form). */
export function arbitraryRawModule(options: ModuleSize = {}): fc.Arbitrary<RawModule> {
  return fc.record({
    types: fc.array(
      fc.record({
        params: fc.array(valTypeChoice, { maxLength: 3 }),
        results: fc.array(valTypeChoice, { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
    imports: fc.array(
      fc.record({
        kind: fc.nat(3),
        module: name,
        name,
        type: fc.nat(),
        mutable: fc.boolean(),
        table: rawTable,
      }),
      { maxLength: 4 },
    ),
    funcs: fc.array(
      fc.record({
        type: fc.nat(),
        locals: fc.array(valTypeChoice, { maxLength: 4 }),
        body: fc.array(fc.nat(), { maxLength: options.maxBodyChoices ?? 64, size: "max" }),
      }),
      { maxLength: options.maxFuncs ?? 4 },
    ),
    tables: fc.array(rawTable, { maxLength: 2 }),
    memory: fc.option(fc.record({ limits: rawLimits, imported: fc.boolean() }), { nil: undefined }),
    globals: fc.array(
      fc.record({ type: valTypeChoice, mutable: fc.boolean(), init: fc.nat() }),
      { maxLength: 3 },
    ),
    exports: fc.array(fc.record({ kind: fc.nat(3), index: fc.nat(), name }), { maxLength: 4 }),
    start: fc.option(fc.nat(), { nil: undefined }),
    elems: fc.array(
      fc.record({
        funcref: fc.boolean(),
        exprs: fc.boolean(),
        mode: fc.nat(2),
        table: fc.nat(),
        offset: fc.nat(),
        items: fc.array(fc.nat(), { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    datas: fc.array(
      fc.record({ active: fc.boolean(), offset: fc.nat(), init: fc.uint8Array({ maxLength: 8 }) }),
      { maxLength: 2 },
    ),
    dataCountSection: fc.boolean(),
    nameSection: fc.boolean(),
    simd: flagWithShare(options.simd ?? DEFAULT_SIMD_SHARE),
  });
}
