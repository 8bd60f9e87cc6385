/**
 * Reading one entry and verifying it: one read of the whole file (the size `fstat` reported
 * when it was opened), then `checkEntry`. The file must hold exactly that size (shorter or
 * longer is a fault), so a file changed while it is read is a miss, never wrong bytes.
 *
 * One synchronous read: with the file in the page cache it is as fast or faster than chunked
 * reads through Deno's I/O thread pool at every size tried (64 KiB to 4 MiB: a 2 MB read takes
 * 0.25 ms, each hop through the pool ~0.05 ms). Overlapping reads with the checksum paid off
 * only while the checksum was SHA-256; the CRC-32 costs 0.04 ms per 2 MB.
 *
 * @module
 */

import { checkEntry, type EntryName } from "./_entry.ts";
import type { CacheReader } from "./_fs.ts";

/** A verified entry: its payload and the file's mtime (for the recency refresh). */
export type ReadEntry =
  | { readonly payload: Uint8Array; readonly entry: Uint8Array; readonly mtime: Date | null }
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

/** The whole file open as `file`, or a fault when it is not a regular file or changed size. */
export function readWhole(file: CacheReader): Uint8Array | { fault: string; folder?: boolean } {
  const { size, isFile } = file.info;
  if (!isFile) return { fault: "unreadable (not a regular file)", folder: true };
  const bytes = new Uint8Array(size);
  const at = fillSync(file, bytes, 0, size);
  if (at < size) return { fault: `truncated while read (${at} of ${size} bytes)` };
  if (fillSync(file, new Uint8Array(1), 0, 1) !== 0) return { fault: "grew while read" };
  return bytes;
}

/**
 * Reads the entry open as `file` and checks it against `expected` (header, exact size,
 * CRC-32). Read errors propagate; everything else wrong with the entry is a `fault`.
 */
export function readEntry(file: CacheReader, expected: EntryName): ReadEntry {
  const entry = readWhole(file);
  if (!(entry instanceof Uint8Array)) return entry;
  const checked = checkEntry(entry, expected);
  if ("fault" in checked) return checked;
  return { payload: checked.payload, entry, mtime: file.info.mtime };
}
