import assert from "node:assert/strict";
import { disassemble } from "../../engine/x64/mod.ts";
import { mnemonicOf, objdumpAvailable, objdumpCrossCheck } from "./objdump_check.ts";
import { fixedObject } from "./testdata/fixed_object.ts";

const HAVE_OBJDUMP = objdumpAvailable();
if (!HAVE_OBJDUMP) console.warn("objdump_check_test: objdump NOT FOUND, skipping the oracle");

Deno.test("mnemonicOf() folds the syntax differences between objdump and our text", () => {
  const cases: [string, string][] = [
    ["mov    eax,DWORD PTR [rdi]", "mov"],
    ["jz 0x10", "je"],
    ["jnae 0x10", "jb"],
    ["setnbe al", "seta"],
    ["cmovnc eax,ecx", "cmovae"],
    ["cmpltps xmm0,xmm1", "cmpps"],
    ["vcmpneq_oqsd xmm0,xmm1,xmm2", "vcmpsd"],
    ["rep stos BYTE PTR es:[rdi],al", "rep stos"],
    ["xchg   ax,ax", "nop"],
    ["(bad)", "(bad)"],
  ];
  for (const [text, mnemonic] of cases) assert.equal(mnemonicOf(text), mnemonic, text);
});

Deno.test({
  name: "objdumpCrossCheck() agrees with objdump on the fixed object, jump table left out",
  ignore: !HAVE_OBJDUMP,
  fn() {
    const check = objdumpCrossCheck(fixedObject());
    assert.deepEqual(check.mismatches, []);
    assert.equal(check.instructions, 19); // 17 in t_func0 (the 8 table bytes are data), 2 in t_helper
  },
});

Deno.test({
  name: "objdumpCrossCheck() reports mnemonics and boundaries that disagree",
  ignore: !HAVE_OBJDUMP,
  fn() {
    // A decoder that misreads every `ret` and swallows the byte after each `push rbp`.
    const faulty = (code: Uint8Array) =>
      disassemble(code).flatMap((line) => {
        if (line.text === "ret") return [{ ...line, text: "iret" }];
        return line.text === "push rbp" ? [] : [line];
      });
    const check = objdumpCrossCheck(fixedObject(), { disassemble: faulty });
    assert.deepEqual(check.mismatches, [
      't_func0+0x0: objdump "push   rbp" starts inside ours',
      't_func0+0x2a: ours "iret", objdump "ret"',
      't_func0+0x31: ours "iret", objdump "ret"',
      't_helper+0x5: ours "iret", objdump "ret"',
    ]);
  },
});
