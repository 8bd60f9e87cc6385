/**
 * A small ELF64 little-endian reader: header, section headers, symbols and `SHT_RELA`
 * relocations (System V gABI ch. 4). It reads any such object, not only ours, and every read
 * is bounds-checked: bad bytes throw `ElfReadError`, never a `RangeError`.
 *
 * @module
 */

import { ELF64, IDENT, SECTION_TYPES } from "./_tables.ts";

/** Bytes that are not a readable ELF64 little-endian object. */
export class ElfReadError extends Error {
  /** File offset where reading failed. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at file offset ${offset}`);
    this.name = "ElfReadError";
    this.offset = offset;
  }
}

/** The ELF header fields (numbers as stored). */
export interface ElfHeader {
  readonly osabi: number;
  /** `e_type`: 1 for a relocatable object. */
  readonly type: number;
  /** `e_machine`: 62 for x86-64. */
  readonly machine: number;
  readonly version: number;
  readonly entry: number;
  readonly flags: number;
  readonly sectionHeaderOffset: number;
  readonly sectionCount: number;
  readonly sectionNameIndex: number;
}

/** One section header, with its name and contents resolved. */
export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly align: number;
  readonly entsize: number;
  /** The contents (empty for `SHT_NOBITS` and `SHT_NULL`). */
  readonly data: Uint8Array;
}

/** One symbol of `.symtab`. */
export interface ElfSymbol {
  readonly index: number;
  readonly name: string;
  /** STB_* value. */
  readonly binding: number;
  /** STT_* value. */
  readonly type: number;
  /** STV_* value. */
  readonly visibility: number;
  /** `st_shndx`. */
  readonly sectionIndex: number;
  readonly value: number;
  readonly size: number;
}

/** One `Elf64_Rela` entry. */
export interface ElfRelocation {
  readonly offset: number;
  /** R_X86_64_* value. */
  readonly type: number;
  readonly symbolIndex: number;
  readonly addend: number;
}

/** The relocations one `SHT_RELA` section applies to its target section. */
export interface ElfRelocationSection {
  /** Index of the `SHT_RELA` section. */
  readonly relaIndex: number;
  /** Index of the section it patches (`sh_info`). */
  readonly targetIndex: number;
  readonly entries: readonly ElfRelocation[];
}

/** A parsed object. */
export interface ElfObject {
  readonly header: ElfHeader;
  readonly sections: readonly ElfSection[];
  /** The symbols of the first `SHT_SYMTAB`, by index (empty if there is none). */
  readonly symbols: readonly ElfSymbol[];
  readonly relocations: readonly ElfRelocationSection[];
}

const TYPE_CODE = (name: string) => SECTION_TYPES.find((row) => row.name === name)?.code ?? -1;
const SHT_NULL = TYPE_CODE("null"), SHT_NOBITS = TYPE_CODE("nobits");
const SHT_SYMTAB = TYPE_CODE("symtab"), SHT_RELA = TYPE_CODE("rela");

/** Bounds-checked little-endian reads over the file. */
class FileView {
  readonly bytes: Uint8Array;
  readonly #view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  check(offset: number, length: number, what: string): void {
    if (offset < 0 || length < 0 || offset + length > this.bytes.length) {
      throw new ElfReadError(`${what} (${length} bytes) runs past the end of the file`, offset);
    }
  }

  u8(offset: number): number {
    this.check(offset, 1, "field");
    return this.#view.getUint8(offset);
  }

  u16(offset: number): number {
    this.check(offset, 2, "field");
    return this.#view.getUint16(offset, true);
  }

  u32(offset: number): number {
    this.check(offset, 4, "field");
    return this.#view.getUint32(offset, true);
  }

  /** An unsigned 64-bit field, which must fit a safe integer. */
  u64(offset: number): number {
    this.check(offset, 8, "field");
    const value = this.#view.getBigUint64(offset, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfReadError("value too large", offset);
    return Number(value);
  }

  /** A signed 64-bit field, which must fit a safe integer. */
  i64(offset: number): number {
    this.check(offset, 8, "field");
    const value = this.#view.getBigInt64(offset, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ElfReadError("value too large", offset);
    }
    return Number(value);
  }

  slice(offset: number, length: number, what: string): Uint8Array {
    this.check(offset, length, what);
    return this.bytes.subarray(offset, offset + length);
  }
}

