/**
 * Reading a relocatable object as its loader would see it: bytes at a place (section + offset),
 * and the relocation that will patch a place, so a pointer field reads as `symbol+addend`
 * rather than the zero the object stores there (gABI ch. 4, "Relocation").
 *
 * @module
 */

import type { ElfObject, ElfRelocation, ElfSymbol } from "../../engine/obj/mod.ts";

/** The few ELF numbers the inspector needs (gABI ch. 4; AMD64 psABI table 4.9). */
export const ELF = {
  /** `SHN_UNDEF`. */
  undefinedSection: 0,
  /** `SHN_LORESERVE`: indices from here up are not sections. */
  reservedSections: 0xff00,
  /** `STT_FUNC`. */
  funcType: 2,
  /** `STT_SECTION`. */
  sectionType: 3,
  /** `STB_GLOBAL`. */
  globalBinding: 1,
} as const;

/** AMD64 psABI relocation type names by number (only those an Ingot object may hold). */
const RELOCATION_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "R_X86_64_64"],
  [2, "R_X86_64_PC32"],
  [4, "R_X86_64_PLT32"],
  [9, "R_X86_64_GOTPCREL"],
  [10, "R_X86_64_32"],
  [11, "R_X86_64_32S"],
  [24, "R_X86_64_PC64"],
]);

/** A bad or unexpected object: what the inspector could not read, and where. */
export class InspectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InspectError";
  }
}

/** A place in the object: a section and an offset in it. */
export interface Place {
  readonly section: number;
  readonly offset: number;
}

/** What a relocated field will point to. */
export interface Pointer {
  /** `symbol+addend` as the dump prints it. */
  readonly text: string;
  /** Where it points, when the target is defined in this object. */
  readonly place: Place | undefined;
}

/** An object with lookups by place. */
export class ObjectView {
  readonly object: ElfObject;
  readonly #relocations = new Map<string, ElfRelocation>();

  constructor(object: ElfObject) {
    this.object = object;
    for (const rela of object.relocations) {
      for (const entry of rela.entries) {
        this.#relocations.set(`${rela.targetIndex}:${entry.offset}`, entry);
      }
    }
  }

  /** A symbol's display name: section symbols are named after their section. */
  symbolName(symbol: ElfSymbol): string {
    if (symbol.type === ELF.sectionType && symbol.name === "") {
      return this.object.sections[symbol.sectionIndex]?.name ?? `#${symbol.sectionIndex}`;
    }
    return symbol.name;
  }

  /** `length` bytes at `place`; throws `InspectError` past the section's end. */
  bytes(place: Place, length: number, what: string): Uint8Array {
    const section = this.object.sections[place.section];
    if (section === undefined || place.offset < 0 || place.offset + length > section.data.length) {
      const name = section?.name ?? `section #${place.section}`;
      throw new InspectError(
        `${what} (${length} bytes at ${name}+${hex(place.offset)}) is outside its section`,
      );
    }
    return section.data.subarray(place.offset, place.offset + length);
  }

  /** An unsigned little-endian field of 1, 2, 4 or 8 bytes (8 must fit a safe integer). */
  unsigned(place: Place, size: number, what: string): number {
    const bytes = this.bytes(place, size, what);
    let value = 0n;
    for (let at = size - 1; at >= 0; at--) value = (value << 8n) | BigInt(bytes[at] ?? 0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InspectError(`${what} (${hex(value)}) is too large`);
    }
    return Number(value);
  }

  /** An unsigned little-endian 64-bit field, whole. */
  u64(place: Place, what: string): bigint {
    const bytes = this.bytes(place, 8, what);
    let value = 0n;
    for (let at = 7; at >= 0; at--) value = (value << 8n) | BigInt(bytes[at] ?? 0);
    return value;
  }

  /** The relocation that patches `place`, if any. */
  relocationAt(place: Place): ElfRelocation | undefined {
    return this.#relocations.get(`${place.section}:${place.offset}`);
  }

  /** The pointer stored at `place`: a relocation's target, `null`, or a raw number. */
  pointer(place: Place, what: string): Pointer {
    const relocation = this.relocationAt(place);
    if (relocation === undefined) {
      const raw = this.unsigned(place, 8, what);
      return { text: raw === 0 ? "null" : `raw ${hex(raw)} (not relocated)`, place: undefined };
    }
    const type = RELOCATION_NAMES.get(relocation.type) ?? `R_X86_64 type ${relocation.type}`;
    const symbol = this.object.symbols[relocation.symbolIndex];
    if (symbol === undefined) throw new InspectError(`${what}: relocation names no symbol`);
    const name = this.symbolName(symbol);
    const text = `${name}${signed(relocation.addend)}` +
      (type === "R_X86_64_64" ? "" : ` (${type})`);
    const defined = symbol.sectionIndex !== ELF.undefinedSection &&
      symbol.sectionIndex < ELF.reservedSections;
    const target = defined
      ? { section: symbol.sectionIndex, offset: symbol.value + relocation.addend }
      : undefined;
    return { text, place: target };
  }
}

/** `0x` and lower-case hex. */
export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

/** An addend as `+N` or `-N` (decimal, as the relocation table prints it). */
export function signed(addend: number): string {
  return `${addend < 0 ? "-" : "+"}${Math.abs(addend)}`;
}

/** `name` quoted as a JSON string, so every byte reads unambiguously. */
export function quoted(bytes: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return JSON.stringify(text);
}
