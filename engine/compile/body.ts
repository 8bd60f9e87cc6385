/**
 * The operator loop of one function body: every instruction goes to its family's lowering
 * (control, call, parametric and variable, numeric, memory, table, reference, vector), through one
 * dispatch array indexed by the opcode row's id. Unreachable code is skipped, tracking only
 * block nesting, as Liftoff does.
 *
 * @module
 */

import { UnsupportedError } from "../errors.ts";
import { opcode, OPCODES } from "../wasm/opcodes.ts";
import type { InstructionReader } from "../wasm/operators.ts";
import { CALL_LOWERINGS } from "./call.ts";
import { CONTROL_LOWERINGS, lowerElse, lowerEnd, openFunction } from "./control.ts";
import type { FuncCompiler, Lowering } from "./func_compiler.ts";
import { MEMORY_LOWERINGS } from "./memory.ts";
import { NUMERIC_LOWERINGS } from "./numeric.ts";
import { REFERENCE_LOWERINGS } from "./reference.ts";
import { SIMD_LOWERINGS } from "./simd.ts";
import { SIMD_MEMORY_LOWERINGS } from "./simd_memory.ts";
import { TABLE_LOWERINGS } from "./table.ts";
import { VARIABLE_LOWERINGS } from "./variable.ts";

const FAMILIES: readonly ReadonlyMap<string, Lowering>[] = [
  CONTROL_LOWERINGS,
  CALL_LOWERINGS,
  VARIABLE_LOWERINGS,
  NUMERIC_LOWERINGS,
  MEMORY_LOWERINGS,
  TABLE_LOWERINGS,
  REFERENCE_LOWERINGS,
  SIMD_LOWERINGS,
  SIMD_MEMORY_LOWERINGS,
];

/** Lowering of each opcode row, by row id. */
const DISPATCH: readonly (Lowering | undefined)[] = OPCODES.map((row) => {
  for (const family of FAMILIES) {
    const lowering = family.get(row.mnemonic);
    if (lowering !== undefined) return lowering;
  }
  return undefined;
});

const BLOCK = opcode("block").id;
const LOOP = opcode("loop").id;
const IF = opcode("if").id;
const ELSE = opcode("else").id;
const END = opcode("end").id;

/**
 * Lowers every instruction of the body `reader` walks.
 *
 * @throws {UnsupportedError} for an instruction without a lowering (none in WebAssembly 2.0),
 *   and for vector instructions when SSSE3 is off.
 */
export function lowerBody(fc: FuncCompiler, reader: InstructionReader): void {
  openFunction(fc);
  let deadDepth = 0;
  // (`read` rather than the iterator: no result object per instruction.)
  for (let instr = reader.read(); instr !== undefined; instr = reader.read()) {
    const id = instr.op.id;
    if (id === END) {
      if (deadDepth > 0) deadDepth--;
      else lowerEnd(fc);
    } else if (id === ELSE) {
      if (deadDepth === 0) lowerElse(fc);
    } else if (!fc.reachable) {
      if (id === BLOCK || id === LOOP || id === IF) deadDepth++;
    } else {
      const lowering = DISPATCH[id];
      if (lowering === undefined) {
        throw new UnsupportedError(instr.op.prefix === 0xfd ? "simd" : instr.op.mnemonic, {
          offset: instr.offset,
        });
      }
      if (instr.op.prefix === 0xfd && !fc.ctx.settings.cpuFeatures.ssse3) {
        // The vector sequences assume SSSE3 (PSHUFB, PABS*, PMADDUBSW, PMULHRSW).
        throw new UnsupportedError("simd", { offset: instr.offset, detail: "needs SSSE3" });
      }
      lowering(fc, instr);
    }
  }
}
