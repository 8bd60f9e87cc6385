/**
 * The binutils cross-check of the golden disassembly: for every function of an object, GNU
 * `objdump -d` must split the code into the same instructions, with the same mnemonics, as the
 * engine's own decoder (`disassemble` from engine/x64). Operands are not compared: the x64
 * tests' objdump oracle already checks them row by row.
 *
 * Syntax differences normalised (both sides go through `mnemonicOf`):
 * - objdump pads the mnemonic to a column: only the first word (with any prefix words such as
 *   `rep`, `lock`, `data16`, `cs`, `notrack`, `bnd` joined to it) is compared;
 * - condition-code synonyms (`jz`/`je`, `setnae`/`setb`, `cmovnbe`/`cmova`, ...) become the
 *   name objdump prints;
 * - compare predicates objdump folds into the mnemonic (`cmpltps`, `vcmpneq_oqsd`) become the
 *   SDM mnemonic (`cmpps`, `vcmpsd`);
 * - the `nop` forms objdump spells `xchg ax,ax` (66 90) become `nop`.
 *
 * Jump tables inside a function (see `codeRegions`) are data: they are left out, and the code
 * after one is disassembled by a second objdump run that starts there, since objdump, which
 * knows nothing of the table, may lose the instruction boundaries inside it.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readElf } from "../../engine/obj/mod.ts";
import { disassemble } from "../../engine/x64/mod.ts";
import { codeRegions } from "./_disassembly.ts";
import { ELF } from "./_object_view.ts";

/** What the cross-check found for one object. */
export interface ObjdumpCheck {
  /** Instructions compared. */
  readonly instructions: number;
  /** One line per disagreement: `function+offset: ours "..." objdump "..."`. */
  readonly mismatches: readonly string[];
}

/** The decoder checked: `disassemble` from engine/x64 unless a test swaps it. */
export type Decoder = (code: Uint8Array) => readonly { offset: number; text: string }[];

/** Options of {@linkcode objdumpCrossCheck}. */
export interface ObjdumpCheckOptions {
  /** The decoder to check (default: the engine's `disassemble`). */
  readonly disassemble?: Decoder;
}

const PREFIX_WORDS = new Set([
  "rep",
  "repe",
  "repz",
  "repne",
  "repnz",
  "lock",
  "data16",
  "addr32",
  "cs",
  "ds",
  "es",
  "ss",
  "fs",
  "gs",
  "notrack",
  "bnd",
  "rex",
  "rex.w",
]);

/** SDM condition-code synonyms → the spelling objdump prints. */
const CONDITIONS: Readonly<Record<string, string>> = {
  z: "e",
  nz: "ne",
  c: "b",
  nae: "b",
  nb: "ae",
  nc: "ae",
  na: "be",
  nbe: "a",
  pe: "p",
  po: "np",
  nge: "l",
  nl: "ge",
  ng: "le",
  nle: "g",
};

/** The compared mnemonic of one instruction's text (see the module doc for what is folded). */
export function mnemonicOf(text: string): string {
  if (/^xchg\s+ax,\s*ax$/.test(text.trim())) return "nop";
  const words = text.trim().split(/\s+/);
  const prefixes: string[] = [];
  while (words.length > 1 && PREFIX_WORDS.has(words[0]!)) prefixes.push(words.shift()!);
  let mnemonic = words[0] ?? "";
  const condition = mnemonic.match(/^(j|set|cmov)([a-z]+)$/);
  if (condition !== null && CONDITIONS[condition[2]!] !== undefined) {
    mnemonic = `${condition[1]}${CONDITIONS[condition[2]!]}`;
  }
  const compare = mnemonic.match(/^(v?)cmp([a-z_]+)(ps|pd|ss|sd)$/);
  if (compare !== null && compare[2] !== "") mnemonic = `${compare[1]}cmp${compare[3]}`;
  return [...prefixes, mnemonic].join(" ");
}

/** Whether `objdump` runs here; the check is skipped (loudly, by the caller) when it does not. */
export function objdumpAvailable(): boolean {
  return spawnSync("objdump", ["--version"], { encoding: "utf8" }).status === 0;
}

/** An address range of one section, for `--start-address`/`--stop-address`. */
interface Range {
  readonly section: string;
  readonly start: number;
  readonly stop: number;
}

