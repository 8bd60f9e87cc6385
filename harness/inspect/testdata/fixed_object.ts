/**
 * A small hand-made Ingot-shaped object for the inspector tests, independent of the compiler:
 *
 * - `t_func0(vmctx, base, index)`: loads `[rdi+rsi]` (a trap site), then `br_table`s through an
 *   in-function jump table to `mov eax,1`, a call of `t_helper`, or a call of `ingot_trap`
 *   with a trap code;
 * - `t_helper`: `mov eax,0x2a; ret`;
 * - the descriptor `t_module`, written field by field with `offsetOf` (one type, one export,
 *   two functions, one memory, one trap site), with every pointer a relocation.
 *
 * @module
 */

import {
  ABI_CHECK_SYMBOL,
  ABI_VERSION,
  enumValue,
  EXPORT_DESC,
  EXTERN_KINDS,
  FUNC_DESC,
  FUNCTYPE_DESC,
  layoutOf,
  MEMORY_DESC,
  MODULE_DESC,
  MODULE_MAGIC,
  offsetOf,
  sizeOfType,
  type StructDef,
  TRAP_SITE,
  TRAPS,
  VALTYPES,
} from "../../../engine/abi/mod.ts";
import { writeElf } from "../../../engine/obj/mod.ts";
import type { ObjectDescription, RelocationDescription } from "../../../engine/obj/mod.ts";

// deno-fmt-ignore
const FUNC0 = [
  0x55,                                     // push rbp
  0x48, 0x89, 0xe5,                         // mov rbp,rsp
  0x8b, 0x04, 0x37,                         // mov eax,[rdi+rsi*1]      trap site (offset 4)
  0x83, 0xf8, 0x02,                         // cmp eax,2
  0x73, 0x26,                               // jae default (0x32)
  0x48, 0x8d, 0x0d, 0x09, 0x00, 0x00, 0x00, // lea rcx,[rip+9]          the table (0x1c)
  0x48, 0x63, 0x04, 0x81,                   // movsxd rax,[rcx+rax*4]
  0x48, 0x01, 0xc8,                         // add rax,rcx
  0xff, 0xe0,                               // jmp rax
  0x08, 0x00, 0x00, 0x00,                   // case 0 - table
  0x0f, 0x00, 0x00, 0x00,                   // case 1 - table
  0xb8, 0x01, 0x00, 0x00, 0x00, 0x5d, 0xc3, // case 0: mov eax,1; pop rbp; ret
  0xe8, 0x00, 0x00, 0x00, 0x00, 0x5d, 0xc3, // case 1: call t_helper; pop rbp; ret
  0xbe, 0x05, 0x00, 0x00, 0x00,             // default: mov esi,5 (MEMORY_OOB)
  0xe8, 0x00, 0x00, 0x00, 0x00,             //          call ingot_trap
];
const HELPER = [0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3]; // mov eax,0x2a; ret
const TEXT = new Uint8Array([...FUNC0, ...HELPER]);

/** Field writer over a growing `.data.rel.ro`, pointers as `R_X86_64_64` relocations. */
class DescriptorData {
  readonly bytes = new Uint8Array(1024);
  readonly relocations: RelocationDescription[] = [];
  #view = new DataView(this.bytes.buffer);
  length = 0;

  /** Reserves `count` elements of `struct` and returns the offset of the first. */
  allocate(struct: StructDef, count: number): number {
    const layout = layoutOf(struct);
    const at = Math.ceil(this.length / layout.align) * layout.align;
    this.length = at + layout.size * count;
    return at;
  }

  put(struct: StructDef, base: number, field: string, value: number): void {
    const type = struct.fields.find((candidate) => candidate.name === field)!.type;
    const at = base + offsetOf(struct, field);
    const size = sizeOfType(type);
    if (size === 1) this.#view.setUint8(at, value);
    else if (size === 4) this.#view.setUint32(at, value, true);
    else this.#view.setBigUint64(at, BigInt(value), true);
  }

  pointer(struct: StructDef, base: number, field: string, symbol: string, addend = 0): void {
    const offset = base + offsetOf(struct, field);
    this.relocations.push({ section: ".data.rel.ro", offset, symbol, type: "R_X86_64_64", addend });
  }

  text(text: string): number {
    const bytes = new TextEncoder().encode(text);
    const at = this.length;
    this.bytes.set(bytes, at);
    this.length += bytes.length;
    return at;
  }
}

