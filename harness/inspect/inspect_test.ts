import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { MODULE_DESC, offsetOf } from "../../engine/abi/mod.ts";
import { writeElf } from "../../engine/obj/mod.ts";
import { main } from "../cli/ingot.ts";
import { InspectError, inspectObject } from "./mod.ts";
import { fixedObject, fixedObjectDescription } from "./testdata/fixed_object.ts";

const FIXED_DUMP = readFileSync(new URL("./testdata/fixed_object.dump", import.meta.url), "utf8");

Deno.test("inspectObject() prints the fixed object exactly as reviewed in testdata/", () => {
  assert.equal(inspectObject(fixedObject()), FIXED_DUMP);
});

Deno.test("inspectObject() is deterministic: the same bytes give the same text", () => {
  assert.equal(inspectObject(fixedObject()), inspectObject(fixedObject()));
});

Deno.test("inspectObject() decodes the descriptor through its relocations", () => {
  const dump = inspectObject(fixedObject());
  assert.match(dump, /^Module descriptor t_module \(\.data\.rel\.ro\+0x0, \d+ bytes\):$/m);
  assert.match(dump, /^ {2}abi_check +-> ingot_abi_v1\+0$/m);
  assert.match(dump, /^ {4}\[0\] \(i32 i32\) -> \(i32\)$/m);
  assert.match(dump, /^ {4}\[0\] name="run" kind=FUNC index=0$/m);
  assert.match(dump, /^ {4}\[1\] type_index=0 wasm_call=t_helper\+0 array_call=null$/m);
  assert.match(dump, /^ {4}\[0\] offset=4 code=MEMORY_OOB$/m);
});

Deno.test("inspectObject() notes trap sites and relocations at their instructions", () => {
  const dump = inspectObject(fixedObject());
  assert.match(dump, /0004: {2}8b 04 37 +mov eax,DWORD PTR \[rdi\+rsi\*1\] {2}# trap MEMORY_OOB$/m);
  assert.match(dump, /002b: .*call t_helper {2}# R_X86_64_PLT32 t_helper-4 @\+1$/m);
  assert.match(dump, /call ingot_trap {2}# R_X86_64_PLT32 ingot_trap-4 @\+1; raises MEMORY_OOB$/m);
});

Deno.test("inspectObject() labels only jump targets and prints jump tables as data", () => {
  const dump = inspectObject(fixedObject());
  const labels = dump.split("\n").filter((line) => /^ {2}L\d+:$/.test(line));
  assert.deepEqual(labels, ["  L0:", "  L1:", "  L2:", "  L3:"]);
  assert.match(dump, /001c: {2}08 00 00 00 +\.long L1-L0$/m);
  assert.match(dump, /000a: {2}73 26 +jae L3$/m);
  assert.doesNotMatch(dump, /\(bad\)/);
});

Deno.test("inspectObject() says so when an object has no descriptor", () => {
  const description = fixedObjectDescription();
  const bare = writeElf({
    ...description,
    symbols: description.symbols.filter((symbol) => symbol.name !== "t_module"),
  });
  assert.match(inspectObject(bare), /^Module descriptor: none/m);
});

Deno.test("inspectObject() throws InspectError when a descriptor pointer leaves its section", () => {
  const description = fixedObjectDescription();
  const broken = writeElf({
    ...description,
    relocations: description.relocations.map((relocation) =>
      relocation.offset === offsetOf(MODULE_DESC, "types") // t_module sits at offset 0
        ? { ...relocation, addend: 1 << 20 }
        : relocation
    ),
  });
  assert.throws(() => inspectObject(broken), InspectError);
});

Deno.test("ingot inspect OUT.o prints the same dump, and one error line for a non-object", async () => {
  const folder = Deno.makeTempDirSync({ prefix: "ingot-inspect-cli-" });
  try {
    const object = `${folder}/fixed.o`;
    Deno.writeFileSync(object, fixedObject());
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    assert.equal(await main(["inspect", object], io), 0);
    assert.equal(`${out.join("\n")}\n`, FIXED_DUMP);
    Deno.writeTextFileSync(`${folder}/text.o`, "not an object");
    assert.equal(await main(["inspect", `${folder}/text.o`], io), 1);
    assert.match(err.join("\n"), /^ingot: .*text\.o: ElfReadError: /);
  } finally {
    Deno.removeSync(folder, { recursive: true });
  }
});
