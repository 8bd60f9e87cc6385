import assert from "node:assert/strict";
import { buildProgram, layoutDefines } from "./_c_test_util.ts";

/* Module G, compiled "with guard pages": G_load_raw's load is a listed trap site, the same
 * load in G_unlisted_raw is not; G_wild faults outside any Wasm text. */
const SOURCE = String.raw`
#include <stdio.h>
#include <string.h>
#include "ingot.h"

__asm__(".text\n"
        ".globl G_text_start\nG_text_start:\n"
        "G_load_raw:\n  movl (%rdi), %eax\n  ret\n"
        "G_unlisted_raw:\n  movl (%rdi), %eax\n  ret\n"
        ".globl G_text_end\nG_text_end:\n");
extern const uint8_t G_text_start[], G_text_end[];
int32_t G_load_raw(const uint8_t *address);
int32_t G_unlisted_raw(const uint8_t *address);

static void G_load(void *vm, uint64_t *s) {
  s[0] = (uint32_t)G_load_raw(((struct ingot_vmctx *)vm)->memory_base + (uint32_t)s[0]);
}
static void G_unlisted(void *vm, uint64_t *s) {
  s[0] = (uint32_t)G_unlisted_raw(((struct ingot_vmctx *)vm)->memory_base + (uint32_t)s[0]);
}
static void G_wild(void *vm, uint64_t *s) {
  (void)vm;
  s[0] = (uint32_t)*(volatile int32_t *)(uintptr_t)s[0];
}

static const uint8_t T_I_I[] = {INGOT_VALTYPE_I32, INGOT_VALTYPE_I32};
static const struct ingot_functype_desc G_types[] = {{1, 1, T_I_I}};
static const struct ingot_func_desc G_funcs[] = {
  {0, NULL, (void *)G_load}, {0, NULL, (void *)G_unlisted}, {0, NULL, (void *)G_wild}};
static const struct ingot_export_desc G_exports[] = {
  {.name = "load", .name_len = 4, .kind = INGOT_EXTERN_FUNC, .index = 0},
  {.name = "unlisted", .name_len = 8, .kind = INGOT_EXTERN_FUNC, .index = 1},
  {.name = "wild", .name_len = 4, .kind = INGOT_EXTERN_FUNC, .index = 2}};
static const struct ingot_memory_desc G_memories[] = {{.min = 1}};
static const struct ingot_trap_site G_sites[] = {{0, INGOT_TRAP_MEMORY_OOB}};
const struct ingot_module_desc G_module = {
  .magic = INGOT_MODULE_MAGIC, .abi_version = INGOT_ABI_VERSION, .abi_check = &INGOT_ABI_CHECK_SYMBOL,
  G_LAYOUT, .bounds_checks = INGOT_BOUNDS_GUARD_PAGES, .start_func = UINT32_MAX,
  .num_types = 1, .types = G_types, .num_funcs = 3, .funcs = G_funcs, .num_exports = 3, .exports = G_exports,
  .num_memories = 1, .memories = G_memories, .num_trap_sites = 1, .trap_sites = G_sites,
  .text_start = G_text_start, .text_end = G_text_end,
};

static void call(ingot_instance *inst, const char *name, uint32_t arg) {
  uint64_t slots[1] = {arg};
  const char *message;
  uint32_t code = ingot_invoke(inst, name, strlen(name), slots, &message);
  if (code == INGOT_TRAP_NONE) printf("%s(%u) = %d\n", name, arg, (int32_t)slots[0]);
  else printf("%s(%u) trap %s\n", name, arg, message);
  fflush(stdout);
}

int main(int argc, char **argv) {
  (void)argc;
  ingot_store *store = ingot_store_new();
  ingot_instance *g = ingot_instantiate(store, &G_module, NULL);
  call(g, "load", 0);
  call(g, "load", 65536);
  call(g, "load", 0xffffffffu);
  call(g, "load", 65532);
  call(g, "load", 65533);
  call(g, argv[1], 65536);
  printf("survived\n");
  return 0;
}
`;

const PROGRAM = buildProgram([
  layoutDefines("G", {
    funcs: 3,
    definedFuncs: 3,
    types: 1,
    tables: 0,
    importedGlobals: 0,
    definedGlobals: 0,
  }) + SOURCE,
]);

const TRAPS = `load(0) = 0
load(65536) trap out of bounds memory access
load(4294967295) trap out of bounds memory access
load(65532) = 0
load(65533) trap out of bounds memory access
`;

async function run(mode: string) {
  const program = await PROGRAM;
  const child = new Deno.Command(program, { args: [mode], stdout: "piped", stderr: "piped" });
  const output = await child.output();
  return { ...output, stdout: new TextDecoder().decode(output.stdout) };
}

Deno.test("a fault at a listed trap site in Wasm text becomes its trap", async () => {
  const result = await run("load");
  assert.equal(result.stdout, `${TRAPS}load(65536) trap out of bounds memory access\nsurvived\n`);
  assert.equal(result.code, 0);
});

Deno.test("a fault in Wasm text at an unlisted pc kills the process with SIGSEGV", async () => {
  const result = await run("unlisted");
  assert.equal(result.stdout, TRAPS);
  assert.equal(result.signal, "SIGSEGV");
});

Deno.test("a fault outside Wasm text kills the process with SIGSEGV", async () => {
  const result = await run("wild");
  assert.equal(result.stdout, TRAPS);
  assert.equal(result.signal, "SIGSEGV");
});
