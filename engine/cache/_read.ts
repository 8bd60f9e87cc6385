/**
 * Reading one entry and verifying it as it arrives. A small entry is read with one synchronous
 * read and hashed. A large one is read in chunks on Deno's I/O thread pool while this thread
 * hashes the chunk before, so reading and the payload checksum overlap instead of adding up.
 *
 * Every byte returned was hashed and matched the header's checksum; the file must hold exactly
 * the size `fstat` reported when it was opened (shorter or longer is a fault), so a file changed
 * while it is read is a miss, never wrong bytes.
 *
 * @module
 */

import { createHash, type Hash } from "node:crypto";
import { checksumMatches, type EntryName, expectedHeaderLength, parseHeader } from "./_entry.ts";
import type { CacheReader } from "./_fs.ts";

/**
 * Entries from this size on are read in chunks that overlap the hashing. Measured here (a cache
 * A/B in one process, and by hand): with the file in the page cache, one synchronous read is as
 * fast or faster at every size tried, 64 KiB to 4 MiB (a 2 MB read takes 0.25 ms, its SHA-256
 * 1.2 ms, and each hop through the thread pool ~0.05 ms, more on a loaded machine): a 2 MB hit
 * is ~3% slower overlapped. Read from the disk, overlapping saves ~10% (2 MB: 5.0 ms against
 * 5.6 ms). Entries this large are rare and least likely to stay cached, so they overlap.
 */
export const OVERLAP_FROM_BYTES = 4 * 1024 * 1024;
/** The first, synchronous read of a large entry: it holds the header (the hashing starts). */
const FIRST_CHUNK_BYTES = 64 * 1024;
/** Each later read of a large entry, issued before the previous chunk is hashed. */
const CHUNK_BYTES = 512 * 1024;

/** A verified entry: its payload and the file's mtime (for the recency refresh). */
export type ReadEntry =
  | { readonly payload: Uint8Array; readonly mtime: Date | null }
  | { readonly fault: string; readonly folder?: boolean };

/** Fills `bytes[at, end)` with synchronous reads; returns where the file ended, if before. */
function fillSync(file: CacheReader, bytes: Uint8Array, at: number, end: number): number {
  while (at < end) {
    const count = file.readSync(bytes.subarray(at, end));
    if (count === null || count === 0) return at;
    at += count;
  }
  return at;
}

/** Reads `bytes[at, end)` in chunks on the thread pool, hashing `bytes[from, at)` meanwhile. */
async function fillHashing(
  file: CacheReader,
  bytes: Uint8Array,
  hash: Hash,
  from: number,
  at: number,
): Promise<number> {
  while (at < bytes.length) {
    const pending = file.read(bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES)));
    hash.update(bytes.subarray(from, at));
    from = at;
    const count = await pending;
    if (count === null || count === 0) return at;
    at += count;
  }
  hash.update(bytes.subarray(from, at));
  return at;
}

/**
 * Reads the entry open as `file` and checks it against `expected` (header, exact size, payload
 * checksum). Read errors propagate; everything else wrong with the entry is a `fault`.
 */
export async function readEntry(file: CacheReader, expected: EntryName): Promise<ReadEntry> {
  const { size, isFile, mtime } = file.info;
  if (!isFile) return { fault: "unreadable (not a regular file)", folder: true };
  const bytes = new Uint8Array(size);
  const overlap = size >= OVERLAP_FROM_BYTES;
  const first = overlap ? Math.max(FIRST_CHUNK_BYTES, expectedHeaderLength(expected)) : size;
  let at = fillSync(file, bytes, 0, Math.min(size, first));
  const header = parseHeader(bytes.subarray(0, at), expected, size);
  if ("fault" in header) return header;
  const hash = createHash("sha256");
  if (overlap) {
    at = await fillHashing(file, bytes, hash, header.length, at);
  } else {
    hash.update(bytes.subarray(header.length, at));
  }
  if (at < size) return { fault: `truncated while read (${at} of ${size} bytes)` };
  if (fillSync(file, new Uint8Array(1), 0, 1) !== 0) return { fault: "grew while read" };
  if (!checksumMatches(header, hash.digest())) return { fault: "payload checksum mismatch" };
  return { payload: bytes.subarray(header.length), mtime };
}
