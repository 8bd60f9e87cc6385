/**
 * One function's disassembly for the dump, decoded with the engine's own instruction table
 * (`disassemble` from `engine/x64/`): function-relative offsets, a hex column, labels only on
 * jump targets, and each relocation and trap site noted at its instruction.
 *
 * ```
 * 0000:  55                             push rbp
 * 0008:  e8 00 00 00 00                 call ingot_trap  # R_X86_64_PLT32 ingot_trap-4 @+1
 * L0:
 * 0014:  0f 85 00 00 00 00              jne L0
 * 001a:  8b 04 08                       mov eax,DWORD PTR [rax+rcx*1]  # trap MEMORY_OOB
 * ```
 *
 * @module
 */

import type { DumpRelocation } from "../../engine/obj/mod.ts";
import { decodeInstruction, disassemble, type DisassembledLine } from "../../engine/x64/mod.ts";
import { LIBCALLS, TRAPS } from "../../engine/abi/mod.ts";
import { hex, signed } from "./_object_view.ts";

/**
 * The trap libcall (noreturn, `(vmctx, u32 code)`), whose code argument travels in the second
 * System V integer argument register, `esi` (psABI §3.2.3): a call to it is noted with the trap
 * it raises when a `mov esi,imm32` sets the code shortly before.
 */
const TRAP_LIBCALL = LIBCALLS.find((libcall) =>
  libcall.noreturn === true && libcall.params.join(",") === "vmctx,u32"
)?.symbol;

/** A trap site inside one function. */
export interface FunctionTrap {
  /** Offset from the start of the function. */
  readonly offset: number;
  readonly code: string;
}

/** Width of the hex column: ten bytes, which most instructions fit; longer ones push the text. */
const HEX_COLUMN = 10 * 3 - 1;

