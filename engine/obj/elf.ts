/**
 * The ELF64 relocatable object writer (System V gABI ch. 4; AMD64 psABI §4).
 *
 * Layout, always the same for the same description (no timestamps, no host data):
 * - the ELF header;
 * - the contents of the described sections, in description order, each at its alignment
 *   (`nobits` sections take no file space);
 * - an empty `.note.GNU-stack` (no `SHF_EXECINSTR`: the program's stack is not executable);
 * - one `.rela<name>` per section that has relocations (sorted by offset), in section order;
 * - `.symtab` (order documented in `_plan.ts`), `.strtab`, `.shstrtab`;
 * - the section header table, 8-byte aligned, in that same order.
 *
 * @module
 */

import { ByteWriter, StringTable } from "./_bytes.ts";
import { type ObjectPlan, type PlannedSection, planObject } from "./_plan.ts";
import { InternalError } from "../errors.ts";
import { ELF64, flagBits, IDENT, rowByName, SECTION_TYPES } from "./_tables.ts";
import type { ObjectDescription, WriteElfOptions } from "./types.ts";

/** One section header's fields plus its contents, before file offsets are known. */
interface OutputSection {
  readonly name: string;
  readonly type: string;
  readonly flags: number;
  /** Contents written to the file (empty for `nobits`). */
  readonly contents: Uint8Array;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly align: number;
  readonly entsize: number;
}

/**
 * Writes `description` as an ELF64 x86-64 relocatable object.
 *
 * @throws {InternalError} when the description is invalid: an unknown or duplicate section, a
 *   duplicate global symbol, a symbol or relocation outside its section, an unknown symbol, or
 *   (unless `positionIndependent` is false) an absolute relocation in read-only code or data.
 */
export function writeElf(
  description: ObjectDescription,
  options: WriteElfOptions = {},
): Uint8Array {
  const plan = planObject(description, {
    positionIndependent: options.positionIndependent ?? true,
  });
  const sections = outputSections(plan);
  const names = new StringTable();
  const nameOffsets = [
    ...sections.map((section) => names.add(section.name)),
    names.add(".shstrtab"),
  ];
  const shstrtab = names.finish();
  const all: OutputSection[] = [
    ...sections,
    { ...blank(".shstrtab", "strtab"), contents: shstrtab, size: shstrtab.length },
  ];

  // Lay the file out first, so it is written into one buffer of its exact size.
  const layout = fileLayout(all);
  const file = new ByteWriter(layout.size);
  writeHeader(file, { shoff: layout.shoff, shnum: all.length, shstrndx: all.length - 1 });
  for (const section of all) {
    if (section.type === "null") continue;
    file.alignTo(section.align);
    file.bytes(section.contents);
  }
  file.alignTo(8);
  all.forEach((section, at) =>
    writeSectionHeader(file, section, nameOffsets[at]!, layout.offsets[at]!)
  );
  if (file.length !== layout.size) {
    throw new InternalError(`writeElf: wrote ${file.length} bytes of a ${layout.size}-byte layout`);
  }
  return file.finish();
}

/** File offsets of the sections' contents (0 for the null section), of the headers, and the size. */
function fileLayout(all: readonly OutputSection[]) {
  let end: number = ELF64.headerSize;
  const offsets = all.map((section) => {
    if (section.type === "null") return 0;
    end = alignUp(end, section.align);
    const offset = end;
    end += section.contents.length;
    return offset;
  });
  const shoff = alignUp(end, 8);
  return { offsets, shoff, size: shoff + all.length * ELF64.sectionHeaderSize };
}

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** All section headers but `.shstrtab`, in file order. */
function outputSections(plan: ObjectPlan): OutputSection[] {
  const userCount = plan.sections.length;
  const relocated = plan.sections.filter((section) => section.relocationCount > 0);
  const symtabIndex = userCount + 2 + relocated.length;
  const { symtab, strtab } = symbolTables(plan);
  return [
    { ...blank("", "null"), align: 0 },
    ...plan.sections.map(described),
    blank(".note.GNU-stack", "progbits"),
    ...relocated.map((section) => rela(section, symtabIndex)),
    {
      ...blank(".symtab", "symtab"),
      contents: symtab,
      size: symtab.length,
      link: symtabIndex + 1,
      info: plan.firstGlobal,
      align: 8,
      entsize: ELF64.symbolSize,
    },
    { ...blank(".strtab", "strtab"), contents: strtab, size: strtab.length },
  ];
}

