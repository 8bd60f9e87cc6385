/**
 * Contents of an `SHT_NOTE` section (System V gABI ch. 5, "Note Section").
 *
 * @module
 */

import { InternalError } from "../errors.ts";
import { ByteWriter } from "./_bytes.ts";

/** One note: an owner name, a type the owner defines, and a descriptor. */
export interface NoteEntry {
  /** The owner, such as "Ingot"; written NUL-terminated. */
  readonly name: string;
  /** Note type, a 32-bit number whose meaning the owner defines. */
  readonly type: number;
  /** The descriptor bytes. */
  readonly desc: Uint8Array;
}

/**
 * Encodes notes as one `SHT_NOTE` section body: for each, `namesz`, `descsz`, `type` (32-bit
 * little-endian), then the name with its NUL and the descriptor, each padded to 4 bytes. Put it
 * in a `note` section aligned to 4.
 *
 * @throws {InternalError} when a name contains NUL or the type is not a 32-bit number.
 */
export function buildNote(notes: NoteEntry | readonly NoteEntry[]): Uint8Array {
  const out = new ByteWriter();
  const encoder = new TextEncoder();
  for (const note of Array.isArray(notes) ? notes : [notes as NoteEntry]) {
    if (note.name.includes("\0")) throw new InternalError("buildNote: note name contains NUL");
    if (!Number.isInteger(note.type) || note.type < 0 || note.type > 0xffff_ffff) {
      throw new InternalError(`buildNote: note type ${note.type} is not a 32-bit number`);
    }
    const name = encoder.encode(note.name);
    out.u32(name.length + 1);
    out.u32(note.desc.length);
    out.u32(note.type);
    out.bytes(name);
    out.u8(0);
    out.alignTo(4);
    out.bytes(note.desc);
    out.alignTo(4);
  }
  return out.finish();
}
