/**
 * A real C program for the compile benchmark: a generated, deterministic C source (bytecode
 * interpreters, number crunching, hashing, sorting, parsing, linked structures and indirect
 * calls, the shapes of compiled C), built to wasm32 by `clang-16` + `wasm-ld-16` when they are
 * installed (`apt-get install -y clang-16 lld-16`). The clang toolchain is optional: without it
 * `buildCProgram` returns `undefined` and the benchmark falls back to the synthetic module.
 *
 * The program is never run, only compiled, so it needs no libc (`-nostdlib`): every function is
 * exported (`--export-all`) so none is dropped.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Options of `generateCProgram` and `buildCProgram`. */
export interface CProgramOptions {
  /** Number of units; each adds one function of every family (default 160, about 0.5 MB). */
  readonly units?: number;
  /** Seed of the generator (default 1). */
  readonly seed?: number;
}

/** The C compiler and linker the program is built with. */
export const CLANG = "clang-16";
const WASM_LD = "wasm-ld-16";

/** Flags of the build (the brief's: freestanding wasm32, every function exported). */
export const CLANG_FLAGS: readonly string[] = [
  "--target=wasm32",
  "-O2",
  "-nostdlib",
  "-fuse-ld=lld",
  "-Wl,--no-entry",
  "-Wl,--export-all",
];

/** A small deterministic PRNG (mulberry32), so the same options give the same source. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = ReturnType<typeof prng>;

function int(random: Random, below: number): number {
  return Math.floor(random() * below);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[int(random, items.length)]!;
}

const PRELUDE = `typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;
struct node { int key; i64 value; double weight; struct node *next; };
static struct node pool[4096];
static int pool_used;
static int heap[65536];
static double fheap[8192];
typedef int (*handler)(int, int);
void *memset(void *d, int c, unsigned long n) {
  volatile unsigned char *p = d; while (n--) *p++ = (unsigned char)c; return d;
}
void *memcpy(void *d, const void *s, unsigned long n) {
  volatile unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d;
}
`;

/** Operations of the interpreters' `switch`, over `sp`, `stack`, `acc`, `pc` and `mem`. */
const VM_OPS: readonly string[] = [
  "stack[sp - 2] += stack[sp - 1]; sp--;",
  "stack[sp - 2] -= stack[sp - 1]; sp--;",
  "stack[sp - 2] *= stack[sp - 1]; sp--;",
  "if (stack[sp - 1] != 0) stack[sp - 2] /= stack[sp - 1]; sp--;",
  "stack[sp - 2] ^= stack[sp - 1] << (code[pc] & 31); sp--; pc++;",
  "stack[sp++] = code[pc] | (code[pc + 1] << 8); pc += 2;",
  "stack[sp++] = mem[code[pc++] & 1023];",
  "mem[code[pc++] & 1023] = (int)stack[--sp];",
  "if (stack[--sp] == 0) pc = code[pc]; else pc++;",
  "pc = code[pc];",
  "acc += stack[sp - 1] * 3 + (acc >> 7);",
  "stack[sp - 1] = stack[sp - 1] < 0 ? -stack[sp - 1] : stack[sp - 1];",
  "stack[sp] = stack[sp - 1]; sp++;",
  "{ i64 t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; }",
  "stack[sp - 1] = (i64)((u64)stack[sp - 1] >> (code[pc++] & 63));",
  "acc ^= (u64)stack[--sp] * 0x9E3779B97F4A7C15ull;",
];

function vmFunction(random: Random, id: number): string {
  const cases = Array.from({ length: 10 + int(random, 7) }, (_, op) => {
    const body = pick(random, VM_OPS);
    return `    case ${op}: ${body} break;`;
  });
  return `i64 vm_${id}(const unsigned char *code, int n, i64 *stack, int *mem) {
  int pc = 0, sp = 2, steps = 0; i64 acc = ${int(random, 1000)};
  while (pc < n && steps++ < ${1000 + int(random, 9000)}) {
    switch (code[pc++] % ${cases.length + 1}) {
${cases.join("\n")}
    default: return acc + stack[sp - 1];
    }
    if (sp < 2) sp = 2; if (sp > 250) sp = 250;
  }
  return acc;
}
`;
}

