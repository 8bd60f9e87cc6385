/*
 * The conformance driver: a program linked with the runtime, one or more compiled module
 * objects and a generated C file listing their descriptors:
 *
 *   extern const struct ingot_module_desc m0_module;  ...
 *   const struct ingot_module_desc *const ingot_driver_modules[] = {&m0_module, ...};
 *   const unsigned ingot_driver_module_count = N;
 *
 * It reads requests on stdin, one per line, and answers each with exactly one line on stdout,
 * flushed at once (so a crash loses only the request in flight). Tokens are separated by
 * single spaces. Instance names are tokens chosen by the runner (no spaces); names that come
 * from Wasm or the script (export names, registered module names) are hex-encoded bytes, so
 * they may hold any byte. The spectest module is registered as "spectest" at start-up.
 *
 *   instantiate <desc index> <instance>   -> ok
 *                                         |  error unlinkable <message>
 *                                         |  error trap <message>
 *                                         |  error other <message>
 *   register <instance> <module name hex> -> ok | error other <message>
 *   invoke <instance> <export hex> <value>*
 *                                         -> ok <value>*  (the results)
 *                                         |  trap <message>
 *                                         |  error other <message>
 *   get <instance> <export hex>           -> ok <value> | error other <message>
 *   quit                                  -> (exits)
 *
 * Values, all hex digits lowercase on output, any case on input:
 *   i32:<u32 hex>  i64:<u64 hex>  f32:<bits hex>  f64:<bits hex>
 *   v128:<32 hex digits: the 16 bytes in memory order>
 *   funcref:null   funcref:nonnull (results only)
 *   externref:null externref:<n hex>  (host reference n; passed to Wasm as the word n + 1)
 * Trap messages are the spec suite's ("integer divide by zero", "call stack exhausted", ...).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingot.h"

extern const struct ingot_module_desc *const ingot_driver_modules[];
extern const unsigned ingot_driver_module_count;

struct named_instance {
  char *name;
  ingot_instance *instance;
};

static struct named_instance *instances;
static size_t num_instances, cap_instances;
static ingot_store *store;

static ingot_instance *find_instance(const char *name) {
  for (size_t i = num_instances; i-- > 0;) {
    if (strcmp(instances[i].name, name) == 0) return instances[i].instance;
  }
  return NULL;
}

static void add_instance(const char *name, ingot_instance *instance) {
  if (num_instances == cap_instances) {
    cap_instances = cap_instances == 0 ? 16 : cap_instances * 2;
    instances = realloc(instances, cap_instances * sizeof *instances);
    if (instances == NULL) abort();
  }
  instances[num_instances++] = (struct named_instance){strdup(name), instance};
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes hex `text` in place; returns the byte length or -1. */
static long unhex(char *text) {
  size_t len = strlen(text);
  if (len % 2 != 0) return -1;
  for (size_t i = 0; i < len / 2; i++) {
    int high = hex_digit(text[2 * i]), low = hex_digit(text[2 * i + 1]);
    if (high < 0 || low < 0) return -1;
    text[i] = (char)(high * 16 + low);
  }
  return (long)(len / 2);
}

static int parse_u64(const char *text, uint64_t *out) {
  if (*text == '\0') return 0;
  char *end;
  *out = strtoull(text, &end, 16);
  return *end == '\0';
}

static const char *type_name(uint8_t type) {
  switch (type) {
  case INGOT_VALTYPE_I32: return "i32";
  case INGOT_VALTYPE_I64: return "i64";
  case INGOT_VALTYPE_F32: return "f32";
  case INGOT_VALTYPE_F64: return "f64";
  case INGOT_VALTYPE_V128: return "v128";
  case INGOT_VALTYPE_FUNCREF: return "funcref";
  default: return "externref";
  }
}

/* Parses one `type:bits` argument of `type` into slots; returns the slots used or 0. */
static unsigned parse_value(char *token, uint8_t type, uint64_t *slots) {
  char *colon = strchr(token, ':');
  if (colon == NULL) return 0;
  *colon = '\0';
  char *bits = colon + 1;
  if (strcmp(token, type_name(type)) != 0) return 0;
  if (type == INGOT_VALTYPE_V128) {
    if (strlen(bits) != 32 || unhex(bits) != 16) return 0;
    memcpy(slots, bits, 16);
    return 2;
  }
  if (strcmp(bits, "null") == 0) {
    slots[0] = 0;
    return type == INGOT_VALTYPE_FUNCREF || type == INGOT_VALTYPE_EXTERNREF;
  }
  if (type == INGOT_VALTYPE_FUNCREF) return 0; /* only null funcrefs can be written */
  if (!parse_u64(bits, &slots[0])) return 0;
  if (type == INGOT_VALTYPE_EXTERNREF) slots[0] += 1;
  return 1;
}

/* Prints one value of `type` from slots; returns the slots used. */
static unsigned print_value(uint8_t type, const uint64_t *slots) {
  switch (type) {
  case INGOT_VALTYPE_I32:
  case INGOT_VALTYPE_F32:
    printf(" %s:%08" PRIx32, type_name(type), (uint32_t)slots[0]);
    return 1;
  case INGOT_VALTYPE_V128: {
    uint8_t bytes[16];
    memcpy(bytes, slots, 16);
    printf(" v128:");
    for (int i = 0; i < 16; i++) printf("%02x", bytes[i]);
    return 2;
  }
  case INGOT_VALTYPE_FUNCREF:
    printf(" funcref:%s", slots[0] == 0 ? "null" : "nonnull");
    return 1;
  case INGOT_VALTYPE_EXTERNREF:
    if (slots[0] == 0) printf(" externref:null");
    else printf(" externref:%" PRIx64, slots[0] - 1);
    return 1;
  default:
    printf(" %s:%016" PRIx64, type_name(type), slots[0]);
    return 1;
  }
}

