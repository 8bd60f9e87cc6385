/*
 * The fault handler of the guard-page strategy. SIGSEGV and SIGBUS run on an alternate signal
 * stack (so a stack overflow can be handled too). A fault whose pc lies in the text of an
 * instantiated module, during a call, at a pc listed in that module's trap table, becomes the
 * listed trap; a fault in Wasm text near the stack limit becomes "call stack exhausted". Any
 * other fault is never swallowed: the handler restores the default action and the fault
 * happens again (or the signal is re-raised), so the process dies as it would without Ingot.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "internal.h"

#define INGOT_ALT_STACK_SIZE (64u * 1024u)
#define INGOT_MAX_MODULES 4096u

static const struct ingot_module_desc *modules[INGOT_MAX_MODULES];
static volatile uint32_t num_modules;
static bool handlers_installed;
static _Thread_local bool alt_stack_installed;

void ingot_signals_register_module(const struct ingot_module_desc *desc) {
  if (desc->text_start == NULL || desc->text_end <= desc->text_start) return;
  for (uint32_t i = 0; i < num_modules; i++) {
    if (modules[i] == desc) return;
  }
  if (num_modules < INGOT_MAX_MODULES) modules[num_modules++] = desc;
}

static uint32_t site_code(const struct ingot_module_desc *desc, uint32_t offset) {
  uint32_t low = 0, high = desc->num_trap_sites;
  while (low < high) {
    uint32_t middle = low + (high - low) / 2;
    const struct ingot_trap_site *site = &desc->trap_sites[middle];
    if (site->offset == offset) return site->code;
    if (site->offset < offset) low = middle + 1;
    else high = middle;
  }
  return INGOT_TRAP_NONE;
}

static const struct ingot_module_desc *module_at(uintptr_t pc) {
  for (uint32_t i = 0; i < num_modules; i++) {
    const struct ingot_module_desc *desc = modules[i];
    if (pc >= (uintptr_t)desc->text_start && pc < (uintptr_t)desc->text_end) return desc;
  }
  return NULL;
}

uint32_t ingot_trap_code_for_pc(uintptr_t pc) {
  const struct ingot_module_desc *desc = module_at(pc);
  if (desc == NULL) return INGOT_TRAP_NONE;
  return site_code(desc, (uint32_t)(pc - (uintptr_t)desc->text_start));
}

static bool near_stack_limit(uintptr_t address) {
  uintptr_t limit = ingot_stack_limit();
  return address < limit && limit - address < (4u << 20);
}

static void on_fault(int signal, siginfo_t *info, void *context) {
  ucontext_t *uc = context;
  uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  if (ingot_in_wasm_call() && info->si_code > 0) {
    uint32_t code = ingot_trap_code_for_pc(pc);
    if (code == INGOT_TRAP_NONE && module_at(pc) != NULL &&
        near_stack_limit((uintptr_t)info->si_addr)) {
      code = INGOT_TRAP_STACK_EXHAUSTED;
    }
    if (code != INGOT_TRAP_NONE) ingot_raise_trap(code);
  }
  struct sigaction fallback;
  memset(&fallback, 0, sizeof fallback);
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  sigaction(signal, &fallback, NULL);
  if (info->si_code <= 0) raise(signal); /* sent by kill(): the fault will not recur */
}

void ingot_signals_install(void) {
  if (!alt_stack_installed) {
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_size = INGOT_ALT_STACK_SIZE;
    stack.ss_sp = malloc(stack.ss_size);
    if (stack.ss_sp != NULL && sigaltstack(&stack, NULL) == 0) alt_stack_installed = true;
  }
  if (handlers_installed) return;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, NULL);
  sigaction(SIGBUS, &action, NULL);
  handlers_installed = true;
}
