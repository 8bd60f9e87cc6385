import assert from "node:assert/strict";
import { join } from "node:path";
import wabtInit from "wabt";
import { ABI_CHECK_SYMBOL, ABI_VERSION, layoutOf, MODULE_DESC } from "../abi/mod.ts";
import { decodeModule } from "../wasm/mod.ts";
import { buildProgram, hexName, runProgram } from "../../harness/runtime/_c_test_util.ts";
import { driverModuleList } from "../../harness/runtime/build.ts";
import {
  ABI_NOTE_SECTION,
  buildDescriptor,
  DESCRIPTOR_SECTION,
  descriptorSymbol,
} from "./descriptor.ts";
import { writeElf } from "./elf.ts";

const wabt = await wabtInit();

function wat(text: string): Uint8Array {
  const parsed = wabt.parseWat("test.wat", new TextEncoder().encode(text));
  return new Uint8Array(parsed.toBinary({}).buffer);
}

/** Compiles a module without functions: the descriptor is the whole object. */
function objectOf(text: string, prefix: string): Uint8Array {
  const module = decodeModule(wat(text));
  const description = buildDescriptor(module, {
    prefix,
    funcSymbol: () => assert.fail("no functions"),
    trampolineSymbol: () => undefined,
    adapterSymbol: () => undefined,
    trapSites: [],
    textStartSymbol: undefined,
    textEndSymbol: undefined,
    boundsChecks: "explicit",
  });
  return writeElf(description);
}

const DATA_MODULE = `(module
  (import "spectest" "global_i32" (global $g0 i32))
  (memory (export "mem") 1 3)
  (table (export "tab") 2 funcref)
  (data (i32.const 8) "hi")
  (data (global.get $g0) "abc")
  (data "passive")
  (elem (i32.const 1) funcref (ref.null func))
  (global (export "g32") i32 (i32.const -5))
  (global (export "g64") (mut i64) (i64.const 0x1122334455667788))
  (global (export "gf32") f32 (f32.const 1.5))
  (global (export "gf64") f64 (f64.const -2.25))
  (global (export "gcopy") i32 (global.get $g0))
  (global (export "gnull") funcref (ref.null func))
  (global (export "gext") externref (ref.null extern))
  (export "imported" (global $g0))
  (export "\\u{e9}t\\u{e9}" (global 1)))`;

const IMPORTER = `(module
  (import "data" "mem" (memory 1))
  (import "data" "g64" (global (mut i64)))
  (global (export "copy") i32 (i32.const 7))
  (data (i32.const 65535) "xy"))`;

const UNLINKABLE = `(module (import "data" "g32" (global (mut i32))))`;

Deno.test("buildDescriptor() emits the descriptor symbol, the ABI reference and the note", () => {
  const module = decodeModule(wat(DATA_MODULE));
  const description = buildDescriptor(module, {
    prefix: "p_",
    funcSymbol: () => "f",
    trampolineSymbol: () => undefined,
    adapterSymbol: () => undefined,
    trapSites: [],
    textStartSymbol: undefined,
    textEndSymbol: undefined,
    boundsChecks: "guard-pages",
  });
  assert.deepEqual(description.sections.map((section) => section.name), [
    DESCRIPTOR_SECTION,
    ABI_NOTE_SECTION,
  ]);
  const symbol = description.symbols.find((entry) => entry.name === descriptorSymbol("p_"));
  assert.equal(symbol?.binding, "global");
  assert.equal(symbol?.size, layoutOf(MODULE_DESC).size);
  assert.ok(description.relocations.some((reloc) => reloc.symbol === ABI_CHECK_SYMBOL));
  assert.ok(description.relocations.every((reloc) => reloc.type === "R_X86_64_64"));
  const note = description.sections[1]!.data;
  const view = new DataView(note.buffer, note.byteOffset);
  assert.equal(new TextDecoder().decode(note.subarray(12, 17)), "Ingot");
  assert.equal(view.getUint32(8, true), 1);
  assert.equal(view.getUint32(20, true), ABI_VERSION);
  assert.deepEqual(writeElf(description), writeElf(description));
});

Deno.test("a descriptor-only object links with the runtime and answers through the driver", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "ingot-descriptor-test-" });
  const objects = [DATA_MODULE, IMPORTER, UNLINKABLE].map((text, index) => {
    const path = join(dir, `m${index}.o`);
    Deno.writeFileSync(path, objectOf(text, `m${index}_`));
    return { object: path };
  });
  const list = driverModuleList(["m0_module", "m1_module", "m2_module"]);
  const program = await buildProgram([list, ...objects], { driver: true });
  const gets = [
    "g32",
    "g64",
    "gf32",
    "gf64",
    "gcopy",
    "gnull",
    "gext",
    "imported",
    "\u00e9t\u00e9",
  ];
  const stdin = [
    "instantiate 0 d",
    `register d ${hexName("data")}`,
    ...gets.map((name) => `get d ${hexName(name)}`),
    "instantiate 1 i",
    `get i ${hexName("copy")}`,
    "instantiate 2 u",
    "",
  ].join("\n");
  const result = await runProgram(program, stdin);
  Deno.removeSync(dir, { recursive: true });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.split("\n"), [
    "ok",
    "ok",
    "ok i32:fffffffb",
    "ok i64:1122334455667788",
    "ok f32:3fc00000",
    "ok f64:c002000000000000",
    "ok i32:0000029a",
    "ok funcref:null",
    "ok externref:null",
    "ok i32:0000029a",
    "ok i32:fffffffb",
    "error trap out of bounds memory access (data segment)",
    "error other no such global export",
    'error unlinkable incompatible import type: "data"."g32"',
    "",
  ]);
});
