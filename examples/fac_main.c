/* The README's example: instantiate a compiled module, call its exports, report a trap. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "ingot.h"

/* Defined by fac.o, compiled with --symbol-prefix fac_. */
extern const struct ingot_module_desc fac_module;

int main(int argc, char **argv) {
  ingot_store *store = ingot_store_new();
  ingot_error error;
  ingot_instance *instance = ingot_instantiate(store, &fac_module, &error);
  if (instance == NULL) {
    fprintf(stderr, "cannot instantiate: %s\n", error.message);
    return 1;
  }
  uint64_t slots[2] = {argc > 1 ? strtoull(argv[1], NULL, 10) : 20, 0};
  const char *message = NULL;
  if (ingot_invoke(instance, "fac", 3, slots, &message) != INGOT_TRAP_NONE) return 1;
  printf("fac = %" PRIu64 "\n", slots[0]);
  uint64_t div[2] = {7, 0};
  uint32_t trap = ingot_invoke(instance, "div", 3, div, &message);
  printf("div(7, 0) trapped: %s\n", trap == INGOT_TRAP_NONE ? "no" : message);
  ingot_store_free(store);
  return 0;
}
