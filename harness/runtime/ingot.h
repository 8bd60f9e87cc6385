/*
 * Ingot's embedding API: instantiate compiled modules, link them by name, call their exports
 * and read their state. One store holds instances that may import from each other; a store and
 * its instances are used from one thread at a time.
 *
 * Values cross the API as 64-bit slots (the array convention of ingot_abi.h): i32 and f32 in
 * the low 32 bits, i64 and f64 whole, v128 in two slots (low half first), funcref as a
 * `struct ingot_func *` (0 = null) and externref as an opaque non-zero word (0 = null).
 */
#ifndef INGOT_H
#define INGOT_H

#include <stddef.h>
#include <stdint.h>

#include "ingot_abi.h"

typedef struct ingot_store ingot_store;
typedef struct ingot_instance ingot_instance;
typedef struct ingot_memory ingot_memory;
typedef struct ingot_table_obj ingot_table_obj;

/* Outcome of instantiation. */
enum ingot_status {
  INGOT_OK = 0,
  INGOT_ERR_UNLINKABLE = 1, /* "unknown import" / "incompatible import type" */
  INGOT_ERR_TRAP = 2,       /* a segment or the start function trapped */
  INGOT_ERR_BAD_MODULE = 3, /* wrong magic or ABI version */
  INGOT_ERR_RESOURCE = 4,   /* out of memory or address space */
};

/* Returned by ingot_invoke when there is no function export of that name. */
#define INGOT_INVOKE_NO_EXPORT 0x100u

/* The error of a failed instantiation. */
typedef struct ingot_error {
  enum ingot_status status;
  uint32_t trap; /* the trap code when status is INGOT_ERR_TRAP */
  char message[256];
} ingot_error;

/* An exported or importable entity. */
typedef struct ingot_extern {
  uint8_t kind; /* INGOT_EXTERN_* */
  union {
    struct ingot_func *func;
    ingot_memory *memory;
    ingot_table_obj *table;
    struct {
      uint64_t *cell; /* INGOT_GLOBAL_CELL_SIZE bytes */
      uint8_t type;   /* INGOT_VALTYPE_* */
      uint8_t mutable_;
    } global;
  } as;
} ingot_extern;

/* A function signature: `types` holds params then results as INGOT_VALTYPE_* bytes. */
typedef struct ingot_functype {
  uint32_t num_params;
  uint32_t num_results;
  const uint8_t *types;
} ingot_functype;

/* A host function: `fn(record, slots)` receives the record it is called through. */
typedef struct ingot_host_func {
  const char *name;
  ingot_functype type;
  ingot_array_call_fn fn;
} ingot_host_func;

/* Stores. */
ingot_store *ingot_store_new(void);
void ingot_store_free(ingot_store *store);

/* Registers the spec suite's `spectest` host module under the name "spectest". */
int ingot_store_add_spectest(ingot_store *store);

/* Makes `instance`'s exports importable under module name `name` (the latest wins). */
int ingot_register(ingot_store *store, const char *name, size_t name_len,
                   ingot_instance *instance);

/*
 * Instantiates `desc`: resolves imports, builds the vmctx, applies segments, runs the start
 * function. On failure returns NULL and fills `error` (which may be NULL).
 */
ingot_instance *ingot_instantiate(ingot_store *store, const struct ingot_module_desc *desc,
                                  ingot_error *error);

/* Builds a host instance exporting `externs[i]` under `names[i]`. */
ingot_instance *ingot_host_instance_new(ingot_store *store, const char *const *names,
                                        const ingot_extern *externs, size_t count);

/* Makes a host function record (for ingot_host_instance_new). */
struct ingot_func *ingot_host_func_new(ingot_store *store, const ingot_host_func *host);

/* Looks up an export; returns 1 when found. */
int ingot_export(ingot_instance *instance, const char *name, size_t name_len, ingot_extern *out);

/* The signature of a function reference. */
ingot_functype ingot_func_type(const struct ingot_func *func);

/*
 * Calls the function export `name` with arguments in `slots`; results replace them (`slots`
 * must hold max(params, results) slots, two per v128). Returns INGOT_TRAP_NONE, a trap code
 * (then `*message`, when not NULL, is the spec's text) or INGOT_INVOKE_NO_EXPORT.
 */
uint32_t ingot_invoke(ingot_instance *instance, const char *name, size_t name_len,
                      uint64_t *slots, const char **message);

/* Calls a function reference with the array convention, catching traps like ingot_invoke. */
uint32_t ingot_call(const struct ingot_func *func, uint64_t *slots, const char **message);

/* Reads a global export into out[0..1]; returns 1 when found. */
int ingot_global_get(ingot_instance *instance, const char *name, size_t name_len, uint8_t *type,
                     uint64_t out[2]);

/* Writes a mutable global export; returns 1 on success. */
int ingot_global_set(ingot_instance *instance, const char *name, size_t name_len,
                     const uint64_t value[2]);

/* The base and byte size of a memory export; returns 1 when found. */
int ingot_memory_get(ingot_instance *instance, const char *name, size_t name_len,
                     uint8_t **base, uint64_t *size);

/* Memory and table objects. */
uint8_t *ingot_memory_base(const ingot_memory *memory);
uint64_t ingot_memory_size(const ingot_memory *memory);
struct ingot_table *ingot_table_abi(ingot_table_obj *table);

#endif /* INGOT_H */
