/**
 * The object inspector behind `deno task golden` and `ingot inspect`: the golden dump of an
 * Ingot object (System V gABI ch. 4 for the ELF parts; Intel SDM Vol. 2 for the disassembly;
 * DESIGN.md "The ABI" for the module descriptor), the binutils cross-check of its disassembly,
 * and the line diff that shows a golden mismatch.
 *
 * - {@linkcode inspectObject} renders the dump (STYLE rule 22's order).
 * - {@linkcode objdumpCrossCheck} compares instruction boundaries and mnemonics with objdump.
 * - {@linkcode unifiedDiff} prints a mismatch as `diff -u` would.
 *
 * @module
 */

export { InspectError, inspectObject } from "./inspect.ts";
export { objdumpAvailable, type ObjdumpCheck, objdumpCrossCheck } from "./objdump_check.ts";
export { diffLines, type DiffOp, unifiedDiff, type UnifiedDiffOptions } from "./line_diff.ts";
