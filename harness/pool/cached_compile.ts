/**
 * `compile` through the pool and the cache, where a rejection is an outcome like an object.
 *
 * `compile` is pure, so "this module is malformed at byte 12" is as much a function of the
 * input as an object is. Caching rejections too means a second run of a suite full of invalid
 * modules is served from the cache as a whole. The cache payload is tagged: an object, or the
 * rejection's error as JSON (class name, message and fields), revived on a hit. Only the
 * engine's compile errors are cached this way; anything else (an engine bug, an unsupported
 * setting) propagates and is computed again next time. Every payload starts with a magic word;
 * a payload without it (an entry written by an older harness) is not trusted: the input is
 * compiled again.
 *
 * @module
 */

import type { Cache } from "../../engine/cache/mod.ts";
import { CompileError } from "../../engine/errors.ts";
import type { CompileInput } from "../../engine/settings.ts";
import { reviveError, type SerializedError, serializeError } from "./_errors.ts";
import type { CompilePool } from "./compile_pool.ts";

/** "IGO1": Ingot compile outcome, format 1. */
const MAGIC = [0x49, 0x47, 0x4f, 0x31];
const OBJECT = 0;
const REJECTION = 1;
const HEADER = MAGIC.length + 1;

/** What a cached compile did. */
export interface CachedCompile {
  /** Whether the answer (object or rejection) came from the cache. */
  readonly hit: boolean;
  /** The object, or undefined when `rejection` is set. */
  readonly object: Uint8Array | undefined;
  /** The compile error the input was rejected with. */
  readonly rejection: CompileError | undefined;
}

function tagged(tag: number, body: Uint8Array): Uint8Array {
  const payload = new Uint8Array(body.length + HEADER);
  payload.set(MAGIC);
  payload[MAGIC.length] = tag;
  payload.set(body, HEADER);
  return payload;
}

function isOutcome(payload: Uint8Array): boolean {
  const tag = payload[MAGIC.length];
  return payload.length >= HEADER && MAGIC.every((b, i) => payload[i] === b) &&
    (tag === OBJECT || tag === REJECTION);
}

async function computeOutcome(pool: CompilePool, input: CompileInput): Promise<Uint8Array> {
  try {
    return tagged(OBJECT, await pool.compile(input));
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    const json = JSON.stringify(serializeError(error));
    return tagged(REJECTION, new TextEncoder().encode(json));
  }
}

function outcomeOf(payload: Uint8Array, hit: boolean): CachedCompile {
  const body = payload.subarray(HEADER);
  if (payload[MAGIC.length] === OBJECT) return { hit, object: body, rejection: undefined };
  const data = JSON.parse(new TextDecoder().decode(body)) as SerializedError;
  const rejection = reviveError(data);
  if (!(rejection instanceof CompileError)) {
    throw new TypeError(`A cached rejection revived as ${rejection.name}, not a compile error`);
  }
  return { hit, object: undefined, rejection };
}

/**
 * Compiles `input` in `pool`, through `cache` when there is one.
 *
 * @throws whatever `compile` throws other than a `CompileError` (those are returned).
 */
export async function cachedCompile(
  input: CompileInput,
  options: { pool: CompilePool; cache: Cache | undefined },
): Promise<CachedCompile> {
  const { pool, cache } = options;
  if (cache === undefined) return outcomeOf(await computeOutcome(pool, input), false);
  let computed = false;
  const payload = await cache.load(input, (frozen) => {
    computed = true;
    return computeOutcome(pool, frozen);
  });
  if (!isOutcome(payload)) return outcomeOf(await computeOutcome(pool, input), false);
  return outcomeOf(payload, !computed);
}
