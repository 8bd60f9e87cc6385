/*
 * The spec suite's `spectest` host module (spec interpreter's host/spectest.ml): print
 * functions (which write to stderr, keeping stdout for the embedder), four globals of value
 * 666, a funcref table of 10 elements (max 20) and a memory of 1 page (max 2).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void print_slots(void *record, uint64_t *slots) {
  const ingot_host_func *host = ((const struct ingot_host_record *)record)->host;
  fprintf(stderr, "spectest.%s:", host->name);
  for (uint32_t i = 0; i < host->type.num_params; i++) {
    uint8_t type = host->type.types[i];
    if (type == INGOT_VALTYPE_I32) fprintf(stderr, " %" PRIi32, (int32_t)slots[i]);
    if (type == INGOT_VALTYPE_I64) fprintf(stderr, " %" PRIi64, (int64_t)slots[i]);
    if (type == INGOT_VALTYPE_F32) {
      float value;
      uint32_t bits = (uint32_t)slots[i];
      memcpy(&value, &bits, sizeof value);
      fprintf(stderr, " %g", (double)value);
    }
    if (type == INGOT_VALTYPE_F64) {
      double value;
      memcpy(&value, &slots[i], sizeof value);
      fprintf(stderr, " %g", value);
    }
  }
  fputc('\n', stderr);
}

static const uint8_t I32 = INGOT_VALTYPE_I32, I64 = INGOT_VALTYPE_I64;
static const uint8_t F32 = INGOT_VALTYPE_F32, F64 = INGOT_VALTYPE_F64;
static const uint8_t NO_TYPES[1] = {0};
static const uint8_t I32_F32[2] = {INGOT_VALTYPE_I32, INGOT_VALTYPE_F32};
static const uint8_t F64_F64[2] = {INGOT_VALTYPE_F64, INGOT_VALTYPE_F64};

static const ingot_host_func PRINTS[] = {
    {"print", {0, 0, NO_TYPES}, print_slots},
    {"print_i32", {1, 0, &I32}, print_slots},
    {"print_i64", {1, 0, &I64}, print_slots},
    {"print_f32", {1, 0, &F32}, print_slots},
    {"print_f64", {1, 0, &F64}, print_slots},
    {"print_i32_f32", {2, 0, I32_F32}, print_slots},
    {"print_f64_f64", {2, 0, F64_F64}, print_slots},
};

#define NUM_PRINTS (sizeof PRINTS / sizeof PRINTS[0])
#define NUM_EXPORTS (NUM_PRINTS + 6)

static ingot_extern global_of(ingot_store *store, uint8_t type, uint64_t bits) {
  uint64_t *cell = ingot_store_alloc(store, INGOT_GLOBAL_CELL_SIZE);
  if (cell != NULL) cell[0] = bits;
  return (ingot_extern){.kind = INGOT_EXTERN_GLOBAL,
                        .as.global = {.cell = cell, .type = type, .mutable_ = 0}};
}

ingot_instance *ingot_spectest_new(ingot_store *store) {
  const char *names[NUM_EXPORTS];
  ingot_extern externs[NUM_EXPORTS];
  for (size_t i = 0; i < NUM_PRINTS; i++) {
    names[i] = PRINTS[i].name;
    externs[i] = (ingot_extern){.kind = INGOT_EXTERN_FUNC,
                                .as.func = ingot_host_func_new(store, &PRINTS[i])};
    if (externs[i].as.func == NULL) return NULL;
  }
  size_t next = NUM_PRINTS;
  names[next] = "global_i32";
  externs[next++] = global_of(store, INGOT_VALTYPE_I32, 666);
  names[next] = "global_i64";
  externs[next++] = global_of(store, INGOT_VALTYPE_I64, 666);
  names[next] = "global_f32";
  externs[next++] = global_of(store, INGOT_VALTYPE_F32, 0x4426a666u); /* 666.6f */
  names[next] = "global_f64";
  externs[next++] = global_of(store, INGOT_VALTYPE_F64, 0x4084d4cccccccccdull); /* 666.6 */
  ingot_table_obj *table = ingot_table_new(INGOT_VALTYPE_FUNCREF, 10, true, 20);
  ingot_memory *memory = ingot_memory_new(1, true, 2);
  if (table == NULL || memory == NULL) return NULL;
  names[next] = "table";
  externs[next++] = (ingot_extern){.kind = INGOT_EXTERN_TABLE, .as.table = table};
  names[next] = "memory";
  externs[next++] = (ingot_extern){.kind = INGOT_EXTERN_MEMORY, .as.memory = memory};
  return ingot_host_instance_new(store, names, externs, next);
}

int ingot_store_add_spectest(ingot_store *store) {
  ingot_instance *instance = ingot_spectest_new(store);
  if (instance == NULL) return 0;
  return ingot_register(store, "spectest", 8, instance);
}
