/*
 * Traps and host entry (spec 4.4.10 "Invocation"): ingot_call sets a thread-local jump buffer
 * and calls a function reference with the array convention; ingot_trap (compiled code, the
 * libcalls) and the fault handler (signals.c) siglongjmp back to it with a trap code. Nested
 * calls (a host function calling back into Wasm) save and restore the previous buffer.
 *
 * Stack limit: compiled prologues compare rsp with vmctx->stack_limit. The limit is the lowest
 * address of this thread's stack plus INGOT_STACK_HEADROOM, which is left for the C runtime
 * and host functions called from deep Wasm recursion (the fault handler runs on its own
 * alternate stack).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

#define INGOT_STACK_HEADROOM (256u * 1024u)

static _Thread_local sigjmp_buf *current_jump;
static _Thread_local volatile uint32_t pending_trap;
static _Thread_local uint64_t thread_stack_limit;

uint64_t ingot_stack_limit(void) {
  if (thread_stack_limit != 0) return thread_stack_limit;
  pthread_attr_t attr;
  void *low = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
  }
  uintptr_t here = (uintptr_t)&attr;
  if (low == NULL || here < (uintptr_t)low || here - (uintptr_t)low < 2 * INGOT_STACK_HEADROOM) {
    /* Unknown bounds: allow 1 MiB below the current frame. */
    thread_stack_limit = here - (1u << 20);
  } else {
    thread_stack_limit = (uintptr_t)low + INGOT_STACK_HEADROOM;
  }
  return thread_stack_limit;
}

bool ingot_in_wasm_call(void) { return current_jump != NULL; }

_Noreturn void ingot_raise_trap(uint32_t code) {
  if (current_jump == NULL) {
    fprintf(stderr, "ingot: trap \"%s\" outside of any call\n", ingot_trap_message(code));
    abort();
  }
  pending_trap = code;
  siglongjmp(*current_jump, 1);
}

_Noreturn void ingot_trap(struct ingot_vmctx *vmctx, uint32_t code) {
  (void)vmctx;
  ingot_raise_trap(code);
}

typedef void (*start_fn)(void *vmctx);

/* Calls `func` through its array entry (or, when `slots` is NULL, its Wasm entry as [] -> []). */
static uint32_t guarded_call(const struct ingot_func *func, uint64_t *slots, const char **message) {
  ingot_signals_install();
  ingot_stack_limit();
  sigjmp_buf jump;
  sigjmp_buf *saved = current_jump;
  if (sigsetjmp(jump, 1) != 0) {
    current_jump = saved;
    uint32_t code = pending_trap;
    if (message != NULL) *message = ingot_trap_message(code);
    return code;
  }
  current_jump = &jump;
  if (slots != NULL) {
    ((ingot_array_call_fn)func->array_call)(func->vmctx, slots);
  } else {
    ((start_fn)func->wasm_call)(func->vmctx);
  }
  current_jump = saved;
  if (message != NULL) *message = "";
  return INGOT_TRAP_NONE;
}

uint32_t ingot_call(const struct ingot_func *func, uint64_t *slots, const char **message) {
  if (func->array_call == NULL) {
    if (message != NULL) *message = "function has no array-call entry";
    return INGOT_INVOKE_NO_EXPORT;
  }
  return guarded_call(func, slots, message);
}

uint32_t ingot_run_start(const struct ingot_func *func) {
  uint64_t none[2] = {0, 0};
  if (func->array_call != NULL) return guarded_call(func, none, NULL);
  return guarded_call(func, NULL, NULL);
}

uint32_t ingot_invoke(ingot_instance *instance, const char *name, size_t name_len,
                      uint64_t *slots, const char **message) {
  const ingot_extern *found = ingot_find_export(instance, name, name_len);
  if (found == NULL || found->kind != INGOT_EXTERN_FUNC) {
    if (message != NULL) *message = "no function export of that name";
    return INGOT_INVOKE_NO_EXPORT;
  }
  return ingot_call(found->as.func, slots, message);
}
