/**
 * Ingot's C runtime (DESIGN.md "The C runtime"; WebAssembly Core Specification 2.0, chapter 4
 * "Execution": 4.5 "Modules" for instantiation and import matching, 4.2 "Runtime Structure"
 * for memories, tables and globals): plain C11 in one file per concern, with the public
 * embedding header `ingot.h`, the generated ABI header `ingot_abi.h`, the `spectest` host
 * module, and `driver/driver.c`, the line-protocol program the conformance runner talks to (the
 * protocol is documented at the top of driver/driver.c).
 *
 * - {@linkcode buildRuntime}: compiles the runtime once per source change (cached).
 * - {@linkcode driverModuleList}: the C file listing the descriptors a driver links with.
 * - {@linkcode runCc}: runs `cc`, throwing {@linkcode CcError} on failure.
 *
 * @module
 */

export {
  buildRuntime,
  CcError,
  driverModuleList,
  runCc,
  RUNTIME_CFLAGS,
  RUNTIME_LIBS,
  type RuntimeBuild,
} from "./build.ts";
