/**
 * Benchmark of the x86-64 assembler (`engine/x64`): emits about a million instructions in the
 * mix the baseline compiler's macro-assembler (`engine/x64/masm.ts`) produces: register moves,
 * loads and stores of locals and spill slots at `[rbp-disp]` / `[r14+disp]`, heap accesses
 * `[base+index+disp]`, ALU ops with registers and small or large immediates, compares with
 * setcc/movzx, test + jcc to forward and backward labels, bounds checks (lea, cmp, ja), SSE
 * scalar moves and arithmetic, and calls. Operands are built per instruction, as the masm does.
 *
 * Reports the median of several runs, and a SHA-256 of everything emitted (code, relocations,
 * labels) so that a faster assembler can be checked to produce the very same bytes.
 *
 * Run: `deno run --allow-all scripts/bench/asm_bench.ts`.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { Assembler, type Label, type MemOperand, type Operand } from "../../engine/x64/mod.ts";
import type { GprOperand, Width, XmmOperand } from "../../engine/x64/mod.ts";
import { median } from "./_median.ts";

/** What `benchAssembler` measured. */
export interface AsmBench {
  readonly instructionsPerSecond: number;
  readonly instructions: number;
  /** SHA-256 (hex) of all code, relocations and label offsets of one run. */
  readonly digest: string;
}

/** Options of `benchAssembler`. */
export interface AsmBenchOptions {
  /** Repetitions; the median counts (default 5). */
  readonly runs?: number;
  /** Instructions per run, roughly (default 1,000,000). */
  readonly instructions?: number;
}

const ALLOCATABLE = [3, 6, 7, 8, 9, 12, 13, 15] as const;
const RBP = 5;
const R14 = 14;
const R11 = 11;
const R15 = 15;

/** A small deterministic PRNG (xorshift32). */
function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function gpr(reg: number, width: Width): GprOperand {
  return { kind: "gpr", reg, width };
}

function xmmOf(reg: number): XmmOperand {
  return { kind: "xmm", reg };
}

function memOf(
  base: number,
  disp: number,
  width?: 8 | 16 | 32 | 64,
  index?: number,
): MemOperand {
  return {
    kind: "mem",
    base,
    index,
    scale: 1,
    disp,
    width,
    rip: false,
    symbol: undefined,
    label: undefined,
    dispSize: undefined,
  };
}

function immOf(value: number | bigint): Operand {
  return { kind: "imm", value: BigInt(value) };
}

/** One step of the mix: a few instructions, as one masm method emits them. */
type Step = (asm: Assembler, a: number, b: number, c: number, labels: Label[]) => number;

const SIZES = [32, 64] as const;
const ALU = ["add", "sub", "and", "or", "xor"] as const;
const CC = ["e", "ne", "l", "b", "g", "a", "le", "ge"] as const;

/** [weight, step]: each step returns how many instructions it emitted. */
const MIX: readonly (readonly [number, Step])[] = [
  [10, (asm, a, b, c) => { // local.get: load a slot
    asm.emit("mov", gpr(a, SIZES[c & 1]!), memOf(RBP, -8 * (b + 1), SIZES[c & 1]));
    return 1;
  }],
  [8, (asm, a, b) => { // spill / local.set
    asm.emit("mov", memOf(RBP, -8 * (b + 1), 64), gpr(a, 64));
    return 1;
  }],
  [8, (asm, a, b, c) => { // move
    asm.emit("mov", gpr(a, SIZES[c & 1]!), gpr(ALLOCATABLE[b & 7]!, SIZES[c & 1]!));
    return 1;
  }],
  [6, (asm, a, b, c) => { // i32.const / i64.const
    asm.emit("mov", gpr(a, 32), immOf(c % 3 === 0 ? b : b * 100_003));
    return 1;
  }],
  [10, (asm, a, b, c) => { // binop reg, reg
    const size = SIZES[c & 1]!;
    asm.emit(ALU[c % ALU.length]!, gpr(a, size), gpr(ALLOCATABLE[b & 7]!, size));
    return 1;
  }],
  [8, (asm, a, b, c) => { // binop reg, imm (imm8 and imm32)
    asm.emit(ALU[c % ALU.length]!, gpr(a, SIZES[c & 1]!), immOf(c & 2 ? b : b * 1000));
    return 1;
  }],
  [2, (asm, a, b) => { // i32.mul by constant
    asm.emit("imul", gpr(a, 32), gpr(a, 32), immOf(b + 3));
    return 1;
  }],
  [6, (asm, a, b, c) => { // compare into a register
    asm.emit("cmp", gpr(a, 32), c & 1 ? gpr(ALLOCATABLE[b & 7]!, 32) : immOf(b));
    asm.setcc(CC[c % CC.length]!, gpr(a, 8));
    asm.emit("movzx", gpr(a, 32), gpr(a, 8));
    return 3;
  }],
  [8, (asm, a, _b, c, labels) => { // br_if to a block end (forward) or a loop head (backward)
    asm.emit("test", gpr(a, 32), gpr(a, 32));
    asm.jcc(c & 1 ? "e" : "ne", labels[c % labels.length]!);
    return 2;
  }],
  [2, (asm, _a, _b, c, labels) => {
    asm.jmp(labels[c % labels.length]!);
    return 1;
  }],
  [6, (asm, a, b, c, labels) => { // heap load with a bounds check
    asm.emit("lea", gpr(R11, 64), memOf(a, 4 + (c & 7)));
    asm.emit("cmp", gpr(R11, 64), memOf(R14, 0x40, 64));
    asm.jcc("a", labels[labels.length - 1]!);
    asm.emit("mov", gpr(ALLOCATABLE[b & 7]!, 32), memOf(R15, c & 7, 32, a));
    return 4;
  }],
  [6, (asm, a, b, c) => { // float load / arithmetic / store
    asm.emit(c & 1 ? "movsd" : "movss", xmmOf(a & 15), memOf(RBP, -8 * (b + 1), c & 1 ? 64 : 32));
    asm.emit(c & 2 ? "addsd" : "mulsd", xmmOf(a & 15), xmmOf(b & 15));
    asm.emit("movsd", memOf(RBP, -8 * (b + 1), 64), xmmOf(a & 15));
    return 3;
  }],
  [2, (asm, a, b) => {
    asm.emit("movaps", xmmOf(a & 15), xmmOf(b & 15));
    return 1;
  }],
  [2, (asm, a, _b, c) => { // shifts
    if (c & 1) asm.emit("shl", gpr(a, 32), immOf(c & 31 || 1));
    else asm.emit("sar", gpr(a, 64), gpr(1, 8));
    return 1;
  }],
  [2, (asm, _a, b) => { // call
    asm.emit("mov", gpr(7, 64), gpr(R14, 64));
    asm.emit("mov", gpr(6, 32), immOf(b));
    asm.callSymbol(b & 1 ? "ingot_trap" : "ingot_memory_grow");
    return 3;
  }],
];

