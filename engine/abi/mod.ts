/**
 * The ABI between compiled objects and the C runtime, declared once as data (DESIGN.md "The
 * ABI"; System V AMD64 psABI for the conventions): the VM context layout, the calling
 * conventions, the trap codes with the spec's messages, the libcalls and the module descriptor.
 * `scripts/gen_abi_header.ts` generates the runtime's C header from this folder.
 *
 * @module
 */

export * from "./layout.ts";
export * from "./structs.ts";
export * from "./enums.ts";
export * from "./libcalls.ts";
export * from "./vmctx.ts";
export * from "./callconv.ts";
