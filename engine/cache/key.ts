/**
 * The cache key: SHA-256 of a canonical encoding of the whole `CompileInput` plus the cache
 * format version. This is the only place a key is built (STYLE.md rule 26).
 *
 * The encoding is written for this purpose and is exact: two values share an encoding only
 * when they are the same value. It is deterministic (object keys sorted by UTF-16 code units),
 * tags every value's type, writes byte arrays as bytes, tells integers from floats (`-0` and
 * every NaN payload keep their exact bits), and throws a `TypeError` naming the path (such as
 * `settings.features.simd`) on anything it cannot encode exactly.
 *
 * Binary form (all lengths are unsigned 32-bit big-endian):
 *
 * | tag | value                         | body                                          |
 * | --- | ----------------------------- | --------------------------------------------- |
 * | `N` | null                          | —                                             |
 * | `F` | false                         | —                                             |
 * | `T` | true                          | —                                             |
 * | `i` | safe integer (not `-0`)       | 8-byte two's complement, big-endian           |
 * | `f` | any other number              | 8-byte IEEE-754 binary64 bits, big-endian     |
 * | `b` | bigint                        | sign byte (`+`/`-`), length, magnitude bytes  |
 * | `s` | well-formed string            | length, UTF-8 bytes                           |
 * | `u` | Uint8Array                    | length, the bytes                             |
 * | `a` | array                         | count, each element                           |
 * | `o` | plain object (sorted keys)    | count, then per key: length, UTF-8 key, value |
 *
 * @module
 */

import { createHash } from "node:crypto";
import type { CompileInput } from "../settings.ts";

/** Version of the key encoding and of the on-disk entry format. Part of every key. */
export const CACHE_FORMAT_VERSION = 1;

/** Deepest nesting the encoding accepts; far beyond any `CompileInput`. */
const MAX_DEPTH = 256;

/** What a walk over a value reports, in encoding order. */
interface Visitor {
  atom(kind: "null" | "false" | "true"): void;
  integer(value: number): void;
  float(value: number): void;
  bigint(value: bigint): void;
  string(value: string): void;
  bytes(value: Uint8Array): void;
  array(count: number): void;
  object(count: number): void;
  key(name: string): void;
  end(): void;
}

/**
 * Where a part sits in the value walked (`settings.features.simd`, `wasm[3]`), built as a string
 * only when an error names it: the walk runs on every cache load.
 */
class Path {
  constructor(readonly parent: Path | undefined, readonly name: string | number) {}

  toString(): string {
    const parent = this.parent === undefined ? "" : this.parent.toString();
    if (typeof this.name === "number") return `${parent}[${this.name}]`;
    if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(this.name)) {
      return parent === "" ? this.name : `${parent}.${this.name}`;
    }
    return `${parent}[${JSON.stringify(this.name)}]`;
  }
}