const TOTAL_WEIGHT = MIX.reduce((sum, [weight]) => sum + weight, 0);
/** Instructions each step emits. */
const STEP_SIZES = [1, 1, 1, 1, 1, 1, 1, 3, 2, 1, 4, 3, 1, 1, 3];

/** Pre-drawn random choices, so the timed loop measures the assembler, not the PRNG. */
function plan(instructions: number): Int32Array {
  const random = prng(0x1c07);
  const steps: number[] = [];
  let count = 0;
  while (count < instructions) {
    let pick = random() * TOTAL_WEIGHT;
    let step = 0;
    while (pick >= MIX[step]![0]) pick -= MIX[step++]![0];
    const a = ALLOCATABLE[Math.floor(random() * ALLOCATABLE.length)]!;
    const b = Math.floor(random() * 40);
    const c = Math.floor(random() * 1024);
    steps.push(step, a, b, c);
    count += STEP_SIZES[step]!;
  }
  return Int32Array.from(steps);
}

/** Emits the planned steps as functions of ~200 instructions into one assembler per 50,000. */
function run(steps: Int32Array, hash: ReturnType<typeof createHash> | undefined): number {
  let asm = new Assembler();
  let emitted = 0;
  let sinceFlush = 0;
  let labels: Label[] = [];
  let pending: Label[] = [];
  const flush = () => {
    for (const label of pending) asm.bind(label);
    const { code, relocs, labels: offsets } = asm.finish();
    hash?.update(code).update(JSON.stringify(relocs)).update(JSON.stringify(offsets));
    asm = new Assembler();
    labels = [];
    pending = [];
  };
  for (let i = 0; i < steps.length; i += 4) {
    if (emitted % 200 < 3 || labels.length === 0) {
      for (const label of pending.splice(0, 2)) asm.bind(label);
      const head = asm.newLabel();
      asm.bind(head);
      const ahead = [asm.newLabel(), asm.newLabel()];
      pending.push(...ahead);
      labels = [head, ...ahead];
    }
    const [, step] = MIX[steps[i]!]!;
    const count = step(asm, steps[i + 1]!, steps[i + 2]!, steps[i + 3]!, labels);
    emitted += count;
    sinceFlush += count;
    if (sinceFlush >= 50_000) {
      flush();
      sinceFlush = 0;
    }
  }
  flush();
  return emitted;
}

/** Emits ~1M instructions `runs` times; returns the median rate and a digest of the output. */
export function benchAssembler(options: AsmBenchOptions = {}): Promise<AsmBench> {
  const steps = plan(options.instructions ?? 1_000_000);
  const hash = createHash("sha256");
  const instructions = run(steps, hash);
  const digest = hash.digest("hex");
  const rates: number[] = [];
  for (let i = 0; i < (options.runs ?? 5); i++) {
    const start = performance.now();
    run(steps, undefined);
    rates.push(instructions / ((performance.now() - start) / 1000));
  }
  return Promise.resolve({
    instructionsPerSecond: median(rates),
    instructions,
    digest,
  });
}

if (import.meta.main) {
  const result = await benchAssembler();
  console.log(
    `assembler: ${(result.instructionsPerSecond / 1e6).toFixed(2)} M instructions/s ` +
      `(${result.instructions} instructions per run, median of 5; output sha256 ${
        result.digest.slice(0, 16)
      })`,
  );
}
