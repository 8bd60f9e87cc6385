/**
 * The Liftoff side of `compile_bench.ts`, run as a Deno subprocess with V8 flags that make
 * `new WebAssembly.Module` compile every function with Liftoff, eagerly, on one thread
 * (`--liftoff --no-wasm-tier-up --no-wasm-lazy-compilation --single-threaded`).
 *
 * Protocol: the module's path is the argument; each line on stdin asks for one compile, which
 * is answered by one line on stdout, the milliseconds `new WebAssembly.Module` took. Each
 * compile appends a different one-byte custom section, because V8 caches native modules by
 * their bytes and would otherwise answer every compile after the first from that cache.
 *
 * @module
 */

const wasm = Deno.readFileSync(Deno.args[0]!);
/** A custom section with an empty name and one payload byte: id 0, size 2, name length 0. */
const SUFFIX = [0, 2, 0];

let compiles = 0;
const decoder = new TextDecoder();
const encoder = new TextEncoder();
let pending = "";
for await (const chunk of Deno.stdin.readable) {
  pending += decoder.decode(chunk, { stream: true });
  let newline;
  while ((newline = pending.indexOf("\n")) >= 0) {
    pending = pending.slice(newline + 1);
    const bytes = new Uint8Array(wasm.length + SUFFIX.length + 1);
    bytes.set(wasm);
    bytes.set([...SUFFIX, compiles++ & 0xff], wasm.length);
    const start = performance.now();
    new WebAssembly.Module(bytes);
    const ms = performance.now() - start;
    await Deno.stdout.write(encoder.encode(`${ms}\n`));
  }
}
