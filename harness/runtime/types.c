/*
 * Canonical function type ids: every function type of every module is interned by structure
 * into one process-wide table, so two types are equal exactly when their ids are (used by
 * call_indirect's check and by import matching).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct interned_type {
  uint32_t num_params, num_results;
  uint8_t *types;
};

static struct interned_type *table;
static uint32_t count, capacity;

uint32_t ingot_intern_type(uint32_t num_params, uint32_t num_results, const uint8_t *types) {
  size_t len = (size_t)num_params + num_results;
  for (uint32_t id = 0; id < count; id++) {
    const struct interned_type *entry = &table[id];
    if (entry->num_params == num_params && entry->num_results == num_results &&
        (len == 0 || memcmp(entry->types, types, len) == 0)) {
      return id;
    }
  }
  if (count == capacity) {
    uint32_t next = capacity == 0 ? 64 : capacity * 2;
    struct interned_type *grown = realloc(table, next * sizeof *table);
    if (grown == NULL) abort();
    table = grown;
    capacity = next;
  }
  uint8_t *copy = malloc(len == 0 ? 1 : len);
  if (copy == NULL) abort();
  if (len != 0) memcpy(copy, types, len);
  table[count] = (struct interned_type){num_params, num_results, copy};
  return count++;
}

ingot_functype ingot_type_of_id(uint32_t id) {
  if (id >= count) return (ingot_functype){0, 0, NULL};
  const struct interned_type *entry = &table[id];
  return (ingot_functype){entry->num_params, entry->num_results, entry->types};
}