function fail(path: Path | undefined, what: string): never {
  throw new TypeError(`Cannot encode ${path === undefined ? "the value" : path} exactly: ${what}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(value: string, path: Path | undefined): void {
  if (LONE_SURROGATE.test(value)) fail(path, "string holds a lone surrogate");
}

/** Own data properties of a plain object or array, rejecting anything inexact. */
function ownEntries(value: object, path: Path | undefined, isArray: boolean): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const name of Reflect.ownKeys(value)) {
    if (typeof name === "symbol") fail(path, `symbol key ${String(name)}`);
    if (isArray && name === "length") continue;
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    if (descriptor === undefined || !("value" in descriptor)) {
      fail(new Path(path, name), "accessor property");
    }
    if (!descriptor.enumerable) fail(new Path(path, name), "non-enumerable property");
    entries.push([name, descriptor.value]);
  }
  return entries;
}

function walkArray(value: unknown[], visitor: Visitor, path: Path | undefined, stack: Set<object>) {
  const entries = ownEntries(value, path, true);
  if (entries.length !== value.length) fail(path, "array with holes or extra properties");
  visitor.array(value.length);
  for (let index = 0; index < value.length; index++) {
    if (!Object.hasOwn(value, index)) fail(new Path(path, index), "array hole");
    walk(value[index], visitor, new Path(path, index), stack);
  }
  visitor.end();
}

function walkObject(value: object, visitor: Visitor, path: Path | undefined, stack: Set<object>) {
  const entries = ownEntries(value, path, false);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  visitor.object(entries.length);
  for (const [name, item] of entries) {
    const where = new Path(path, name);
    checkString(name, where);
    visitor.key(name);
    walk(item, visitor, where, stack);
  }
  visitor.end();
}

function walkContainer(
  value: object,
  visitor: Visitor,
  path: Path | undefined,
  stack: Set<object>,
): void {
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Uint8Array.prototype) return visitor.bytes(value as Uint8Array);
  if (stack.has(value)) fail(path, "cycle");
  if (stack.size >= MAX_DEPTH) fail(path, `nesting deeper than ${MAX_DEPTH}`);
  stack.add(value);
  if (prototype === Array.prototype && Array.isArray(value)) {
    walkArray(value, visitor, path, stack);
  } else if (prototype === Object.prototype || prototype === null) {
    walkObject(value, visitor, path, stack);
  } else {
    const name = (prototype?.constructor as { name?: unknown } | undefined)?.name;
    fail(path, `instance of ${typeof name === "string" ? name : "a class"}`);
  }
  stack.delete(value);
}

function walk(value: unknown, visitor: Visitor, path: Path | undefined, stack: Set<object>) {
  switch (typeof value) {
    case "boolean":
      return visitor.atom(value ? "true" : "false");
    case "number":
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) return visitor.integer(value);
      return visitor.float(value);
    case "bigint":
      return visitor.bigint(value);
    case "string":
      checkString(value, path);
      return visitor.string(value);
    case "object":
      if (value === null) return visitor.atom("null");
      return walkContainer(value, visitor, path, stack);
    default:
      fail(path, typeof value);
  }
}

/**
 * Walks `value` in canonical order, reporting each part to `visitor`.
 *
 * @throws {TypeError} naming the path of the first part that cannot be encoded exactly.
 */
function visit(value: unknown, visitor: Visitor): void {
  walk(value, visitor, undefined, new Set());
}

const encoder = new TextEncoder();
const TAGS = { null: 0x4e, false: 0x46, true: 0x54 } as const;

function bigintMagnitude(value: bigint): Uint8Array {
  let magnitude = value < 0n ? -value : value;
  const bytes: number[] = [];
  while (magnitude > 0n) {
    bytes.unshift(Number(magnitude & 0xffn));
    magnitude >>= 8n;
  }
  return Uint8Array.from(bytes);
}

/**
 * Where the binary encoding goes: a growing buffer of the small parts, written in place. Byte
 * arrays of at least `LARGE_BYTES` go to `large` as they are, after the buffer so far is handed
 * to `flushed` (the key hashes the wasm bytes in place, never copies them); without `large` they
 * are copied like any other part.
 */
class ByteWriter {
  #buffer = new Uint8Array(512);
  #view = new DataView(this.#buffer.buffer);
  length = 0;

  constructor(
    readonly large?: {
      threshold: number;
      flushed(part: Uint8Array): void;
      bytes(b: Uint8Array): void;
    },
  ) {}

  /** Makes room for `count` more bytes; returns where they go. */
  #room(count: number): number {
    const at = this.length;
    if (at + count > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(this.#buffer.length * 2, at + count));
      grown.set(this.#buffer.subarray(0, at));
      this.#buffer = grown;
      this.#view = new DataView(grown.buffer);
    }
    this.length = at + count;
    return at;
  }

  tag(tag: number): void {
    const at = this.#room(1);
    this.#buffer[at] = tag;
  }

  u32(value: number): void {
    const at = this.#room(4);
    this.#view.setUint32(at, value);
  }

  i64(value: number): void {
    const at = this.#room(8);
    this.#view.setBigInt64(at, BigInt(value));
  }

  f64(value: number): void {
    const at = this.#room(8);
    this.#view.setFloat64(at, value);
  }

  bytes(bytes: Uint8Array): void {
    const large = this.large;
    if (large !== undefined && bytes.length >= large.threshold) {
      large.flushed(this.contents());
      this.length = 0;
      large.bytes(bytes);
      return;
    }
    const at = this.#room(bytes.length);
    this.#buffer.set(bytes, at);
  }

  /** The bytes written since the last large part (a view: copy it to keep it). */
  contents(): Uint8Array {
    return this.#buffer.subarray(0, this.length);
  }
}

const TAG = (tag: string) => tag.charCodeAt(0);

/** A visitor that writes the binary encoding to `out`. */
function binaryVisitor(out: ByteWriter): Visitor {
  const text = (tag: string, value: string) => {
    const bytes = encoder.encode(value);
    out.tag(TAG(tag));
    out.u32(bytes.length);
    out.bytes(bytes);
  };
  return {
    atom: (kind) => out.tag(TAGS[kind]),
    integer: (value) => (out.tag(TAG("i")), out.i64(value)),
    float: (value) => (out.tag(TAG("f")), out.f64(value)),
    bigint: (value) => {
      const magnitude = bigintMagnitude(value);
      out.tag(TAG("b"));
      out.tag(value < 0n ? 0x2d : 0x2b);
      out.u32(magnitude.length);
      out.bytes(magnitude);
    },
    string: (value) => text("s", value),
    bytes: (value) => {
      out.tag(TAG("u"));
      out.u32(value.length);
      out.bytes(value);
    },
    array: (count) => (out.tag(TAG("a")), out.u32(count)),
    object: (count) => (out.tag(TAG("o")), out.u32(count)),
    key: (name) => {
      const bytes = encoder.encode(name);
      out.u32(bytes.length);
      out.bytes(bytes);
    },
    end: () => {},
  };
}

/** The format-version preamble that starts every encoded key. */
const PREAMBLE = encoder.encode(`ingot-cache-key\0${CACHE_FORMAT_VERSION}\0`);

/**
 * The canonical binary encoding of `value` (see the module doc for the format).
 *
 * @throws {TypeError} naming the path of the first part that cannot be encoded exactly.
 */
export function canonicalEncode(value: unknown): Uint8Array {
  const out = new ByteWriter();
  visit(value, binaryVisitor(out));
  return out.contents().slice();
}

/** Byte arrays of at least this many bytes are hashed in place rather than copied. */
const LARGE_BYTES = 4096;

/**
 * The cache key of `input`: SHA-256 (lower-case hex) of the format-version preamble followed by
 * the canonical encoding of the WHOLE input. The encoding streams into the hash, so the wasm
 * bytes are hashed in place, never copied.
 *
 * @throws {TypeError} naming the path of the first part that cannot be encoded exactly.
 */
export function cacheKey(input: CompileInput): string {
  const hash = createHash("sha256");
  const update = (part: Uint8Array) => void hash.update(part);
  const out = new ByteWriter({ threshold: LARGE_BYTES, flushed: update, bytes: update });
  out.bytes(PREAMBLE);
  visit(input, binaryVisitor(out));
  hash.update(out.contents());
  return hash.digest("hex");
}

/** Bytes longer than this are shown by length and SHA-256 in `canonicalText`. */
const TEXT_BYTES_LIMIT = 64;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function textVisitor(lines: string[]): Visitor {
  let depth = 1;
  const line = (text: string) => lines.push(`${"  ".repeat(depth)}${text}`);
  const bitsOf = (value: number) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    return view.getBigUint64(0).toString(16).padStart(16, "0");
  };
  return {
    atom: (kind) => line(kind),
    integer: (value) => line(`int ${value}`),
    float: (value) => line(`float ${Object.is(value, -0) ? "-0" : value} (0x${bitsOf(value)})`),
    bigint: (value) => line(`bigint ${value}`),
    string: (value) => line(`string ${JSON.stringify(value)}`),
    bytes: (value) => {
      if (value.length <= TEXT_BYTES_LIMIT) return line(`bytes ${value.length} ${hex(value)}`);
      const digest = createHash("sha256").update(value).digest("hex");
      line(`bytes ${value.length} sha256:${digest}`);
    },
    array: (count) => (line(`array ${count}`), depth++),
    object: (count) => (line(`object ${count}`), depth++),
    key: (name) => line(`key ${JSON.stringify(name)}`),
    end: () => void depth--,
  };
}

/**
 * A readable rendering of the canonical encoding of `input` and of its key, one part per line,
 * so a golden file can pin how keys are built and any change shows in review.
 *
 * @throws {TypeError} naming the path of the first part that cannot be encoded exactly.
 */
export function canonicalText(input: CompileInput): string {
  const lines = [`ingot-cache-key format ${CACHE_FORMAT_VERSION}`];
  visit(input, textVisitor(lines));
  lines.push(`sha256 ${cacheKey(input)}`);
  return `${lines.join("\n")}\n`;
}

/**
 * A deep, frozen copy of `value` built from exactly the parts the encoding reads, so the copy
 * encodes to the same bytes. Byte arrays are copied (they cannot be frozen).
 *
 * @throws {TypeError} as `canonicalEncode` does.
 */
export function frozenCopy<T>(value: T): T {
  visit(value, binaryVisitor(new ByteWriter({ threshold: 0, flushed: () => {}, bytes: () => {} })));
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return Object.freeze(value.map(copy));
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null
    ? Object.create(null)
    : {};
  for (const [name, item] of Object.entries(value)) {
    // defineProperty, not assignment: a "__proto__" key must stay an own data property.
    Object.defineProperty(out, name, { value: copy(item), enumerable: true });
  }
  return Object.freeze(out);
}
