/**
 * The deep check behind `Cache.verify` (`ingot cache verify`): every entry re-read and checked
 * in full, which a hit does not do (a hit checks the CRC-32, not the SHA-256; see `_entry.ts`).
 * An entry is sound when its header names the key that is its file name and an engine whose
 * folder it sits in, and both checksums match.
 *
 * @module
 */

import { basename, dirname } from "node:path";
import { checkEntry, checkSha256, engineFolder, storedName } from "./_entry.ts";
import { type CacheFs, describeError, isNotFound } from "./_fs.ts";
import { findFiles } from "./_gc.ts";
import { readWhole } from "./_read.ts";

/** What a verification found and did. */
export interface VerifyReport {
  /** Entries read and checked. */
  readonly checked: number;
  /** Damaged entries, each with what was wrong; removed unless `failures` counts them. */
  readonly damaged: readonly { readonly path: string; readonly fault: string }[];
  /** Damaged entries that could not be removed. */
  readonly failures: number;
}

/** What is wrong with the entry file `path`, or undefined when it is sound. */
async function faultOf(fs: CacheFs, path: string): Promise<string | undefined> {
  const file = await fs.open(path);
  let entry;
  try {
    entry = readWhole(file);
  } finally {
    file.close();
  }
  if (!(entry instanceof Uint8Array)) return entry.fault;
  const name = storedName(entry);
  if ("fault" in name) return name.fault;
  if (name.key !== basename(path)) return "entry holds another key";
  if (engineFolder(name.engine) !== basename(dirname(dirname(path)))) {
    return "entry of another engine";
  }
  const checked = checkEntry(entry, name);
  if ("fault" in checked) return checked.fault;
  return checkSha256(entry, checked.payload) ? undefined : "payload SHA-256 mismatch";
}

/** Checks every entry under `dir`, removing the damaged ones. */
export async function verifyEntries(fs: CacheFs, dir: string): Promise<VerifyReport> {
  const { entries } = await findFiles(fs, dir);
  const damaged: { path: string; fault: string }[] = [];
  let checked = 0, failures = 0;
  for (const { path } of entries.sort((a, b) => a.path < b.path ? -1 : 1)) {
    let fault;
    try {
      fault = await faultOf(fs, path);
    } catch (error) {
      if (isNotFound(error)) continue; // evicted or replaced meanwhile
      fault = `unreadable (${describeError(error)})`;
    }
    checked++;
    if (fault === undefined) continue;
    damaged.push({ path, fault });
    await fs.remove(path, { recursive: false }).catch((error) => {
      if (!isNotFound(error)) failures++;
    });
  }
  return { checked, damaged, failures };
}
