import assert from "node:assert/strict";
import { buildProgram, runProgram } from "./_c_test_util.ts";
import { testModulesSource } from "./_modules_test_fixture.ts";

const MAIN = String.raw`
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "ingot.h"

extern const struct ingot_module_desc A_module, B_module, BAD_modules[7];
extern const struct ingot_module_desc TRAP_ELEM_module, TRAP_DATA_module, TRAP_START_module;

static ingot_store *store;

static void call(ingot_instance *inst, const char *name, int32_t a, int32_t b) {
  uint64_t slots[2] = {(uint32_t)a, (uint32_t)b};
  const char *message;
  uint32_t code = ingot_invoke(inst, name, strlen(name), slots, &message);
  if (code == INGOT_TRAP_NONE) printf("%s(%d, %d) = %d\n", name, a, b, (int32_t)slots[0]);
  else printf("%s(%d, %d) trap %u %s\n", name, a, b, code, message);
}

static void global(ingot_instance *inst, const char *name) {
  uint8_t type = 0;
  uint64_t value[2] = {0, 0};
  int found = ingot_global_get(inst, name, strlen(name), &type, value);
  printf("global %s: found=%d type=0x%x nonzero=%d low=%" PRIu32 "\n", name, found, type,
         value[0] != 0, (uint32_t)value[0]);
}

static void try_instantiate(const char *what, const struct ingot_module_desc *desc) {
  ingot_error error;
  ingot_instance *inst = ingot_instantiate(store, desc, &error);
  if (inst != NULL) printf("%s: ok\n", what);
  else printf("%s: status=%d trap=%u %s\n", what, error.status, error.trap, error.message);
}

int main(void) {
  store = ingot_store_new();
  ingot_store_add_spectest(store);
  ingot_error error;
  ingot_instance *a = ingot_instantiate(store, &A_module, &error);
  if (a == NULL) { printf("A failed: %s\n", error.message); return 1; }
  ingot_register(store, "A", 1, a);
  call(a, "add", 2, 40);
  call(a, "div", 7, 2);
  call(a, "div", 7, 0);
  call(a, "load", 666, 0);
  call(a, "load", 65532, 0);
  call(a, "load", 65533, 0);
  call(a, "call_print", 5, 0);
  call(a, "call_indirect", 1, 0);
  call(a, "call_indirect", 2, 0);
  call(a, "call_indirect", 3, 0);
  call(a, "call_indirect", 4, 0);
  call(a, "recurse", 0, 0);
  call(a, "add", 1, 1);
  call(a, "nothing", 0, 0);
  call(a, "we", 1, 2);
  {
    uint64_t slots[2] = {3, 4};
    uint32_t code = ingot_invoke(a, "we\0ird", 6, slots, NULL);
    printf("we\\0ird: %u %d\n", code, (int32_t)slots[0]);
  }
  global(a, "g_imported");
  global(a, "g_mut");
  global(a, "g_copy");
  global(a, "g_ref");
  uint64_t v[2] = {99, 0};
  printf("set g_mut: %d, set g_copy: %d\n", ingot_global_set(a, "g_mut", 5, v),
         ingot_global_set(a, "g_copy", 6, v));
  global(a, "g_mut");
  uint8_t *base; uint64_t size;
  ingot_memory_get(a, "mem", 3, &base, &size);
  printf("mem size %" PRIu64 " data %.5s\n", size, (const char *)base + 666);
  /* Passive segments and their drops. */
  call(a, "memory_init", 100, 0);
  printf("mem[100] %.3s\n", (const char *)base + 100);
  call(a, "memory_init", 100, 0);
  call(a, "memory_init", 65536, 0);
  call(a, "table_init", 0, 0);
  call(a, "call_indirect", 0, 0);
  call(a, "table_init", 0, 0);
  call(a, "bulk", 0, 0);
  call(a, "bulk", 1, 0);
  call(a, "bulk", 2, 0);
  call(a, "tab_ops", 0, 0);
  call(a, "tab_ops", 1, 0);
  call(a, "tab_ops", 2, 0);
  /* Linking against A; shared memory sizes. */
  for (int i = 0; i < 7; i++) {
    char what[16];
    snprintf(what, sizeof what, "BAD[%d]", i);
    try_instantiate(what, &BAD_modules[i]);
  }
  ingot_instance *b = ingot_instantiate(store, &B_module, &error);
  if (b == NULL) { printf("B failed: %s\n", error.message); return 1; }
  call(b, "size", 0, 0);
  call(a, "grow", 1, 0);
  call(b, "size", 0, 0);
  call(a, "load", 65536 + 65532, 0);
  call(a, "grow", 2, 0);
  call(a, "grow", 0, 0);
  call(b, "add_again", 20, 22);
  call(a, "table_grow", 3, 0);
  call(a, "table_grow", 4, 0);
  call(a, "call_indirect", 6, 0);
  try_instantiate("TRAP_ELEM", &TRAP_ELEM_module);
  call(a, "call_indirect", 0, 0);
  try_instantiate("TRAP_DATA", &TRAP_DATA_module);
  printf("mem[10] %.2s\n", (const char *)base + 10);
  try_instantiate("TRAP_START", &TRAP_START_module);
  ingot_store_free(store);
  printf("done\n");
  return 0;
}
`;

