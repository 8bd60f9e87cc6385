/*
 * Linear memories (spec 4.2.8 "Memory Instances", 4.4.7 "Memory Instructions"): each reserves
 * INGOT_MEMORY_RESERVE bytes of PROT_NONE address space once, so its base never moves and any
 * 32-bit address plus 32-bit offset lands in the reservation (the guard-page strategy relies on
 * this); growing commits pages with mprotect. Also the memory and data-segment libcalls.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

ingot_memory *ingot_memory_new(uint32_t min_pages, bool has_max, uint32_t max_pages) {
  ingot_memory *memory = calloc(1, sizeof *memory);
  if (memory == NULL) return NULL;
  void *base = mmap(NULL, INGOT_MEMORY_RESERVE, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    free(memory);
    return NULL;
  }
  memory->base = base;
  memory->has_max = has_max;
  memory->max_pages = has_max && max_pages < INGOT_MAX_PAGES ? max_pages : INGOT_MAX_PAGES;
  uint64_t bytes = (uint64_t)min_pages * INGOT_PAGE_SIZE;
  if (min_pages > memory->max_pages ||
      (bytes != 0 && mprotect(base, bytes, PROT_READ | PROT_WRITE) != 0)) {
    munmap(base, INGOT_MEMORY_RESERVE);
    free(memory);
    return NULL;
  }
  memory->size = bytes;
  return memory;
}

void ingot_memory_free(ingot_memory *memory) {
  if (memory == NULL) return;
  munmap(memory->base, INGOT_MEMORY_RESERVE);
  free(memory->users);
  free(memory);
}

bool ingot_memory_attach(ingot_memory *memory, struct ingot_vmctx *vmctx) {
  if (memory->num_users == memory->cap_users) {
    size_t next = memory->cap_users == 0 ? 4 : memory->cap_users * 2;
    struct ingot_vmctx **grown = realloc(memory->users, next * sizeof *grown);
    if (grown == NULL) return false;
    memory->users = grown;
    memory->cap_users = next;
  }
  memory->users[memory->num_users++] = vmctx;
  vmctx->memory_base = memory->base;
  vmctx->memory_size = memory->size;
  return true;
}

int32_t ingot_memory_grow_obj(ingot_memory *memory, uint32_t delta) {
  uint64_t old_pages = memory->size / INGOT_PAGE_SIZE;
  if (delta == 0) return (int32_t)old_pages;
  if ((uint64_t)delta > memory->max_pages - old_pages) return -1;
  uint64_t new_size = memory->size + (uint64_t)delta * INGOT_PAGE_SIZE;
  if (mprotect(memory->base + memory->size, new_size - memory->size, PROT_READ | PROT_WRITE) !=
      0) {
    return -1;
  }
  memory->size = new_size;
  for (size_t i = 0; i < memory->num_users; i++) memory->users[i]->memory_size = new_size;
  return (int32_t)old_pages;
}

static ingot_memory *memory0(struct ingot_vmctx *vmctx) {
  ingot_instance *instance = ingot_instance_of(vmctx);
  return instance->memories[0];
}

int32_t ingot_memory_grow(struct ingot_vmctx *vmctx, uint32_t delta) {
  return ingot_memory_grow_obj(memory0(vmctx), delta);
}

static void check_range(struct ingot_vmctx *vmctx, uint64_t start, uint64_t length,
                        uint64_t limit, uint32_t code) {
  if (start + length > limit) ingot_trap(vmctx, code);
}

void ingot_memory_fill(struct ingot_vmctx *vmctx, uint32_t dst, uint32_t value, uint32_t n) {
  check_range(vmctx, dst, n, vmctx->memory_size, INGOT_TRAP_MEMORY_OOB);
  memset(vmctx->memory_base + dst, (int)(value & 0xff), n);
}

void ingot_memory_copy(struct ingot_vmctx *vmctx, uint32_t dst, uint32_t src, uint32_t n) {
  check_range(vmctx, dst, n, vmctx->memory_size, INGOT_TRAP_MEMORY_OOB);
  check_range(vmctx, src, n, vmctx->memory_size, INGOT_TRAP_MEMORY_OOB);
  memmove(vmctx->memory_base + dst, vmctx->memory_base + src, n);
}

void ingot_memory_init(struct ingot_vmctx *vmctx, uint32_t seg, uint32_t dst, uint32_t src,
                       uint32_t n) {
  ingot_instance *instance = ingot_instance_of(vmctx);
  const struct ingot_data_desc *data = &instance->desc->datas[seg];
  uint32_t length = instance->data_dropped[seg] ? 0 : data->length;
  check_range(vmctx, src, n, length, INGOT_TRAP_MEMORY_OOB);
  check_range(vmctx, dst, n, vmctx->memory_size, INGOT_TRAP_MEMORY_OOB);
  if (n != 0) memcpy(vmctx->memory_base + dst, data->bytes + src, n);
}

void ingot_data_drop(struct ingot_vmctx *vmctx, uint32_t seg) {
  ingot_instance_of(vmctx)->data_dropped[seg] = 1;
}