function readHeader(file: FileView): ElfHeader {
  file.check(0, ELF64.headerSize, "ELF header");
  IDENT.magic.forEach((byte, at) => {
    if (file.u8(at) !== byte) throw new ElfReadError("not an ELF file (bad magic)", at);
  });
  if (file.u8(4) !== IDENT.classElf64) throw new ElfReadError("not ELF64", 4);
  if (file.u8(5) !== IDENT.dataLittleEndian) throw new ElfReadError("not little-endian", 5);
  if (file.u16(58) !== ELF64.sectionHeaderSize) {
    throw new ElfReadError(`unexpected section header size ${file.u16(58)}`, 58);
  }
  const header = {
    osabi: file.u8(7),
    type: file.u16(16),
    machine: file.u16(18),
    version: file.u32(20),
    entry: file.u64(24),
    flags: file.u32(48),
    sectionHeaderOffset: file.u64(40),
    sectionCount: file.u16(60),
    sectionNameIndex: file.u16(62),
  };
  if (header.sectionCount === 0 && header.sectionHeaderOffset !== 0) {
    throw new ElfReadError("extended section numbering is not supported", 60);
  }
  return header;
}

/** Reads a NUL-terminated string at `offset` inside a string table section. */
function readString(
  table: { readonly offset: number; readonly data: Uint8Array } | undefined,
  offset: number,
): string {
  if (table === undefined) {
    if (offset === 0) return "";
    throw new ElfReadError("name refers to a missing string table", 0);
  }
  if (offset >= table.data.length) {
    if (offset === 0) return "";
    throw new ElfReadError(`string offset ${offset} outside its table`, table.offset);
  }
  const end = table.data.indexOf(0, offset);
  if (end < 0) throw new ElfReadError("unterminated string", table.offset + offset);
  return new TextDecoder().decode(table.data.subarray(offset, end));
}

function readSections(file: FileView, header: ElfHeader): ElfSection[] {
  const base = header.sectionHeaderOffset;
  file.check(base, header.sectionCount * ELF64.sectionHeaderSize, "section header table");
  const raw = Array.from({ length: header.sectionCount }, (_, index) => {
    const at = base + index * ELF64.sectionHeaderSize;
    const type = file.u32(at + 4);
    const offset = file.u64(at + 24), size = file.u64(at + 32);
    const stored = type !== SHT_NOBITS && type !== SHT_NULL;
    return {
      index,
      nameOffset: file.u32(at),
      type,
      flags: file.u64(at + 8),
      addr: file.u64(at + 16),
      offset,
      size,
      link: file.u32(at + 40),
      info: file.u32(at + 44),
      align: file.u64(at + 48),
      entsize: file.u64(at + 56),
      data: stored ? file.slice(offset, size, `section ${index}`) : new Uint8Array(0),
    };
  });
  if (header.sectionCount > 0 && header.sectionNameIndex >= header.sectionCount) {
    throw new ElfReadError("section name table index out of range", 62);
  }
  const names = raw[header.sectionNameIndex];
  return raw.map(({ nameOffset, ...section }) => ({
    ...section,
    name: readString(names, nameOffset),
  }));
}

/** Counts the fixed-size entries of a table section, checking its entry size. */
function entryCount(section: ElfSection, entrySize: number): number {
  if (section.entsize !== entrySize || section.size % entrySize !== 0) {
    throw new ElfReadError(`section ${section.name} has a bad entry size`, section.offset);
  }
  return section.size / entrySize;
}

function readSymbols(file: FileView, sections: readonly ElfSection[]): ElfSymbol[] {
  const symtab = sections.find((section) => section.type === SHT_SYMTAB);
  if (symtab === undefined) return [];
  const strtab = sections[symtab.link];
  if (strtab === undefined) throw new ElfReadError("symbol string table missing", symtab.offset);
  return Array.from({ length: entryCount(symtab, ELF64.symbolSize) }, (_, index) => {
    const at = symtab.offset + index * ELF64.symbolSize;
    const info = file.u8(at + 4);
    return {
      index,
      name: readString(strtab, file.u32(at)),
      binding: info >> 4,
      type: info & 0xf,
      visibility: file.u8(at + 5) & 0x3,
      sectionIndex: file.u16(at + 6),
      value: file.u64(at + 8),
      size: file.u64(at + 16),
    };
  });
}

function readRelocations(file: FileView, sections: readonly ElfSection[]): ElfRelocationSection[] {
  return sections.filter((section) => section.type === SHT_RELA).map((rela) => {
    const entries = Array.from({ length: entryCount(rela, ELF64.relaSize) }, (_, index) => {
      const at = rela.offset + index * ELF64.relaSize;
      return {
        offset: file.u64(at),
        type: file.u32(at + 8),
        symbolIndex: file.u32(at + 12),
        addend: file.i64(at + 16),
      };
    });
    return { relaIndex: rela.index, targetIndex: rela.info, entries };
  });
}

/**
 * Parses an ELF64 little-endian object.
 *
 * @throws {ElfReadError} when the bytes are not a well-formed ELF64 little-endian file.
 */
export function readElf(bytes: Uint8Array): ElfObject {
  const file = new FileView(bytes);
  const header = readHeader(file);
  const sections = readSections(file, header);
  return {
    header,
    sections,
    symbols: readSymbols(file, sections),
    relocations: readRelocations(file, sections),
  };
}
