import assert from "node:assert/strict";
import { Assembler } from "./assembler.ts";
import { disassemble } from "./decode.ts";
import { imm, mem, type Operand, r16, r32, r64, r8, xmm, ymm } from "./operands.ts";
import { DEFAULT_CPU_FEATURES } from "../settings.ts";

const ALL_FEATURES = Object.fromEntries(
  Object.keys(DEFAULT_CPU_FEATURES).map((name) => [name, true]),
) as unknown as typeof DEFAULT_CPU_FEATURES;

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** (mnemonic, operands, expected bytes, expected text), as in Cranelift's emit_tests. */
// deno-fmt-ignore
const CASES: readonly [string, Operand[], string, string][] = [
  // ALU: shortest form wins (imm8 sign-extended, accumulator short form, imm32).
  ["add", [r32("eax"), imm(5)], "83c005", "add eax,0x5"],
  ["add", [r32("eax"), imm(0x12345)], "0545230100", "add eax,0x12345"],
  ["add", [r32("ecx"), imm(0x12345)], "81c145230100", "add ecx,0x12345"],
  ["add", [r32("ecx"), imm(0xffffffff)], "83c1ff", "add ecx,0xffffffff"],
  ["add", [r64("rcx"), imm(-1)], "4883c1ff", "add rcx,0xffffffffffffffff"],
  ["sub", [r64("rsp"), imm(128)], "4881ec80000000", "sub rsp,0x80"],
  ["sub", [r64("rsp"), imm(127)], "4883ec7f", "sub rsp,0x7f"],
  ["add", [r32("eax"), r32("ecx")], "01c8", "add eax,ecx"],
  ["xor", [r32("r8d"), r32("r8d")], "4531c0", "xor r8d,r8d"],
  ["cmp", [r64("rax"), r64("r15")], "4c39f8", "cmp rax,r15"],
  ["and", [r8("al"), imm(0x7f)], "247f", "and al,0x7f"],
  ["or", [r16("cx"), imm(-2)], "6683c9fe", "or cx,0xfffe"],
  ["adc", [r64("rdx"), imm(0)], "4883d200", "adc rdx,0x0"],
  ["sbb", [r32("eax"), r32("eax")], "19c0", "sbb eax,eax"],
  ["test", [r32("eax"), r32("eax")], "85c0", "test eax,eax"],
  ["test", [r8("dil"), imm(1)], "40f6c701", "test dil,0x1"],
  // MOV forms.
  ["mov", [r32("eax"), imm(1)], "b801000000", "mov eax,0x1"],
  ["mov", [r64("rax"), imm(-1)], "48c7c0ffffffff", "mov rax,0xffffffffffffffff"],
  ["mov", [r64("rax"), imm(0x123456789n)], "48b88967452301000000", "movabs rax,0x123456789"],
  ["mov", [r64("r9"), imm(0xffffffff)], "49b9ffffffff00000000", "movabs r9,0xffffffff"],
  ["mov", [r8("sil"), r8("al")], "4088c6", "mov sil,al"],
  ["mov", [r8("ah"), r8("al")], "88c4", "mov ah,al"],
  ["mov", [r16("ax"), mem({ base: "rdi", width: 16 })], "668b07", "mov ax,WORD PTR [rdi]"],
  ["mov", [mem({ base: "rax", width: 32 }), imm(7)], "c70007000000", "mov DWORD PTR [rax],0x7"],
  ["movzx", [r32("eax"), r8("cl")], "0fb6c1", "movzx eax,cl"],
  ["movzx", [r32("eax"), mem({ base: "rsi", width: 16 })], "0fb706", "movzx eax,WORD PTR [rsi]"],
  ["movsx", [r64("rax"), mem({ base: "rsi", width: 8 })], "480fbe06", "movsx rax,BYTE PTR [rsi]"],
  ["movsxd", [r64("rax"), r32("ecx")], "4863c1", "movsxd rax,ecx"],
  // Addressing: every ModRM/SIB special case.
  ["mov", [r64("rax"), mem({ base: "rdi", index: "rcx", scale: 8, disp: 16, width: 64 })], "488b44cf10", "mov rax,QWORD PTR [rdi+rcx*8+0x10]"],
  ["mov", [r64("rax"), mem({ base: "rsp", width: 64 })], "488b0424", "mov rax,QWORD PTR [rsp]"],
  ["mov", [r64("rax"), mem({ base: "r12", disp: 8, width: 64 })], "498b442408", "mov rax,QWORD PTR [r12+0x8]"],
  ["mov", [r64("rax"), mem({ base: "rbp", width: 64 })], "488b4500", "mov rax,QWORD PTR [rbp+0x0]"],
  ["mov", [r64("rax"), mem({ base: "r13", width: 64 })], "498b4500", "mov rax,QWORD PTR [r13+0x0]"],
  ["mov", [r64("rax"), mem({ base: "rbx", disp: -128, width: 64 })], "488b4380", "mov rax,QWORD PTR [rbx-0x80]"],
  ["mov", [r64("rax"), mem({ base: "rbx", disp: 128, width: 64 })], "488b8380000000", "mov rax,QWORD PTR [rbx+0x80]"],
  ["mov", [r64("rax"), mem({ base: "rbx", index: "r12", scale: 2, width: 64 })], "4a8b0463", "mov rax,QWORD PTR [rbx+r12*2]"],
  ["mov", [r64("rax"), mem({ base: "r13", index: "rax", width: 64 })], "498b440500", "mov rax,QWORD PTR [r13+rax*1+0x0]"],
  ["lea", [r64("rax"), mem({ index: "rcx", scale: 4, disp: 16 })], "488d048d10000000", "lea rax,[rcx*4+0x10]"],
  ["mov", [r32("eax"), mem({ disp: 0x1000, width: 32 })], "8b042500100000", "mov eax,DWORD PTR ds:0x1000"],
  ["mov", [r32("eax"), mem({ base: "rip", disp: 16, width: 32 })], "8b0510000000", "mov eax,DWORD PTR [rip+0x10]        # 0x16"],
  // Unary, multiply, divide, shifts, bit counts.
  ["neg", [r64("rax")], "48f7d8", "neg rax"],
  ["not", [r32("r11d")], "41f7d3", "not r11d"],
  ["inc", [mem({ base: "rax", width: 8 })], "fe00", "inc BYTE PTR [rax]"],
  ["imul", [r32("eax"), r32("ecx")], "0fafc1", "imul eax,ecx"],
  ["imul", [r64("rax"), r64("rcx"), imm(10)], "486bc10a", "imul rax,rcx,0xa"],
  ["imul", [r32("eax"), r32("ecx"), imm(1000)], "69c1e8030000", "imul eax,ecx,0x3e8"],
  ["div", [r64("rcx")], "48f7f1", "div rcx"],
  ["idiv", [r32("ecx")], "f7f9", "idiv ecx"],
  ["cdq", [], "99", "cdq"],
  ["cqo", [], "4899", "cqo"],
  ["shl", [r32("eax"), imm(1)], "d1e0", "shl eax,1"],
  ["shl", [r32("eax"), imm(5)], "c1e005", "shl eax,0x5"],
  ["sar", [r64("rax"), r8("cl")], "48d3f8", "sar rax,cl"],
  ["ror", [r64("r8"), imm(63)], "49c1c83f", "ror r8,0x3f"],
  ["bsr", [r32("eax"), r32("ecx")], "0fbdc1", "bsr eax,ecx"],
  ["tzcnt", [r64("rax"), r64("rcx")], "f3480fbcc1", "tzcnt rax,rcx"],
  ["lzcnt", [r32("eax"), r32("ecx")], "f30fbdc1", "lzcnt eax,ecx"],
  ["popcnt", [r64("rax"), r64("r9")], "f3490fb8c1", "popcnt rax,r9"],
  ["bt", [r32("eax"), imm(3)], "0fbae003", "bt eax,0x3"],
  // Condition codes, SDM aliases included.
  ["sete", [r8("al")], "0f94c0", "sete al"],
  ["setz", [r8("sil")], "400f94c6", "sete sil"],
  ["setnae", [r8("al")], "0f92c0", "setb al"],
  ["cmovne", [r64("rax"), r64("rcx")], "480f45c1", "cmovne rax,rcx"],
  ["cmovg", [r32("eax"), mem({ base: "rdi", width: 32 })], "0f4f07", "cmovg eax,DWORD PTR [rdi]"],
  // Control transfer, stack, misc.
  ["jmp", [r64("rax")], "ffe0", "jmp rax"],
  ["jmp", [mem({ base: "rax", index: "rcx", scale: 8, width: 64 })], "ff24c8", "jmp QWORD PTR [rax+rcx*8]"],
  ["call", [r64("r11")], "41ffd3", "call r11"],
  ["ret", [], "c3", "ret"],
  ["push", [r64("rbp")], "55", "push rbp"],
  ["push", [r64("r12")], "4154", "push r12"],
  ["pop", [r64("r15")], "415f", "pop r15"],
  ["push", [imm(-1)], "6aff", "push 0xffffffffffffffff"],
  ["ud2", [], "0f0b", "ud2"],
  ["int3", [], "cc", "int3"],
  ["xchg", [r64("rax"), r64("rcx")], "4887c8", "xchg rax,rcx"],
  ["bswap", [r32("eax")], "0fc8", "bswap eax"],
  ["bswap", [r64("r9")], "490fc9", "bswap r9"],
  ["rep movsb", [], "f3a4", "rep movs BYTE PTR es:[rdi],BYTE PTR ds:[rsi]"],
  ["rep stosb", [], "f3aa", "rep stos BYTE PTR es:[rdi],al"],
  // SSE scalar and moves.
  ["movsd", [xmm(1), mem({ base: "rsp", disp: 8, width: 64 })], "f20f104c2408", "movsd xmm1,QWORD PTR [rsp+0x8]"],
  ["movsd", [mem({ base: "rsp", disp: 8, width: 64 }), xmm(9)], "f2440f114c2408", "movsd QWORD PTR [rsp+0x8],xmm9"],
  ["movss", [xmm(0), xmm(15)], "f3410f10c7", "movss xmm0,xmm15"],
  ["movd", [xmm(0), r32("eax")], "660f6ec0", "movd xmm0,eax"],
  ["movq", [xmm(0), r64("rax")], "66480f6ec0", "movq xmm0,rax"],
  ["movq", [r64("rax"), xmm(8)], "664c0f7ec0", "movq rax,xmm8"],
  ["movaps", [xmm(1), xmm(2)], "0f28ca", "movaps xmm1,xmm2"],
  ["movdqu", [xmm(3), mem({ base: "rdi", width: 128 })], "f30f6f1f", "movdqu xmm3,XMMWORD PTR [rdi]"],
  ["addsd", [xmm(0), xmm(1)], "f20f58c1", "addsd xmm0,xmm1"],
  ["sqrtss", [xmm(2), mem({ base: "rax", width: 32 })], "f30f5110", "sqrtss xmm2,DWORD PTR [rax]"],
  ["xorps", [xmm(0), xmm(0)], "0f57c0", "xorps xmm0,xmm0"],
  ["ucomisd", [xmm(0), xmm(1)], "660f2ec1", "ucomisd xmm0,xmm1"],
  ["cvtsi2sd", [xmm(0), r64("rax")], "f2480f2ac0", "cvtsi2sd xmm0,rax"],
  ["cvttss2si", [r32("eax"), xmm(1)], "f30f2cc1", "cvttss2si eax,xmm1"],
  ["cvtss2sd", [xmm(0), xmm(0)], "f30f5ac0", "cvtss2sd xmm0,xmm0"],
  ["roundsd", [xmm(0), xmm(1), imm(3)], "660f3a0bc103", "roundsd xmm0,xmm1,0x3"],
  ["cmpps", [xmm(0), xmm(1), imm(1)], "0fc2c101", "cmpps xmm0,xmm1,0x1"],
  // SIMD.
  ["pxor", [xmm(0), xmm(0)], "660fefc0", "pxor xmm0,xmm0"],
  ["paddd", [xmm(8), xmm(9)], "66450ffec1", "paddd xmm8,xmm9"],
  ["pshufd", [xmm(0), xmm(1), imm(0x1b)], "660f70c11b", "pshufd xmm0,xmm1,0x1b"],
  ["pshufb", [xmm(0), xmm(1)], "660f3800c1", "pshufb xmm0,xmm1"],
  ["psrld", [xmm(3), imm(7)], "660f72d307", "psrld xmm3,0x7"],
  ["pinsrq", [xmm(1), r64("rax"), imm(1)], "66480f3a22c801", "pinsrq xmm1,rax,0x1"],
  ["pextrb", [r32("eax"), xmm(2), imm(15)], "660f3a14d00f", "pextrb eax,xmm2,0xf"],
  ["pblendvb", [xmm(1), xmm(2), xmm(0)], "660f3810ca", "pblendvb xmm1,xmm2,xmm0"],
  ["pmovmskb", [r32("eax"), xmm(3)], "660fd7c3", "pmovmskb eax,xmm3"],
  ["ptest", [xmm(0), xmm(0)], "660f3817c0", "ptest xmm0,xmm0"],
  // VEX: 2-byte when possible, 3-byte for 0F38 maps, X/B bits or W1.
  ["vaddps", [xmm(0), xmm(1), xmm(2)], "c5f058c2", "vaddps xmm0,xmm1,xmm2"],
  ["vaddps", [xmm(0), xmm(1), xmm(10)], "c4c17058c2", "vaddps xmm0,xmm1,xmm10"],
  ["vpaddd", [ymm(1), ymm(2), ymm(3)], "c5edfecb", "vpaddd ymm1,ymm2,ymm3"],
  ["andn", [r64("rax"), r64("rbx"), r64("rcx")], "c4e2e0f2c1", "andn rax,rbx,rcx"],
  ["blsr", [r32("eax"), r32("ecx")], "c4e278f3c9", "blsr eax,ecx"],
  ["shlx", [r64("rax"), r64("rbx"), r64("r9")], "c4e2b1f7c3", "shlx rax,rbx,r9"],
];

for (const [mnemonic, operands, bytes, text] of CASES) {
  Deno.test(`emit("${mnemonic}") encodes ${text} as ${bytes}`, () => {
    const asm = new Assembler({ cpuFeatures: ALL_FEATURES });
    asm.emit(mnemonic, ...operands);
    const { code } = asm.finish();
    assert.equal(hex(code), bytes);
    const lines = disassemble(code);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.text, text);
  });
}