function hexBytes(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

function covers(line: DisassembledLine, offset: number): boolean {
  return offset >= line.offset && offset < line.offset + line.bytes.length;
}

/** Labels `L0`, `L1`, ... by offset, for branch targets inside the function. */
function jumpLabels(
  lines: readonly DisassembledLine[],
  relocations: readonly DumpRelocation[],
  size: number,
  tables: ReadonlyMap<number, number>,
  regions: readonly CodeRegion[],
): Map<number, string> {
  const targets = new Set<number>(tables.values());
  for (const region of regions) if (region.kind === "table") targets.add(region.start);
  for (const line of lines) {
    if (line.target === undefined || line.target < 0 || line.target >= size) continue;
    // A relocated branch (a call to a symbol) has a placeholder target, not a real one.
    if (relocations.some((relocation) => covers(line, relocation.offset))) continue;
    targets.add(line.target);
  }
  const sorted = [...targets].sort((left, right) => left - right);
  return new Map(sorted.map((target, index) => [target, `L${index}`]));
}

/** The relocation that fills a relocated branch's rel32 (its last four bytes), if any. */
function branchRelocation(
  line: DisassembledLine,
  relocations: readonly DumpRelocation[],
): DumpRelocation | undefined {
  if (line.target === undefined) return undefined;
  const field = line.offset + line.bytes.length - 4;
  return relocations.find((relocation) => relocation.offset === field);
}

/**
 * The instruction text: an in-function branch target becomes its label, a relocated branch
 * target becomes its symbol (`call wasm_func3`), and a RIP-relative `# address` comment, which
 * means nothing before relocation, is dropped when a relocation fills the displacement.
 */
function instructionText(
  line: DisassembledLine,
  labels: ReadonlyMap<number, string>,
  relocations: readonly DumpRelocation[],
): string {
  let text = line.text;
  const relocated = relocations.some((relocation) => covers(line, relocation.offset));
  if (relocated) text = text.replace(/\s+# 0x[0-9a-f]+$/, "");
  else {
    text = text.replace(
      /\s+# 0x([0-9a-f]+)$/,
      (_, address: string) => `  # ${labels.get(parseInt(address, 16)) ?? `0x${address}`}`,
    );
  }
  if (line.target === undefined) return text;
  const target = hex(line.target);
  if (!text.endsWith(target)) return text;
  const branch = branchRelocation(line, relocations);
  const label = branch === undefined
    ? labels.get(line.target)
    : `${branch.symbol}${branch.addend === -4 ? "" : signed(branch.addend + 4)}`;
  return label === undefined ? text : `${text.slice(0, -target.length)}${label}`;
}

/** The trap a call of the trap libcall raises: the code the nearest `mov esi,imm` set. */
function raisedTrap(
  lines: readonly DisassembledLine[],
  index: number,
  relocations: readonly DumpRelocation[],
): string | undefined {
  const line = lines[index]!;
  if (TRAP_LIBCALL === undefined || branchRelocation(line, relocations)?.symbol !== TRAP_LIBCALL) {
    return undefined;
  }
  for (let back = index - 1; back >= Math.max(0, index - 3); back--) {
    const code = lines[back]!.text.match(/^mov esi,(0x[0-9a-f]+)$/);
    if (code === null) continue;
    const entry = TRAPS.entries.find((candidate) => candidate.value === Number(code[1]));
    return entry === undefined ? undefined : `raises ${entry.name}`;
  }
  return undefined;
}

/** Notes for one instruction: the relocations in its bytes, then its trap sites. */
function notes(
  line: DisassembledLine,
  relocations: readonly DumpRelocation[],
  traps: readonly FunctionTrap[],
): string[] {
  const found: string[] = [];
  for (const relocation of relocations) {
    if (!covers(line, relocation.offset)) continue;
    const at = relocation.offset - line.offset;
    found.push(`${relocation.type} ${relocation.symbol}${signed(relocation.addend)} @+${at}`);
  }
  for (const trap of traps) {
    if (!covers(line, trap.offset)) continue;
    const at = trap.offset - line.offset;
    found.push(at === 0 ? `trap ${trap.code}` : `trap ${trap.code} @+${at}`);
  }
  return found;
}

/**
 * A stretch of a function: instructions, or a jump table (`br_table`'s entries, each the
 * 32-bit distance from the table to a case, as `Assembler.labelAddressTable` lays them out).
 */
export type CodeRegion =
  | { readonly kind: "code"; readonly start: number; readonly end: number }
  | { readonly kind: "table"; readonly start: number; readonly end: number };

/**
 * The first jump table at or after `from`: the target of a RIP-relative `lea` that no
 * relocation fills and that points forward inside the function. Decoding stops at the
 * nearest such target, since past it the bytes may be data.
 */
function nextTableStart(
  code: Uint8Array,
  relocations: readonly DumpRelocation[],
  from: number,
): number | undefined {
  let nearest: number | undefined;
  for (let offset = from; offset < (nearest ?? code.length);) {
    const inst = decodeInstruction(code, offset);
    const length = inst?.length ?? 1;
    const memory = inst?.operands.find((operand) => operand.kind === "mem");
    const relocated = relocations.some((r) => r.offset >= offset && r.offset < offset + length);
    if (inst?.row.mnemonic === "lea" && memory?.kind === "mem" && memory.rip && !relocated) {
      const target = offset + length + memory.disp;
      if (target >= offset + length && target < code.length) {
        nearest = Math.min(nearest ?? target, target);
      }
    }
    offset += length;
  }
  return nearest;
}

/** The end of the jump table at `start`: entries run until the first case they point to. */
function tableEnd(code: Uint8Array, start: number): number {
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  let limit = code.length;
  let cursor = start;
  while (cursor + 4 <= Math.min(limit, code.length)) {
    const target = start + view.getInt32(cursor, true);
    if (target < 0 || target >= code.length) break;
    if (target > start) limit = Math.min(limit, target);
    cursor += 4;
  }
  return cursor;
}

/** The function split into instructions and jump tables. */
export function codeRegions(
  code: Uint8Array,
  relocations: readonly DumpRelocation[],
): CodeRegion[] {
  const regions: CodeRegion[] = [];
  let at = 0;
  while (at < code.length) {
    const start = nextTableStart(code, relocations, at);
    const end = start === undefined ? start : tableEnd(code, start);
    if (start === undefined || end === undefined || end === start) {
      regions.push({ kind: "code", start: at, end: code.length });
      break;
    }
    if (start > at) regions.push({ kind: "code", start: at, end: start });
    regions.push({ kind: "table", start, end });
    at = end;
  }
  return regions;
}

/** The instructions of the code regions, with function-relative offsets and targets. */
function decodeRegions(code: Uint8Array, regions: readonly CodeRegion[]): DisassembledLine[] {
  return regions.filter((region) => region.kind === "code").flatMap((region) =>
    disassemble(code.subarray(region.start, region.end), { baseAddress: region.start })
      .map((line) => ({ ...line, offset: line.offset + region.start }))
  );
}

/** The entries of the jump tables, as `offset -> target`. */
function tableEntries(code: Uint8Array, regions: readonly CodeRegion[]): Map<number, number> {
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  const entries = new Map<number, number>();
  for (const region of regions) {
    if (region.kind !== "table") continue;
    for (let at = region.start; at < region.end; at += 4) {
      entries.set(at, region.start + view.getInt32(at, true));
    }
  }
  return entries;
}

/** The disassembly lines of one function (without indentation). */
export function disassemblyLines(
  code: Uint8Array,
  relocations: readonly DumpRelocation[],
  traps: readonly FunctionTrap[],
): string[] {
  const regions = codeRegions(code, relocations);
  const lines = decodeRegions(code, regions);
  const tables = tableEntries(code, regions);
  const labels = jumpLabels(lines, relocations, code.length, tables, regions);
  const rows = [
    ...lines.map((line) => ({ offset: line.offset, line })),
    ...[...tables.keys()].map((offset) => ({ offset, line: undefined })),
  ].sort((left, right) => left.offset - right.offset);
  const out: string[] = [];
  for (const { offset, line } of rows) {
    const label = labels.get(offset);
    if (label !== undefined) out.push(`${label}:`);
    const at = offset.toString(16).padStart(4, "0");
    if (line === undefined) {
      const bytes = hexBytes(code.subarray(offset, offset + 4)).padEnd(HEX_COLUMN);
      const table = regions.find((region) => offset >= region.start && offset < region.end)!;
      out.push(
        `${at}:  ${bytes}  .long ${labels.get(tables.get(offset)!)}-${labels.get(table.start)}`,
      );
      continue;
    }
    const found = notes(line, relocations, traps);
    const raised = raisedTrap(lines, lines.indexOf(line), relocations);
    if (raised !== undefined) found.push(raised);
    const text = instructionText(line, labels, relocations);
    const comment = found.length === 0 ? "" : `  # ${found.join("; ")}`;
    out.push(`${at}:  ${hexBytes(line.bytes).padEnd(HEX_COLUMN)}  ${text}${comment}`);
  }
  const outside = traps.filter((trap) => !lines.some((line) => covers(line, trap.offset)));
  for (const trap of outside) {
    out.push(`# trap ${trap.code} at ${hex(trap.offset)}: not at an instruction`);
  }
  return out;
}
