/**
 * The disassembly listing of golden dumps: one function's code, with function-relative offsets,
 * a hex column, labels only on jump targets, and relocations under the instruction they patch,
 * as `objdump -dr` shows them. Deterministic plain text.
 *
 * @module
 */

import { disassemble } from "./decode.ts";

/** A relocation inside the listed code; the shape of `engine/obj`'s dump relocations. */
export interface ListingRelocation {
  /** Offset from the start of the listed code. */
  readonly offset: number;
  readonly type: string;
  readonly symbol: string;
  readonly addend: number;
}

/** Options of `disassemblyListing`. */
export interface ListingOptions {
  readonly relocations?: readonly ListingRelocation[];
}

const HEX_COLUMN_WIDTH = 10 * 3;

/**
 * Lists `code` as lines such as `     7: 0f 84 05 00 00 00             je L1`; a branch to an
 * offset inside `code` names its label, and each label line (`L1:`) precedes its target.
 * Never throws: undecodable bytes list as `(bad)`.
 */
export function disassemblyListing(code: Uint8Array, options: ListingOptions = {}): string[] {
  const relocations = [...(options.relocations ?? [])].sort((a, b) => a.offset - b.offset);
  const relocated = (offset: number, length: number) =>
    relocations.filter((entry) => entry.offset >= offset && entry.offset < offset + length);
  // A branch whose displacement the linker fills (a call to a symbol) has no target here.
  const lines = disassemble(code).map((line) =>
    relocated(line.offset, line.bytes.length).length > 0 ? { ...line, target: undefined } : line
  );
  const targets = [...new Set(lines.map((line) => line.target))]
    .filter((target): target is number => target !== undefined && target >= 0)
    .filter((target) => target <= code.length)
    .sort((a, b) => a - b);
  const labelOf = new Map(targets.map((target, index) => [target, `L${index}`]));
  const out: string[] = [];
  for (const line of lines) {
    const label = labelOf.get(line.offset);
    if (label !== undefined) out.push(`${label}:`);
    const hex = [...line.bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
    const targetLabel = line.target === undefined ? undefined : labelOf.get(line.target);
    const text = targetLabel === undefined
      ? line.text
      : line.text.replace(/0x[0-9a-f]+$/, targetLabel);
    const offset = line.offset.toString(16).padStart(6);
    out.push(`${offset}: ${hex.padEnd(HEX_COLUMN_WIDTH)} ${text}`.trimEnd());
    for (const relocation of relocated(line.offset, line.bytes.length)) {
      out.push(`${"".padStart(8)}${relocation.offset.toString(16)}: ${relocationText(relocation)}`);
    }
  }
  const trailing = labelOf.get(code.length);
  if (trailing !== undefined) out.push(`${trailing}:`);
  return out;
}

function relocationText(relocation: ListingRelocation): string {
  const addend = relocation.addend === 0
    ? ""
    : relocation.addend < 0
    ? `-0x${(-relocation.addend).toString(16)}`
    : `+0x${relocation.addend.toString(16)}`;
  return `${relocation.type} ${relocation.symbol}${addend}`;
}
