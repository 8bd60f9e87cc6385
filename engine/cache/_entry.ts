/**
 * The on-disk form of one cache entry: a header that names exactly what the payload is, then
 * the payload.
 *
 * | offset | size | field                                            |
 * | ------ | ---- | ------------------------------------------------ |
 * | 0      | 8    | magic `\x7fINGOTC\n`                             |
 * | 8      | 4    | format version, u32 little-endian                |
 * | 12     | 4    | header length (offset of the payload), u32 LE    |
 * | 16     | 2    | key length `k`, u16 LE; then `k` bytes of key    |
 * | …      | 2    | engine length `e`, u16 LE; then `e` UTF-8 bytes  |
 * | …      | 8    | payload length, u64 LE                           |
 * | …      | 32   | SHA-256 of the payload                           |
 * | header | …    | payload                                          |
 *
 * Every header byte is either compared with what the reader expects or is the checksum, so any
 * truncation or flipped bit is detected.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { CACHE_FORMAT_VERSION } from "./key.ts";

const MAGIC = Uint8Array.of(0x7f, 0x49, 0x4e, 0x47, 0x4f, 0x54, 0x43, 0x0a);
const FIXED_BYTES = 8 + 4 + 4 + 2 + 2 + 8 + 32;
const encoder = new TextEncoder();

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
  view.setUint32(8, CACHE_FORMAT_VERSION, true);
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
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** Where a verified header says the payload is, and the checksum it must have. */
export interface EntryHeader {
  /** Offset of the payload (the header's length). */
  readonly length: number;
  /** SHA-256 the payload must have. */
  readonly checksum: Uint8Array;
}

/** The header length of an entry named `name`: how many bytes `parseHeader` needs. */
export function expectedHeaderLength(name: EntryName): number {
  return headerLength(encoder.encode(name.key), encoder.encode(name.engine));
}

/**
 * Checks the header at the start of `prefix` (the first bytes of an entry file of `fileLength`
 * bytes) against `expected`: magic, version, full key, engine identity, and that the payload
 * length it records is exactly what follows it in the file. The payload checksum is left to the
 * caller (`checksumMatches`), which may hash the payload as it arrives.
 */
export function parseHeader(
  prefix: Uint8Array,
  expected: EntryName,
  fileLength: number,
): EntryHeader | { readonly fault: string } {
  const key = encoder.encode(expected.key);
  const engine = encoder.encode(expected.engine);
  const length = headerLength(key, engine);
  if (prefix.length < 16) return { fault: `truncated (${prefix.length} bytes)` };
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (!equalBytes(prefix.subarray(0, 8), MAGIC)) return { fault: "bad magic" };
  const version = view.getUint32(8, true);
  if (version !== CACHE_FORMAT_VERSION) {
    return { fault: `format version ${version}, expected ${CACHE_FORMAT_VERSION}` };
  }
  if (view.getUint32(12, true) !== length || prefix.length < length || fileLength < length) {
    return { fault: "header of another key, or truncated" };
  }
  let at = 16;
  for (const [field, what] of [[key, "key"], [engine, "engine identity"]] as const) {
    const stored = prefix.subarray(at + 2, at + 2 + view.getUint16(at, true));
    if (!equalBytes(stored, field)) return { fault: `entry holds another ${what}` };
    at += 2 + field.length;
  }
  const found = fileLength - length;
  if (view.getBigUint64(at, true) !== BigInt(found)) {
    return { fault: `payload length ${view.getBigUint64(at, true)}, found ${found}` };
  }
  return { length, checksum: prefix.slice(at + 8, at + 40) };
}

/** Whether `digest` (the SHA-256 of the payload read) is the checksum `header` records. */
export function checksumMatches(header: EntryHeader, digest: Uint8Array): boolean {
  return equalBytes(header.checksum, digest);
}