static void do_instantiate(char **args, int count) {
  char *end;
  unsigned long index = count == 2 ? strtoul(args[0], &end, 10) : 0;
  if (count != 2 || *end != '\0' || index >= ingot_driver_module_count) {
    printf("error other bad instantiate request");
    return;
  }
  ingot_error error;
  ingot_instance *instance = ingot_instantiate(store, ingot_driver_modules[index], &error);
  if (instance != NULL) {
    add_instance(args[1], instance);
    printf("ok");
  } else {
    const char *kind = error.status == INGOT_ERR_UNLINKABLE ? "unlinkable"
                       : error.status == INGOT_ERR_TRAP     ? "trap"
                                                            : "other";
    printf("error %s %s", kind, error.message);
  }
}

static void do_register(char **args, int count) {
  ingot_instance *instance = count == 2 ? find_instance(args[0]) : NULL;
  long len = count == 2 ? unhex(args[1]) : -1;
  if (instance == NULL || len < 0) {
    printf("error other bad register request");
    return;
  }
  printf(ingot_register(store, args[1], (size_t)len, instance) ? "ok" : "error other no memory");
}

static unsigned count_slots(const uint8_t *types, uint32_t count) {
  unsigned slots = 0;
  for (uint32_t i = 0; i < count; i++) slots += types[i] == INGOT_VALTYPE_V128 ? 2 : 1;
  return slots;
}

static void do_invoke(char **args, int count) {
  ingot_instance *instance = count >= 2 ? find_instance(args[0]) : NULL;
  long len = count >= 2 ? unhex(args[1]) : -1;
  ingot_extern found;
  if (instance == NULL || len < 0 || !ingot_export(instance, args[1], (size_t)len, &found) ||
      found.kind != INGOT_EXTERN_FUNC) {
    printf("error other no such function export");
    return;
  }
  ingot_functype type = ingot_func_type(found.as.func);
  if ((uint32_t)(count - 2) != type.num_params) {
    printf("error other expected %u arguments", type.num_params);
    return;
  }
  unsigned in = count_slots(type.types, type.num_params);
  unsigned out = count_slots(type.types + type.num_params, type.num_results);
  uint64_t *slots = calloc((in > out ? in : out) + 1, sizeof(uint64_t));
  unsigned next = 0;
  for (uint32_t i = 0; i < type.num_params; i++) {
    unsigned used = parse_value(args[2 + i], type.types[i], slots + next);
    if (used == 0) {
      printf("error other bad argument %u", i);
      free(slots);
      return;
    }
    next += used;
  }
  const char *message;
  uint32_t code = ingot_call(found.as.func, slots, &message);
  if (code != INGOT_TRAP_NONE) {
    printf("%s %s", code == INGOT_INVOKE_NO_EXPORT ? "error other" : "trap", message);
  } else {
    printf("ok");
    next = 0;
    for (uint32_t i = 0; i < type.num_results; i++) {
      next += print_value(type.types[type.num_params + i], slots + next);
    }
  }
  free(slots);
}

static void do_get(char **args, int count) {
  ingot_instance *instance = count == 2 ? find_instance(args[0]) : NULL;
  long len = count == 2 ? unhex(args[1]) : -1;
  uint8_t type;
  uint64_t value[2];
  if (instance == NULL || len < 0 ||
      !ingot_global_get(instance, args[1], (size_t)len, &type, value)) {
    printf("error other no such global export");
    return;
  }
  printf("ok");
  print_value(type, value);
}

#define MAX_TOKENS 1024

static void dispatch(char *line) {
  char *tokens[MAX_TOKENS];
  int count = 0;
  /* Split on single spaces, keeping empty tokens: an empty name is hex-encoded as "". */
  line[strcspn(line, "\n")] = '\0';
  for (char *cursor = line; cursor != NULL && count < MAX_TOKENS;) {
    tokens[count++] = strsep(&cursor, " ");
  }
  if (count == 0 || (count == 1 && tokens[0][0] == '\0')) {
    printf("error other empty request");
  } else if (strcmp(tokens[0], "instantiate") == 0) {
    do_instantiate(tokens + 1, count - 1);
  } else if (strcmp(tokens[0], "register") == 0) {
    do_register(tokens + 1, count - 1);
  } else if (strcmp(tokens[0], "invoke") == 0) {
    do_invoke(tokens + 1, count - 1);
  } else if (strcmp(tokens[0], "get") == 0) {
    do_get(tokens + 1, count - 1);
  } else {
    printf("error other unknown request %s", tokens[0]);
  }
  printf("\n");
  fflush(stdout);
}

int main(void) {
  store = ingot_store_new();
  if (store == NULL || !ingot_store_add_spectest(store)) {
    fprintf(stderr, "ingot driver: cannot create the store\n");
    return 1;
  }
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    if (strncmp(line, "quit", 4) == 0) break;
    dispatch(line);
  }
  free(line);
  ingot_store_free(store);
  return 0;
}
