/*
 * Tables (spec 4.2.7 "Table Instances", 4.4.6 "Table Instructions") and the table and
 * element-segment libcalls. Elements are `struct ingot_func *` (funcref) or opaque words
 * (externref); NULL is the null reference. Every range is checked before anything is written,
 * as the 2.0 bulk-memory semantics require.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

ingot_table_obj *ingot_table_new(uint8_t elem_type, uint32_t min, bool has_max, uint32_t max) {
  if (min > INGOT_MAX_TABLE_SIZE) return NULL;
  ingot_table_obj *table = calloc(1, sizeof *table);
  if (table == NULL) return NULL;
  table->abi.elements = calloc(min == 0 ? 1 : min, sizeof(void *));
  if (table->abi.elements == NULL) {
    free(table);
    return NULL;
  }
  table->abi.size = min;
  table->abi.max = has_max ? max : UINT32_MAX;
  table->abi.elem_type = elem_type;
  table->has_max = has_max;
  return table;
}

void ingot_table_free(ingot_table_obj *table) {
  if (table == NULL) return;
  free(table->abi.elements);
  free(table);
}

int32_t ingot_table_grow_obj(ingot_table_obj *table, void *init, uint32_t delta) {
  uint32_t old = table->abi.size;
  if ((uint64_t)old + delta > table->abi.max) return -1;
  if ((uint64_t)old + delta > INGOT_MAX_TABLE_SIZE) return -1;
  uint32_t size = old + delta;
  if (delta != 0) {
    void **grown = realloc(table->abi.elements, (size_t)size * sizeof(void *));
    if (grown == NULL) return -1;
    for (uint32_t i = old; i < size; i++) grown[i] = init;
    table->abi.elements = grown;
    table->abi.size = size;
  }
  return (int32_t)old;
}

static ingot_table_obj *table_at(struct ingot_vmctx *vmctx, uint32_t index) {
  return ingot_instance_of(vmctx)->tables[index];
}

static void check_range(struct ingot_vmctx *vmctx, uint64_t start, uint64_t length,
                        uint64_t limit) {
  if (start + length > limit) ingot_trap(vmctx, INGOT_TRAP_TABLE_OOB);
}

int32_t ingot_table_grow(struct ingot_vmctx *vmctx, uint32_t table, void *init, uint32_t delta) {
  return ingot_table_grow_obj(table_at(vmctx, table), init, delta);
}

void ingot_table_fill(struct ingot_vmctx *vmctx, uint32_t table, uint32_t dst, void *value,
                      uint32_t n) {
  struct ingot_table *abi = &table_at(vmctx, table)->abi;
  check_range(vmctx, dst, n, abi->size);
  for (uint32_t i = 0; i < n; i++) abi->elements[dst + i] = value;
}

void ingot_table_copy(struct ingot_vmctx *vmctx, uint32_t dst_table, uint32_t src_table,
                      uint32_t dst, uint32_t src, uint32_t n) {
  struct ingot_table *to = &table_at(vmctx, dst_table)->abi;
  struct ingot_table *from = &table_at(vmctx, src_table)->abi;
  check_range(vmctx, dst, n, to->size);
  check_range(vmctx, src, n, from->size);
  if (n != 0) memmove(to->elements + dst, from->elements + src, (size_t)n * sizeof(void *));
}

void ingot_table_init(struct ingot_vmctx *vmctx, uint32_t table, uint32_t seg, uint32_t dst,
                      uint32_t src, uint32_t n) {
  struct ingot_table *abi = &table_at(vmctx, table)->abi;
  const struct ingot_elem_inst *elem = &ingot_instance_of(vmctx)->elems[seg];
  check_range(vmctx, src, n, elem->count);
  check_range(vmctx, dst, n, abi->size);
  if (n != 0) memcpy(abi->elements + dst, elem->items + src, (size_t)n * sizeof(void *));
}

void ingot_elem_drop(struct ingot_vmctx *vmctx, uint32_t seg) {
  ingot_instance_of(vmctx)->elems[seg].count = 0;
}
