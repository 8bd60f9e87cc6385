/**
 * The on-disk form of one cache entry: a header that names exactly what the payload is, then
 * the payload.
 *
 * | offset | size | field                                                  |
 * | ------ | ---- | ------------------------------------------------------ |
 * | 0      | 8    | magic `\x7fINGOTC\n`                                   |
 * | 8      | 4    | entry format version, u32 little-endian                |
 * | 12     | 4    | header length (offset of the payload), u32 LE          |
 * | 16     | 2    | key length `k`, u16 LE; then `k` bytes of key          |
 * | …      | 2    | engine length `e`, u16 LE; then `e` UTF-8 bytes        |
 * | …      | 8    | payload length, u64 LE                                 |
 * | …      | 32   | SHA-256 of the payload                                 |
 * | …      | 4    | CRC-32 of every header byte before it, then the payload |
 * | header | …    | payload                                                |
 *
 * Two checksums, for two jobs. A hit compares every header field with what it expects and
 * checks the CRC-32, which covers every other byte of the file: any single flipped bit, any
 * burst of up to 32, and all but 2^-32 of other damage is caught, for 0.04 ms per 2 MB where
 * SHA-256 costs 1.2 ms (measured here; a hit must cost no more than hashing the input and reading
 * the file). Truncation is caught by the recorded length, and an entry of another key renamed
 * into place by the full key. The SHA-256 is the strong check of `Cache.verify` (`ingot cache
 * verify`), which re-reads every entry, and lets an entry be checked by tools outside Ingot.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * The entry format. Version 1 had no CRC-32 (a hit hashed the payload with SHA-256); its
 * entries read as a fault and are replaced.
 */
export const ENTRY_FORMAT_VERSION = 2;

const MAGIC = Uint8Array.of(0x7f, 0x49, 0x4e, 0x47, 0x4f, 0x54, 0x43, 0x0a);
const FIXED_BYTES = 8 + 4 + 4 + 2 + 2 + 8 + 32 + 4;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** What an entry claims to hold. */
export interface EntryName {
  readonly key: string;
  readonly engine: string;
}

function sha256(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

function headerLength(key: Uint8Array, engine: Uint8Array): number {
  return FIXED_BYTES + key.length + engine.length;
}

/** The CRC-32 an entry of header length `length` records: header before the CRC, then payload. */
function entryCrc(entry: Uint8Array, length: number): number {
  return crc32(entry.subarray(length), crc32(entry.subarray(0, length - 4)));
}

/** The bytes of an entry holding `payload` under `name`. */
export function encodeEntry(name: EntryName, payload: Uint8Array): Uint8Array {
  const key = encoder.encode(name.key);
  const engine = encoder.encode(name.engine);
  if (key.length > 0xffff || engine.length > 0xffff) {
    throw new TypeError("Cannot store an entry: key or engine identity longer than 65535 bytes");
  }
  const length = headerLength(key, engine);
  const out = new Uint8Array(length + payload.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, ENTRY_FORMAT_VERSION, true);
  view.setUint32(12, length, true);
  let at = 16;
  for (const field of [key, engine]) {
    view.setUint16(at, field.length, true);
    out.set(field, at + 2);
    at += 2 + field.length;
  }
  view.setBigUint64(at, BigInt(payload.length), true);
  out.set(sha256(payload), at + 8);
  out.set(payload, length);
  view.setUint32(length - 4, entryCrc(out, length), true);
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** The folder of an engine identity's entries: the identity itself when it is a safe name. */
export function engineFolder(engine: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(engine)) return engine;
  return `id-${createHash("sha256").update(engine).digest("hex").slice(0, 32)}`;
}

/** The header length of an entry named `name`: how many bytes `checkEntry` reads first. */
export function expectedHeaderLength(name: EntryName): number {
  return headerLength(encoder.encode(name.key), encoder.encode(name.engine));
}

/** A verified entry's payload, or what is wrong with the entry. */
export type EntryCheck = { readonly payload: Uint8Array } | { readonly fault: string };

/**
 * Checks the whole entry `entry` (the complete file) against `expected`: magic, version, full
 * key, engine identity, that the recorded payload length is exactly what follows the header,
 * and the CRC-32. The payload's SHA-256 is left to `checkSha256`.
 */
export function checkEntry(entry: Uint8Array, expected: EntryName): EntryCheck {
  const key = encoder.encode(expected.key);
  const engine = encoder.encode(expected.engine);
  const length = headerLength(key, engine);
  if (entry.length < 16) return { fault: `truncated (${entry.length} bytes)` };
  const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  if (!equalBytes(entry.subarray(0, 8), MAGIC)) return { fault: "bad magic" };
  const version = view.getUint32(8, true);
  if (version !== ENTRY_FORMAT_VERSION) {
    return { fault: `format version ${version}, expected ${ENTRY_FORMAT_VERSION}` };
  }
  if (view.getUint32(12, true) !== length || entry.length < length) {
    return { fault: "header of another key, or truncated" };
  }
  let at = 16;
  for (const [field, what] of [[key, "key"], [engine, "engine identity"]] as const) {
    const stored = entry.subarray(at + 2, at + 2 + view.getUint16(at, true));
    if (!equalBytes(stored, field)) return { fault: `entry holds another ${what}` };
    at += 2 + field.length;
  }
  const found = entry.length - length;
  if (view.getBigUint64(at, true) !== BigInt(found)) {
    return { fault: `payload length ${view.getBigUint64(at, true)}, found ${found}` };
  }
  if (view.getUint32(length - 4, true) !== entryCrc(entry, length)) {
    return { fault: "checksum (CRC-32) mismatch" };
  }
  return { payload: entry.subarray(length) };
}

/** The name an entry's header records, or a fault when the header cannot be read. */
export function storedName(entry: Uint8Array): EntryName | { readonly fault: string } {
  try {
    const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
    const keyLength = view.getUint16(16, true);
    const key = decoder.decode(entry.subarray(18, 18 + keyLength));
    const engineAt = 18 + keyLength;
    const engine = decoder.decode(
      entry.subarray(engineAt + 2, engineAt + 2 + view.getUint16(engineAt, true)),
    );
    return { key, engine };
  } catch {
    return { fault: "unreadable header" };
  }
}

/** Whether the verified payload `payload` of `entry` has the SHA-256 the header records. */
export function checkSha256(entry: Uint8Array, payload: Uint8Array): boolean {
  const shaAt = entry.length - payload.length - 36;
  return shaAt >= 0 && equalBytes(entry.subarray(shaAt, shaAt + 32), sha256(payload));
}
