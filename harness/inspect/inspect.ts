/**
 * `inspectObject`: the golden dump of an Ingot object, made in-process from its bytes alone.
 *
 * It is `dumpObject` (engine/obj) with two hooks filled in:
 * - `describe`: the module descriptor, decoded with the layouts of engine/abi (see
 *   `_descriptor.ts`), pointers shown as `symbol+addend`, and the trap table;
 * - `disassemble`: each function decoded with the engine's own x86-64 table (see
 *   `_disassembly.ts`), with relocations and trap sites noted at their instructions.
 *
 * @module
 */

import { dumpObject, readElf } from "../../engine/obj/mod.ts";
import type { ElfObject } from "../../engine/obj/mod.ts";
import { describeModule, type TrapSite } from "./_descriptor.ts";
import { disassemblyLines, type FunctionTrap } from "./_disassembly.ts";
import { InspectError, ObjectView, type Place } from "./_object_view.ts";

/**
 * Where `code` (a view `dumpObject` hands the hook) starts: `dumpObject` passes views into the
 * bytes it was given, so the view's byte offset locates the function in its section.
 */
function placeOf(object: ElfObject, bytes: Uint8Array, code: Uint8Array): Place {
  if (code.buffer !== bytes.buffer) {
    throw new InspectError("dumpObject no longer passes views of the object: cannot place code");
  }
  const fileOffset = code.byteOffset - bytes.byteOffset;
  const section = object.sections.find((candidate) =>
    candidate.index > 0 && candidate.data.length > 0 && fileOffset >= candidate.offset &&
    fileOffset + code.length <= candidate.offset + candidate.size
  );
  if (section === undefined) throw new InspectError(`no section holds file offset ${fileOffset}`);
  return { section: section.index, offset: fileOffset - section.offset };
}

function trapsIn(sites: readonly TrapSite[], start: Place, size: number): FunctionTrap[] {
  return sites
    .filter((site) =>
      site.place.section === start.section && site.place.offset >= start.offset &&
      site.place.offset < start.offset + size
    )
    .map((site) => ({ offset: site.place.offset - start.offset, code: site.code }));
}

/**
 * The golden dump of an object: ELF header, sections, symbols, relocations, the module
 * descriptor with its trap table, and every function's annotated disassembly.
 *
 * @throws {import("../../engine/obj/mod.ts").ElfReadError} when `bytes` is not an ELF64 object.
 * @throws {InspectError} when the descriptor points outside its section.
 */
export function inspectObject(bytes: Uint8Array): string {
  const object = readElf(bytes);
  const descriptor = describeModule(new ObjectView(object));
  return dumpObject(bytes, {
    describe: () => [...descriptor.lines],
    disassemble: (code, relocations) => {
      const start = placeOf(object, bytes, code);
      return disassemblyLines(code, relocations, trapsIn(descriptor.trapSites, start, code.length));
    },
  });
}

export { InspectError };