/** A random arithmetic expression over the locals `a`-`d` (int, int, i64, double). */
function expression(random: Random, depth: number, type: "int" | "i64" | "double"): string {
  if (depth === 0 || random() < 0.25) {
    const leaves = type === "double"
      ? ["d", "(double)a", `${(random() * 100).toFixed(3)}`, "fheap[a & 8191]"]
      : type === "i64"
      ? ["c", "(i64)a * b", `${int(random, 1 << 30)}LL`, "pool[b & 4095].value"]
      : ["a", "b", `${int(random, 1000)}`, "heap[(a ^ b) & 65535]", "(int)c"];
    return pick(random, leaves);
  }
  const left = expression(random, depth - 1, type), right = expression(random, depth - 1, type);
  const ops = type === "double" ? ["+", "-", "*", "/"] : ["+", "-", "*", "^", "&", "|", "<<", ">>"];
  const op = pick(random, ops);
  if (op === "<<" || op === ">>") return `(${left} ${op} (${right} & 15))`;
  if (type === "double" && random() < 0.2) return `__builtin_sqrt(__builtin_fabs(${left}))`;
  return `(${left} ${op} ${right})`;
}

function exprFunction(random: Random, id: number): string {
  const statements: string[] = [];
  for (let i = 0; i < 3 + int(random, 4); i++) {
    const type = pick(random, ["int", "i64", "double"] as const);
    const target = type === "int" ? "a" : type === "i64" ? "c" : "d";
    const value = expression(random, 3, type);
    statements.push(
      random() < 0.4
        ? `  if (${expression(random, 1, "int")} > ${int(random, 100)}) ${target} = ${value};`
        : random() < 0.5
        ? `  for (int i = 0; i < (b & 15); i++) ${target} += ${value};`
        : `  ${target} = ${value};`,
    );
  }
  return `double expr_${id}(int a, int b, i64 c, double d) {
${statements.join("\n")}
  return a + (double)c + d;
}
`;
}

function crunchFunction(random: Random, id: number): string {
  const coefficients = Array.from({ length: 4 + int(random, 5) }, () => (random() * 4 - 2));
  const polynomial = coefficients.reduce(
    (text, k) => `(${text}) * x + ${k.toFixed(6)}`,
    "0.0",
  );
  return `double crunch_${id}(double *a, double *b, int n) {
  double sum = 0.0, best = -1e300;
  for (int i = 0; i < n; i++) {
    double x = a[i] * ${(random() * 3).toFixed(4)} + b[(i * ${1 + int(random, 7)}) % n];
    double y = ${polynomial};
    if (y > best) best = y;
    sum += y * b[i];
    a[i] = __builtin_floor(y * 0.5) + __builtin_trunc(x);
  }
  for (int i = 0; i + 1 < n; i += 2) sum -= a[i] * a[i + 1];
  return sum + best;
}
`;
}

function hashFunction(random: Random, id: number): string {
  const rotate = 5 + int(random, 20);
  return `u32 hash_${id}(const unsigned char *p, int n, u64 seed) {
  u64 h = seed ^ ${int(random, 1 << 30)}ULL * 0x100000001B3ULL;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    u32 w = p[i] | (p[i + 1] << 8) | (p[i + 2] << 16) | ((u32)p[i + 3] << 24);
    h = (h ^ w) * 0x${(0x9e3779b1 + id * 2).toString(16)}ULL;
    h = (h << ${rotate}) | (h >> ${64 - rotate});
  }
  for (; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
  h ^= h >> ${13 + int(random, 20)};
  return (u32)(h ^ (h >> 32));
}
`;
}

function sortFunction(random: Random, id: number): string {
  const less = pick(random, [
    "x < y",
    "x > y",
    "(x & 255) < (y & 255)",
    "(u32)x < (u32)y",
    "(x ^ 0x55) < (y ^ 0x55)",
  ]);
  return `void sort_${id}(int *v, int n) {
  static const int gaps[] = { ${
    [701, 301, 132, 57, 23, 10, 4, 1].map((g) => g + int(random, 3)).join(", ")
  } };
  for (int g = 0; g < 8; g++) {
    int gap = gaps[g];
    for (int i = gap; i < n; i++) {
      int y = v[i], j = i;
      for (; j >= gap; j -= gap) { int x = v[j - gap]; if (!(${less})) break; v[j] = x; }
      v[j] = y;
    }
  }
}
`;
}

