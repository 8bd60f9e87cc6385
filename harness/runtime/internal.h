/*
 * The runtime's private declarations, shared by its .c files (one per concern: store.c,
 * types.c, instance.c, segments.c, memory.c, table.c, trap.c, signals.c, spectest.c,
 * float.c). Not part of the embedding API.
 */
#ifndef INGOT_INTERNAL_H
#define INGOT_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingot.h"

#define INGOT_PAGE_SIZE 65536u
#define INGOT_MAX_PAGES 65536u
/* Address space reserved per memory: 4 GiB of index space plus 4 GiB for offsets. */
#define INGOT_MEMORY_RESERVE (8ull << 30)
/* Largest table the runtime agrees to grow to. */
#define INGOT_MAX_TABLE_SIZE 10000000u

struct ingot_memory {
  uint8_t *base;
  uint64_t size; /* bytes */
  uint32_t max_pages;
  uint8_t has_max;
  struct ingot_vmctx **users; /* every vmctx whose memory 0 this is */
  size_t num_users, cap_users;
};

struct ingot_table_obj {
  struct ingot_table abi; /* first: compiled code gets &obj->abi */
  uint8_t has_max;
};

/* A host function record: what a host function receives as its first argument. */
struct ingot_host_record {
  struct ingot_func func; /* first: vmctx points at it */
  const ingot_host_func *host;
};

struct ingot_named_extern {
  char *name;
  size_t name_len;
  ingot_extern value;
};

/* An element segment, evaluated at instantiation; `count` becomes 0 when dropped. */
struct ingot_elem_inst {
  void **items;
  uint32_t count;
};

struct ingot_instance {
  ingot_store *store;
  const struct ingot_module_desc *desc; /* NULL for host instances */
  struct ingot_vmctx *vmctx;            /* NULL for host instances */
  ingot_memory **memories;
  ingot_table_obj **tables;
  struct ingot_elem_inst *elems;
  uint8_t *data_dropped;
  struct ingot_named_extern *exports;
  size_t num_exports;
  struct ingot_instance *next; /* the store's list */
};

struct ingot_registration {
  char *name;
  size_t name_len;
  ingot_instance *instance;
};

struct ingot_store {
  ingot_instance *instances;
  struct ingot_registration *registered;
  size_t num_registered, cap_registered;
  void **allocations; /* owned blocks freed with the store */
  size_t num_allocations, cap_allocations;
};

/* store.c */
void *ingot_store_alloc(ingot_store *store, size_t size);
void ingot_store_own(ingot_store *store, void *block);
const ingot_extern *ingot_find_export(const ingot_instance *instance, const char *name,
                                      size_t name_len);
ingot_instance *ingot_find_registered(const ingot_store *store, const char *name,
                                      size_t name_len);
void ingot_set_error(ingot_error *error, enum ingot_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* types.c: canonical function type ids, interned by structure across all modules. */
uint32_t ingot_intern_type(uint32_t num_params, uint32_t num_results, const uint8_t *types);
ingot_functype ingot_type_of_id(uint32_t id);

/* memory.c */
ingot_memory *ingot_memory_new(uint32_t min_pages, bool has_max, uint32_t max_pages);
void ingot_memory_free(ingot_memory *memory);
bool ingot_memory_attach(ingot_memory *memory, struct ingot_vmctx *vmctx);
int32_t ingot_memory_grow_obj(ingot_memory *memory, uint32_t delta);

/* table.c */
ingot_table_obj *ingot_table_new(uint8_t elem_type, uint32_t min, bool has_max, uint32_t max);
void ingot_table_free(ingot_table_obj *table);
int32_t ingot_table_grow_obj(ingot_table_obj *table, void *init, uint32_t delta);

/* segments.c: instantiation-time segment application (returns a trap code). */
uint32_t ingot_apply_elems(ingot_instance *instance);
uint32_t ingot_apply_datas(ingot_instance *instance);
bool ingot_eval_elems(ingot_instance *instance);

/* instance.c */
uint64_t *ingot_global_cell(const ingot_instance *instance, uint32_t index);
uint64_t ingot_eval_const(const ingot_instance *instance, const struct ingot_const_expr *expr,
                          uint64_t out[2]);
ingot_instance *ingot_instance_of(const struct ingot_vmctx *vmctx);

/* trap.c */
uint64_t ingot_stack_limit(void);
uint32_t ingot_run_start(const struct ingot_func *func);

/* signals.c */
void ingot_signals_install(void);
void ingot_signals_register_module(const struct ingot_module_desc *desc);
/* Called by the signal handler: the trap code for a fault at `pc`, or NONE. */
uint32_t ingot_trap_code_for_pc(uintptr_t pc);
_Noreturn void ingot_raise_trap(uint32_t code);
bool ingot_in_wasm_call(void);

/* spectest.c */
ingot_instance *ingot_spectest_new(ingot_store *store);

#endif /* INGOT_INTERNAL_H */