/** objdump's instructions by section name, then section offset (of one range, if given). */
function objdumpInstructions(file: string, range?: Range): Map<string, Map<number, string>> {
  const args = ["-d", "-w", "-M", "intel", "--no-show-raw-insn"];
  if (range !== undefined) {
    args.push(
      "-j",
      range.section,
      `--start-address=${range.start}`,
      `--stop-address=${range.stop}`,
    );
  }
  const result = spawnSync("objdump", [...args, file], { encoding: "utf8", maxBuffer: 256 << 20 });
  if (result.status !== 0) throw new Error(`objdump failed: ${result.stderr.trim()}`);
  const bySection = new Map<string, Map<number, string>>();
  let current = new Map<number, string>();
  for (const line of result.stdout.split("\n")) {
    const section = line.match(/^Disassembly of section (\S+):$/);
    if (section !== null) bySection.set(section[1]!, current = new Map());
    const instruction = line.match(/^\s*([0-9a-f]+):\t(.*)$/);
    if (instruction !== null) current.set(parseInt(instruction[1]!, 16), instruction[2]!);
  }
  return bySection;
}

/**
 * Compares the engine's disassembly of every defined function of `bytes` with objdump's.
 *
 * @throws {Error} when objdump is missing or fails (check `objdumpAvailable()` first).
 */
export function objdumpCrossCheck(
  bytes: Uint8Array,
  options: ObjdumpCheckOptions = {},
): ObjdumpCheck {
  const folder = mkdtempSync(join(tmpdir(), "ingot-inspect-"));
  try {
    const file = join(folder, "object.o");
    writeFileSync(file, bytes);
    return crossCheckFile(bytes, file, options.disassemble ?? disassemble);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function crossCheckFile(bytes: Uint8Array, file: string, decoder: Decoder): ObjdumpCheck {
  const object = readElf(bytes);
  const whole = objdumpInstructions(file);
  const mismatches: string[] = [];
  let instructions = 0;
  const functions = object.symbols.filter((symbol) =>
    symbol.type === ELF.funcType && symbol.sectionIndex !== ELF.undefinedSection &&
    symbol.sectionIndex < ELF.reservedSections
  );
  for (const symbol of functions) {
    const section = object.sections[symbol.sectionIndex]!;
    const code = section.data.subarray(symbol.value, symbol.value + symbol.size);
    const where = (offset: number) => `${symbol.name}+0x${offset.toString(16)}`;
    let afterTable = false;
    for (const region of codeRegions(code, [])) {
      if (region.kind === "table") {
        afterTable = true;
        continue;
      }
      const start = symbol.value + region.start, stop = symbol.value + region.end;
      const listing = afterTable
        ? objdumpInstructions(file, { section: section.name, start, stop }).get(section.name)
        : whole.get(section.name);
      const ours = decoder(code.subarray(region.start, region.end))
        .map((line) => ({ ...line, offset: line.offset + start }));
      instructions += ours.length;
      compareRegion(
        ours,
        listing ?? new Map(),
        { start, stop },
        (offset) => where(offset - symbol.value),
        mismatches,
      );
    }
  }
  return { instructions, mismatches };
}

/** Compares one code region's instructions (section offsets) with objdump's listing. */
function compareRegion(
  ours: readonly { readonly offset: number; readonly text: string }[],
  listing: ReadonlyMap<number, string>,
  range: { readonly start: number; readonly stop: number },
  where: (offset: number) => string,
  mismatches: string[],
): void {
  for (const line of ours) {
    const other = listing.get(line.offset);
    if (other === undefined) {
      mismatches.push(
        `${where(line.offset)}: ours "${line.text}", objdump has no instruction here`,
      );
    } else if (mnemonicOf(other) !== mnemonicOf(line.text)) {
      mismatches.push(`${where(line.offset)}: ours "${line.text}", objdump "${other.trim()}"`);
    }
  }
  const starts = new Set(ours.map((line) => line.offset));
  for (const [address, text] of listing) {
    if (address < range.start || address >= range.stop || starts.has(address)) continue;
    mismatches.push(`${where(address)}: objdump "${text.trim()}" starts inside ours`);
  }
}