function parseFunction(random: Random, id: number): string {
  const base = pick(random, [8, 10, 16]);
  return `int parse_${id}(const char *s, int *out, int limit) {
  int count = 0, value = 0, in_number = 0, line = 1;
  for (; *s && count < limit; s++) {
    char ch = *s;
    int digit = ch >= '0' && ch <= '9' ? ch - '0'
      : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
    if (digit >= 0 && digit < ${base}) { value = value * ${base} + digit; in_number = 1; continue; }
    if (in_number) { out[count++] = value ^ line; value = 0; in_number = 0; }
    switch (ch) {
      case '\\n': line++; break;
      case '#': while (s[1] && s[1] != '\\n') s++; break;
      case '+': if (count > 0) out[count - 1] += ${int(random, 9) + 1}; break;
      case '-': if (count > 0) out[count - 1] = -out[count - 1]; break;
      case '*': if (count > 1) { out[count - 2] *= out[count - 1]; count--; } break;
      default: break;
    }
  }
  if (in_number && count < limit) out[count++] = value;
  return count;
}
`;
}

function listFunction(random: Random, id: number): string {
  return `i64 list_${id}(int n, int key) {
  struct node *head = 0;
  for (int i = 0; i < n && pool_used < 4096; i++) {
    struct node *fresh = &pool[pool_used++];
    fresh->key = (key + i * ${1 + int(random, 31)}) & 1023;
    fresh->value = (i64)fresh->key * ${int(random, 100000)};
    fresh->weight = fresh->key * ${random().toFixed(5)};
    struct node **at = &head;
    while (*at && (*at)->key < fresh->key) at = &(*at)->next;
    fresh->next = *at; *at = fresh;
  }
  i64 total = 0;
  for (struct node *it = head; it; it = it->next) total += it->value + (i64)it->weight;
  return total;
}
`;
}

function dispatchFunction(random: Random, id: number, units: number): string {
  const targets = Array.from({ length: 4 }, () => `(handler)op_${int(random, units)}`);
  return `int op_${id}(int x, int y) { return (x * ${1 + int(random, 99)}) ^ (y >> ${
    int(random, 8)
  }); }
int dispatch_${id}(int n, int seed) {
  static const handler table[4] = { ${targets.join(", ")} };
  int acc = seed;
  for (int i = 0; i < n; i++) acc = table[(acc ^ i) & 3](acc, i);
  return acc;
}
`;
}

/** The C source: the prelude, then `units` functions of every family. */
export function generateCProgram(options: CProgramOptions = {}): string {
  const units = options.units ?? 160;
  const random = prng(options.seed ?? 1);
  const declarations = Array.from({ length: units }, (_, id) => `int op_${id}(int, int);`);
  const parts = [PRELUDE, declarations.join("\n"), "\n"];
  for (let id = 0; id < units; id++) {
    parts.push(
      vmFunction(random, id),
      exprFunction(random, id),
      crunchFunction(random, id),
      hashFunction(random, id),
      sortFunction(random, id),
      parseFunction(random, id),
      listFunction(random, id),
      dispatchFunction(random, id, units),
    );
  }
  return parts.join("\n");
}

/** Whether `clang-16` and `wasm-ld-16` are installed. */
export function clangAvailable(): boolean {
  const ok = (tool: string) => spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0;
  return ok(CLANG) && ok(WASM_LD);
}

/**
 * The program built to wasm32, or `undefined` when clang-16/wasm-ld-16 are not installed.
 * Builds are kept in `cacheDir` (default `.cache/bench` of the repository) by the SHA-256 of
 * the source and flags, so only the first run pays for clang.
 *
 * @throws {Error} when clang is installed but fails on the source.
 */
export function buildCProgram(
  options: CProgramOptions & { readonly cacheDir?: string } = {},
): Uint8Array | undefined {
  if (!clangAvailable()) return undefined;
  const source = generateCProgram(options);
  const key = createHash("sha256").update(CLANG_FLAGS.join(" ")).update(source).digest("hex");
  const cacheDir = options.cacheDir ??
    join(new URL("../..", import.meta.url).pathname, ".cache", "bench");
  const cached = join(cacheDir, `c_program-${key.slice(0, 16)}.wasm`);
  if (existsSync(cached)) return readFileSync(cached);
  const work = mkdtempSync(join(tmpdir(), "ingot-c-program-"));
  try {
    const input = join(work, "program.c"), output = join(work, "program.wasm");
    writeFileSync(input, source);
    const result = spawnSync(CLANG, [...CLANG_FLAGS, "-o", output, input], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${CLANG} failed: ${result.stderr}`);
    const wasm = readFileSync(output);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, wasm);
    return wasm;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