const EXPECTED = `add(2, 40) = 42
div(7, 2) = 3
div(7, 0) trap 2 integer divide by zero
load(666, 0) = 1819043176
load(65532, 0) = 0
load(65533, 0) trap 5 out of bounds memory access
call_print(5, 0) = 6
call_indirect(1, 0) = 13
call_indirect(2, 0) trap 8 uninitialized element
call_indirect(3, 0) trap 9 indirect call type mismatch
call_indirect(4, 0) trap 7 undefined element
recurse(0, 0) trap 10 call stack exhausted
add(1, 1) = 2
nothing(0, 0) trap 256 no function export of that name
we(1, 2) trap 256 no function export of that name
we\\0ird: 0 7
global g_imported: found=1 type=0x7f nonzero=1 low=666
global g_mut: found=1 type=0x7f nonzero=1 low=42
global g_copy: found=1 type=0x7f nonzero=1 low=666
global g_ref: found=1 type=0x70 nonzero=1 low=LOW
set g_mut: 1, set g_copy: 0
global g_mut: found=1 type=0x7f nonzero=1 low=99
mem size 65536 data hello
memory_init(100, 0) = 0
mem[100] xyz
memory_init(100, 0) trap 5 out of bounds memory access
memory_init(65536, 0) trap 5 out of bounds memory access
table_init(0, 0) = 0
call_indirect(0, 0) = 3
table_init(0, 0) trap 6 out of bounds table access
bulk(0, 0) = 1903259904
bulk(1, 0) trap 5 out of bounds memory access
bulk(2, 0) trap 5 out of bounds memory access
tab_ops(0, 0) = 6
tab_ops(1, 0) trap 6 out of bounds table access
tab_ops(2, 0) trap 6 out of bounds table access
BAD[0]: status=1 trap=0 unknown import: "spectest"."nothing"
BAD[1]: status=1 trap=0 unknown import: "nowhere"."print"
BAD[2]: status=1 trap=0 incompatible import type: "spectest"."global_i32"
BAD[3]: status=1 trap=0 incompatible import type: "spectest"."memory"
BAD[4]: status=1 trap=0 incompatible import type: "spectest"."table"
BAD[5]: status=1 trap=0 incompatible import type: "A"."add"
BAD[6]: status=1 trap=0 incompatible import type: "spectest"."print_i32"
size(0, 0) = 1
grow(1, 0) = 1
size(0, 0) = 2
load(131068, 0) = 0
grow(2, 0) = -1
grow(0, 0) = 2
add_again(20, 22) = 42
table_grow(3, 0) = 4
table_grow(4, 0) = -1
call_indirect(6, 0) = 13
TRAP_ELEM: status=2 trap=6 out of bounds table access (element segment)
call_indirect(0, 0) trap 9 indirect call type mismatch
TRAP_DATA: status=2 trap=5 out of bounds memory access (data segment)
mem[10] AB
TRAP_START: status=2 trap=1 unreachable (start function)
done
`;

Deno.test("the runtime instantiates, links, calls and traps hand-written modules", async () => {
  const program = await buildProgram([testModulesSource(), MAIN]);
  const result = await runProgram(program);
  assert.equal(result.signal, null, result.stderr);
  const lines = result.stdout.replace(/(g_ref: .* low=)\d+/, "$1LOW");
  assert.equal(lines, EXPECTED, result.stderr);
  assert.match(result.stderr, /spectest\.print_i32: 5/);
});