function writeArrays(data: DescriptorData, module: number): void {
  const self = ".data.rel.ro";
  const types = data.allocate(FUNCTYPE_DESC, 1);
  data.put(FUNCTYPE_DESC, types, "num_params", 2);
  data.put(FUNCTYPE_DESC, types, "num_results", 1);
  const exports = data.allocate(EXPORT_DESC, 1);
  data.put(EXPORT_DESC, exports, "name_len", 3);
  data.put(EXPORT_DESC, exports, "kind", enumValue(EXTERN_KINDS, "FUNC"));
  const funcs = data.allocate(FUNC_DESC, 2);
  data.pointer(FUNC_DESC, funcs, "wasm_call", "t_func0");
  data.put(FUNC_DESC, funcs + layoutOf(FUNC_DESC).size, "type_index", 0);
  data.pointer(FUNC_DESC, funcs + layoutOf(FUNC_DESC).size, "wasm_call", "t_helper");
  const memories = data.allocate(MEMORY_DESC, 1);
  data.put(MEMORY_DESC, memories, "has_max", 1);
  data.put(MEMORY_DESC, memories, "min", 1);
  data.put(MEMORY_DESC, memories, "max", 2);
  const traps = data.allocate(TRAP_SITE, 1);
  data.put(TRAP_SITE, traps, "offset", 4);
  data.put(TRAP_SITE, traps, "code", enumValue(TRAPS, "MEMORY_OOB"));
  const i32 = String.fromCharCode(enumValue(VALTYPES, "I32"));
  data.pointer(FUNCTYPE_DESC, types, "types", self, data.text(i32.repeat(3)));
  data.pointer(EXPORT_DESC, exports, "name", self, data.text("run"));
  for (const [field, at] of [["types", types], ["exports", exports], ["funcs", funcs]] as const) {
    data.pointer(MODULE_DESC, module, field, self, at);
  }
  data.pointer(MODULE_DESC, module, "memories", self, memories);
  data.pointer(MODULE_DESC, module, "trap_sites", self, traps);
}

function descriptor(): DescriptorData {
  const data = new DescriptorData();
  const module = data.allocate(MODULE_DESC, 1);
  data.put(MODULE_DESC, module, "magic", MODULE_MAGIC);
  data.put(MODULE_DESC, module, "abi_version", ABI_VERSION);
  data.pointer(MODULE_DESC, module, "abi_check", ABI_CHECK_SYMBOL);
  data.put(MODULE_DESC, module, "vmctx_size", 64);
  const counts = { num_types: 1, num_funcs: 2, num_memories: 1, num_exports: 1 };
  for (const [field, value] of Object.entries(counts)) data.put(MODULE_DESC, module, field, value);
  data.put(MODULE_DESC, module, "num_trap_sites", 1);
  data.put(MODULE_DESC, module, "start_func", 0xffff_ffff);
  data.pointer(MODULE_DESC, module, "text_start", ".text");
  data.pointer(MODULE_DESC, module, "text_end", ".text", TEXT.length);
  writeArrays(data, module);
  return data;
}

/** The description of the fixed object. */
export function fixedObjectDescription(): ObjectDescription {
  const data = descriptor();
  const code = (name: string, offset: number, size: number) =>
    ({ name, section: ".text", offset, size, binding: "local", type: "func" }) as const;
  return {
    sections: [
      { name: ".text", kind: "text", data: TEXT, align: 16 },
      { name: ".data.rel.ro", kind: "data", data: data.bytes.slice(0, data.length), align: 16 },
    ],
    symbols: [
      { name: ".text", section: ".text", offset: 0, size: 0, binding: "local", type: "section" },
      {
        name: ".data.rel.ro",
        section: ".data.rel.ro",
        offset: 0,
        size: 0,
        binding: "local",
        type: "section",
      },
      code("t_func0", 0, FUNC0.length),
      code("t_helper", FUNC0.length, HELPER.length),
      {
        name: "t_module",
        section: ".data.rel.ro",
        offset: 0,
        size: layoutOf(MODULE_DESC).size,
        binding: "global",
        type: "object",
      },
      { name: ABI_CHECK_SYMBOL, offset: 0, size: 0, binding: "global", type: "notype" },
      { name: "ingot_trap", offset: 0, size: 0, binding: "global", type: "notype" },
    ],
    relocations: [
      { section: ".text", offset: 0x2c, symbol: "t_helper", type: "R_X86_64_PLT32", addend: -4 },
      { section: ".text", offset: 0x38, symbol: "ingot_trap", type: "R_X86_64_PLT32", addend: -4 },
      ...data.relocations,
    ],
  };
}

/** The fixed object's bytes. */
export function fixedObject(): Uint8Array {
  return writeElf(fixedObjectDescription());
}
