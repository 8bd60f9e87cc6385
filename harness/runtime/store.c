/* Stores: instance lists, owned allocations, name registrations and export lookup. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const uint32_t INGOT_ABI_CHECK_SYMBOL = INGOT_ABI_VERSION;

ingot_store *ingot_store_new(void) {
  ingot_signals_install();
  return calloc(1, sizeof(ingot_store));
}

static bool grow_array(void **array, size_t *cap, size_t count, size_t elem) {
  if (count < *cap) return true;
  size_t next = *cap == 0 ? 8 : *cap * 2;
  void *grown = realloc(*array, next * elem);
  if (grown == NULL) return false;
  *array = grown;
  *cap = next;
  return true;
}

void ingot_store_own(ingot_store *store, void *block) {
  if (block == NULL) return;
  void *array = store->allocations;
  if (!grow_array(&array, &store->cap_allocations, store->num_allocations, sizeof(void *))) {
    abort(); /* cannot track the block: out of memory */
  }
  store->allocations = array;
  store->allocations[store->num_allocations++] = block;
}

void *ingot_store_alloc(ingot_store *store, size_t size) {
  void *block = calloc(1, size == 0 ? 1 : size);
  if (block != NULL) ingot_store_own(store, block);
  return block;
}

void ingot_store_free(ingot_store *store) {
  if (store == NULL) return;
  for (ingot_instance *instance = store->instances; instance != NULL;) {
    ingot_instance *next = instance->next;
    if (instance->desc != NULL) {
      for (uint32_t i = instance->desc->num_imported_memories; i < instance->desc->num_memories;
           i++) {
        ingot_memory_free(instance->memories[i]);
      }
      for (uint32_t i = instance->desc->num_imported_tables; i < instance->desc->num_tables;
           i++) {
        ingot_table_free(instance->tables[i]);
      }
    }
    instance = next;
  }
  for (size_t i = 0; i < store->num_allocations; i++) free(store->allocations[i]);
  free(store->allocations);
  free(store->registered);
  free(store);
}

int ingot_register(ingot_store *store, const char *name, size_t name_len,
                   ingot_instance *instance) {
  void *array = store->registered;
  if (!grow_array(&array, &store->cap_registered, store->num_registered,
                  sizeof(struct ingot_registration))) {
    return 0;
  }
  store->registered = array;
  char *copy = ingot_store_alloc(store, name_len + 1);
  if (copy == NULL) return 0;
  memcpy(copy, name, name_len);
  store->registered[store->num_registered++] =
      (struct ingot_registration){.name = copy, .name_len = name_len, .instance = instance};
  return 1;
}

ingot_instance *ingot_find_registered(const ingot_store *store, const char *name,
                                      size_t name_len) {
  for (size_t i = store->num_registered; i-- > 0;) {
    const struct ingot_registration *entry = &store->registered[i];
    if (entry->name_len == name_len && memcmp(entry->name, name, name_len) == 0) {
      return entry->instance;
    }
  }
  return NULL;
}

const ingot_extern *ingot_find_export(const ingot_instance *instance, const char *name,
                                      size_t name_len) {
  for (size_t i = 0; i < instance->num_exports; i++) {
    const struct ingot_named_extern *entry = &instance->exports[i];
    if (entry->name_len == name_len && memcmp(entry->name, name, name_len) == 0) {
      return &entry->value;
    }
  }
  return NULL;
}

void ingot_set_error(ingot_error *error, enum ingot_status status, const char *fmt, ...) {
  if (error == NULL) return;
  error->status = status;
  error->trap = INGOT_TRAP_NONE;
  va_list args;
  va_start(args, fmt);
  vsnprintf(error->message, sizeof error->message, fmt, args);
  va_end(args);
}

ingot_instance *ingot_host_instance_new(ingot_store *store, const char *const *names,
                                        const ingot_extern *externs, size_t count) {
  ingot_instance *instance = ingot_store_alloc(store, sizeof(ingot_instance));
  if (instance == NULL) return NULL;
  instance->store = store;
  instance->exports = ingot_store_alloc(store, count * sizeof(struct ingot_named_extern));
  if (instance->exports == NULL) return NULL;
  for (size_t i = 0; i < count; i++) {
    size_t len = strlen(names[i]);
    char *copy = ingot_store_alloc(store, len + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, names[i], len);
    instance->exports[i] =
        (struct ingot_named_extern){.name = copy, .name_len = len, .value = externs[i]};
  }
  instance->num_exports = count;
  instance->next = store->instances;
  store->instances = instance;
  return instance;
}

struct ingot_func *ingot_host_func_new(ingot_store *store, const ingot_host_func *host) {
  struct ingot_host_record *record = ingot_store_alloc(store, sizeof *record);
  if (record == NULL) return NULL;
  record->host = host;
  record->func.wasm_call = NULL; /* set per importer, from its adapter */
  record->func.array_call = (void *)host->fn;
  record->func.vmctx = &record->func;
  record->func.type_id =
      ingot_intern_type(host->type.num_params, host->type.num_results, host->type.types);
  return &record->func;
}