function blank(name: string, type: string): OutputSection {
  const contents = new Uint8Array(0);
  return { name, type, flags: 0, contents, size: 0, link: 0, info: 0, align: 1, entsize: 0 };
}

function described(section: PlannedSection): OutputSection {
  const { description } = section;
  return {
    name: description.name,
    type: section.type,
    flags: section.flags,
    contents: section.type === "nobits" ? new Uint8Array(0) : description.data,
    size: section.size,
    link: 0,
    info: 0,
    align: description.align,
    entsize: description.entsize ?? 0,
  };
}

/** The `.rela<name>` section of `section`. */
function rela(section: PlannedSection, symtabIndex: number): OutputSection {
  const contents = section.rela;
  return {
    name: `.rela${section.description.name}`,
    type: "rela",
    flags: flagBits(["info_link"]),
    contents,
    size: contents.length,
    link: symtabIndex,
    info: section.index,
    align: 8,
    entsize: ELF64.relaSize,
  };
}

/** The `.symtab` entries and the `.strtab` they name. */
function symbolTables(plan: ObjectPlan): { symtab: Uint8Array; strtab: Uint8Array } {
  const strings = new StringTable(plan.symbols.length * 16);
  const table = new ByteWriter(plan.symbols.length * ELF64.symbolSize);
  for (const symbol of plan.symbols) {
    const { name } = symbol;
    // Section symbols are nameless; other names are distinct unless the plan says otherwise.
    table.u32(name === "" ? 0 : plan.sharedNames ? strings.add(name) : strings.append(name));
    table.u8((symbol.binding << 4) | symbol.type);
    table.u8(symbol.visibility);
    table.u16(symbol.sectionIndex);
    table.u64(symbol.value);
    table.u64(symbol.size);
  }
  return { symtab: table.finish(), strtab: strings.finish() };
}

function writeHeader(
  file: ByteWriter,
  fields: { shoff: number; shnum: number; shstrndx: number },
): void {
  for (const byte of IDENT.magic) file.u8(byte);
  file.u8(IDENT.classElf64);
  file.u8(IDENT.dataLittleEndian);
  file.u8(IDENT.versionCurrent);
  file.u8(IDENT.osabiSysv);
  while (file.length < 16) file.u8(0); // EI_ABIVERSION and padding
  file.u16(IDENT.typeRel);
  file.u16(IDENT.machineX8664);
  file.u32(IDENT.versionCurrent);
  file.u64(0); // e_entry
  file.u64(0); // e_phoff
  file.u64(fields.shoff);
  file.u32(0); // e_flags
  file.u16(ELF64.headerSize);
  file.u16(0); // e_phentsize
  file.u16(0); // e_phnum
  file.u16(ELF64.sectionHeaderSize);
  file.u16(fields.shnum);
  file.u16(fields.shstrndx);
}

function writeSectionHeader(
  file: ByteWriter,
  section: OutputSection,
  name: number,
  offset: number,
): void {
  file.u32(name);
  file.u32(rowByName(SECTION_TYPES, section.type)?.code ?? 0);
  file.u64(section.flags);
  file.u64(0); // sh_addr
  file.u64(offset);
  file.u64(section.size);
  file.u32(section.link);
  file.u32(section.info);
  file.u64(section.align);
  file.u64(section.entsize);
}
