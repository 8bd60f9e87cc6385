import assert from "node:assert/strict";
import fc from "fast-check";
import { type CpuFeatures, DEFAULT_CPU_FEATURES } from "../settings.ts";
import {
  type AddressForm,
  addressForm,
  type AssembledCode,
  Assembler,
  type BaseAddress,
} from "./assembler.ts";
import { operandsFor } from "./_arbitrary_operands.ts";
import { INST_ROWS } from "./insts.ts";
import { imm, type Label, type MemOperand, type Operand } from "./operands.ts";
import { CONDITION_CODES } from "./regs.ts";
import { sdmText } from "./row.ts";
import { immediateClassBothWays, mnemonicSelector } from "./_select.ts";
import { FAST_PATH, operandKey } from "./_operand_key.ts";
import { smallImmediateClass } from "./_immediate_class.ts";
import { gpr, immOf, memOf, xmmOf } from "./_masm_operands.ts";

const EVERYTHING = Object.fromEntries(
  Object.keys(DEFAULT_CPU_FEATURES).map((name) => [name, true]),
) as unknown as CpuFeatures;

/** The program's output (or error message) with the memoised fast path, then without it. */
function bothWays(
  program: (asm: Assembler) => void,
  cpuFeatures: CpuFeatures,
): [AssembledCode | string, AssembledCode | string] {
  const run = (fast: boolean) => {
    FAST_PATH.enabled = fast;
    try {
      const asm = new Assembler({ cpuFeatures });
      program(asm);
      return asm.finish();
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } finally {
      FAST_PATH.enabled = true;
    }
  };
  return [run(true), run(false)];
}

/** Immediates at every boundary an imm8/16/32/64 field, signed or not, can have. */
const EDGE_IMMEDIATES = [0n, 1n, 2n, -1n, 0x7fn, 0x80n, -0x80n, -0x81n, 0xffn, 0x100n].concat(
  [15n, 16n, 31n, 32n, 63n, 64n].flatMap((bits) => {
    const top = 1n << bits;
    return [top - 1n, top, top + 1n, -top, -top - 1n, -top + 1n];
  }),
);

function withImmediate(operands: readonly Operand[], value: bigint): Operand[] | undefined {
  const at = operands.findIndex((operand) => operand.kind === "imm" && operand.value !== 1n);
  if (at < 0) return undefined;
  return operands.map((operand, i) => i === at ? { kind: "imm", value } : operand);
}

Deno.test("the memoised fast path emits what the exhaustive search emits, for every row", () => {
  let fastKeys = 0;
  let samples = 0;
  INST_ROWS.forEach((row, index) => {
    const sampled = fc.sample(operandsFor(row), { seed: 517 + index, numRuns: 12 });
    const edges = EDGE_IMMEDIATES.map((value) => withImmediate(sampled[0] ?? [], value));
    for (const operands of [...sampled, ...edges]) {
      if (operands === undefined) continue;
      samples++;
      if (operandKey(operands) >= 0) fastKeys++;
      for (const features of [EVERYTHING, DEFAULT_CPU_FEATURES]) {
        const [fast, reference] = bothWays((asm) => asm.emit(row.mnemonic, ...operands), features);
        assert.deepEqual(fast, reference, sdmText(row));
      }
      const [fast, reference] = bothWays((asm) => asm.emitForm(row.instructionText, ...operands), {
        ...EVERYTHING,
      });
      assert.deepEqual(fast, reference, `emitForm ${sdmText(row)}`);
    }
  });
  // The comparison only means something if the fast path really ran.
  assert.equal(fastKeys, samples);
});

function memory(fields: Partial<MemOperand>): MemOperand {
  return {
    kind: "mem",
    base: undefined,
    index: undefined,
    scale: 1,
    disp: 0,
    width: undefined,
    rip: false,
    symbol: undefined,
    label: undefined,
    dispSize: undefined,
    ...fields,
  };
}

Deno.test("the fast path agrees on odd operands: forced disp sizes, high bytes, bad forms", () => {
  const cases: [string, Operand[]][] = [
    ["mov", [{ kind: "gpr", reg: 0, width: 32 }, memory({ base: 5, disp: 0, dispSize: 32 })]],
    ["mov", [{ kind: "gpr", reg: 0, width: 32 }, memory({ base: 12, disp: 4, dispSize: 8 })]],
    ["mov", [{ kind: "gpr", reg: 0, width: 32 }, memory({ base: 12, disp: 400, dispSize: 8 })]],
    ["mov", [{ kind: "gpr", reg: 4, width: 8, highByte: true }, { kind: "gpr", reg: 1, width: 8 }]],
    ["mov", [{ kind: "gpr", reg: 4, width: 8, highByte: true }, { kind: "gpr", reg: 6, width: 8 }]],
    ["mov", [{ kind: "gpr", reg: 0, width: 64 }, memory({ base: 3, index: 1, scale: 3 as 1 })]],
    ["mov", [{ kind: "gpr", reg: 0, width: 64 }, memory({ base: 3, rip: true })]],
    ["mov", [{ kind: "gpr", reg: 0, width: 64 }, memory({ index: 9, scale: 8, disp: -4 })]],
    ["mov", [{ kind: "gpr", reg: 40, width: 64 }, { kind: "gpr", reg: 1, width: 64 }]],
    ["lea", [{ kind: "gpr", reg: 1, width: 64 }, memory({ base: 3, label: { id: 0 }, disp: 9 })]],
    ["add", [{ kind: "gpr", reg: 0, width: 64 }, { kind: "imm", value: 1n << 70n }]],
    ["jmp", [{ kind: "rel", disp: 2 ** 33 }]],
    ["frobnicate", []],
  ];
  for (const [mnemonic, operands] of cases) {
    const [fast, reference] = bothWays((asm) => {
      asm.bind(asm.newLabel());
      asm.emit(mnemonic, ...operands);
    }, EVERYTHING);
    assert.deepEqual(fast, reference, `${mnemonic} ${JSON.stringify(operands, bigints)}`);
  }
});

function bigints(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value}n` : value;
}

/** One step of a random program: a row with random operands, a branch, a reference, or data. */
type Step = (asm: Assembler, labels: readonly Label[]) => void;

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.integer({ min: 0, max: INST_ROWS.length - 1 }).chain((at) => {
    const row = INST_ROWS[at] ?? INST_ROWS[0]!;
    return operandsFor(row).map((operands): Step => (asm) => asm.emit(row.mnemonic, ...operands));
  }),
  fc.record({
    cc: fc.constantFrom(...CONDITION_CODES),
    target: fc.nat(7),
    short: fc.boolean(),
    jmp: fc.boolean(),
  }).map(({ cc, target, short, jmp }): Step => (asm, labels) => {
    const label = labels[target % labels.length]!;
    if (jmp) asm.jmp(label, { short });
    else asm.jcc(cc, label, { short });
  }),
  fc.record({ target: fc.nat(7), disp: fc.integer({ min: -64, max: 64 }) }).map(
    ({ target, disp }): Step => (asm, labels) =>
      asm.emit(
        "mov",
        { kind: "gpr", reg: 1, width: 32 },
        memory({ rip: true, label: labels[target % labels.length]!, disp, width: 32 }),
      ),
  ),
  fc.record({ addend: fc.integer({ min: -8, max: 8 }), value: fc.integer({ max: 300 }) }).map(
    ({ addend, value }): Step => (asm) =>
      asm.emit(
        "cmp",
        memory({ rip: true, symbol: { symbol: "k", addend }, width: 64 }),
        { kind: "imm", value: BigInt(value) },
      ),
  ),
  fc.nat(150).map((size): Step => (asm) => asm.data(new Uint8Array(size))),
  fc.nat(7).map((target): Step => (asm, labels) => {
    const label = labels[target % labels.length]!;
    if (asm.labelOffset(label) === undefined) asm.bind(label);
  }),
);

Deno.test("random programs with labels, branches and relocations assemble the same both ways", () => {
  fc.assert(
    fc.property(fc.array(stepArbitrary, { maxLength: 60 }), (steps) => {
      const [fast, reference] = bothWays((asm) => {
        const labels = Array.from({ length: 8 }, () => asm.newLabel());
        for (const step of steps) step(asm, labels);
        for (const label of labels) if (asm.labelOffset(label) === undefined) asm.bind(label);
      }, EVERYTHING);
      assert.deepEqual(fast, reference);
    }),
    { numRuns: 300, seed: 2024 },
  );
});

Deno.test("immediate classes memoised by interval equal the classes computed value by value", () => {
  const values: bigint[] = [];
  for (let bits = 0n; bits <= 65n; bits++) {
    for (const base of [1n << bits, -(1n << bits)]) {
      for (const delta of [-129n, -128n, -2n, -1n, 0n, 1n, 2n, 127n, 128n]) {
        values.push(base + delta);
        for (const field of [0x80n, 0x8000n, 0x80000000n]) values.push(base - field + delta);
      }
    }
  }
  values.push(
    ...fc.sample(fc.bigInt({ min: -(1n << 65n), max: 1n << 65n }), { seed: 7, numRuns: 500 }),
  );
  for (const value of values) {
    const [memoised, direct] = immediateClassBothWays(value);
    assert.equal(memoised, direct, `${value}`);
  }
});

Deno.test("immediates with the masm's `small` hint classify and encode as plain ones", () => {
  const values = EDGE_IMMEDIATES.filter((value) => BigInt.asIntN(32, value) === value)
    .map(Number)
    .concat(fc.sample(fc.integer(), { seed: 11, numRuns: 200 }));
  for (const value of values) {
    assert.equal(smallImmediateClass(value), immediateClassBothWays(BigInt(value))[1], `${value}`);
  }
  const forms: readonly [string, number, number][] = [
    ["add", 32, 2],
    ["add", 64, 2],
    ["mov", 32, 2],
    ["mov", 64, 2],
    ["cmp", 64, 2],
    ["imul", 32, 3],
    ["shl", 64, 2],
  ];
  const emitAll = (hinted: boolean) => (asm: Assembler) => {
    for (const value of values) {
      const operand = hinted ? immOf(value) : imm(value);
      for (const [mnemonic, width, arity] of forms) {
        const reg = gpr(3, width as 32 | 64);
        try {
          if (arity === 3) asm.emit(mnemonic, reg, reg, operand);
          else asm.emit(mnemonic, reg, operand);
        } catch { /* no row for this value: the same either way, checked below */ }
      }
    }
  };
  const run = (hinted: boolean) => {
    const asm = new Assembler();
    emitAll(hinted)(asm);
    return asm.finish();
  };
  assert.deepEqual(run(true), run(false));
  assert.deepEqual(bothWays(emitAll(true), DEFAULT_CPU_FEATURES)[0], run(false));
});

Deno.test("shared register operands, alone or in pairs, encode as without the kept bytes", () => {
  const mnemonics = ["mov", "add", "cmp", "test", "imul", "movzx", "movsx", "movsxd", "xchg"]
    .concat(["movaps", "xorps", "movq", "movd", "addsd", "cvtsi2sd", "popcnt", "lzcnt", "pxor"]);
  const registers: Operand[] = [8, 16, 32, 64].flatMap((width): Operand[] =>
    Array.from({ length: 16 }, (_, reg) => gpr(reg, width as 8 | 16 | 32 | 64))
  ).concat(Array.from({ length: 16 }, (_, reg) => xmmOf(16 + reg)));
  const singles = ["sete", "setnp", "push", "pop", "neg", "not", "call", "bswap", "inc"];
  const program = (asm: Assembler) => {
    for (const mnemonic of singles) {
      for (const register of registers) {
        try {
          asm.emitOp(mnemonicSelector(mnemonic), register);
        } catch { /* no row: the same error either way (compared below) */ }
      }
    }
    for (const mnemonic of mnemonics) {
      const selector = mnemonicSelector(mnemonic);
      for (let i = 0; i < registers.length; i += 3) {
        for (let j = 0; j < registers.length; j += 5) {
          try {
            asm.emitOp(selector, registers[i]!, registers[j]!);
          } catch { /* no row: the same error either way (compared below) */ }
        }
      }
    }
  };
  const noPopcnt = { ...DEFAULT_CPU_FEATURES, popcnt: false, lzcnt: false };
  for (const features of [DEFAULT_CPU_FEATURES, EVERYTHING, noPopcnt, EVERYTHING]) {
    const [fast, reference] = bothWays(program, features);
    assert.deepEqual(fast, reference);
  }
});

Deno.test("addresses with the masm's shared registers encode as without the kept choices", () => {
  const forms = [
    addressForm("mov", 64, false),
    addressForm("mov", 32, false),
    addressForm("mov", 8, true),
    addressForm("movzx", 16, false),
    addressForm("movsd", 64, false),
    addressForm("movdqu", 128, true),
    addressForm("lea", undefined, false),
    addressForm("cmp", 64, false),
  ];
  const registers: Operand[] = [gpr(0, 64), gpr(11, 64), gpr(5, 32), gpr(12, 16), gpr(6, 8)];
  registers.push(gpr(13, 8), xmmOf(16), xmmOf(31));
  const addresses = [0, 5, 4, 12, 13].flatMap((base) =>
    [undefined, 1, 9].flatMap((index) =>
      [0, 8, -200, 100000].map((disp) => ({ base, index, scale: 4 as const, disp }))
    )
  );
  const program = (asm: Assembler) => {
    for (const form of forms) {
      for (const register of registers) {
        for (const address of addresses) {
          try {
            asm.emitAddress(form, register, address);
          } catch { /* no row: the same error either way (compared below) */ }
        }
      }
    }
  };
  for (const features of [DEFAULT_CPU_FEATURES, EVERYTHING, DEFAULT_CPU_FEATURES]) {
    const [fast, reference] = bothWays(program, features);
    assert.deepEqual(fast, reference);
  }
});

Deno.test("immediate stores to addresses encode as through memory operands", () => {
  const forms = [8, 16, 32, 64].map((width) => addressForm("mov", width as 8 | 16 | 32 | 64, true))
    .concat([addressForm("add", 64, true), addressForm("cmp", 32, true)]);
  const values = [0, 1, -1, 127, 128, -129, 255, 65535, 2 ** 31 - 1, -(2 ** 31)];
  const addresses = [0, 5, 4, 12, 13].flatMap((base) =>
    [undefined, 9].flatMap((index) => [0, -8, 300].map((disp) => ({ base, index, disp })))
  );
  const run = (program: (asm: Assembler) => void) => {
    const asm = new Assembler();
    for (let i = 0; i < 2; i++) program(asm);
    return asm.finish();
  };
  const each =
    (emit: (asm: Assembler, form: AddressForm, a: BaseAddress, v: number) => void) =>
    (asm: Assembler) => {
      for (const form of forms) {
        for (const address of addresses) {
          for (const value of values) {
            try {
              emit(asm, form, address, value);
            } catch { /* no row: the same either way */ }
          }
        }
      }
    };
  const fast = run(
    each((asm, form, address, value) => asm.emitAddressImm(form, address, immOf(value))),
  );
  const plain = run(
    each((asm, form, address, value) =>
      asm.emit(form.selector.name, memOf({ ...address, scale: 1 }, form.width), imm(value))
    ),
  );
  assert.deepEqual(fast, plain);
});

Deno.test("repeated `[base + disp]` addresses (kept whole encodings) encode as the first time", () => {
  const forms = [
    addressForm("mov", 64, false),
    addressForm("mov", 16, true),
    addressForm("movsx", 8, false),
    addressForm("movss", 32, false),
    addressForm("lea", undefined, false),
  ];
  const registers: Operand[] = [
    gpr(0, 64),
    gpr(9, 32),
    gpr(4, 16),
    gpr(7, 8),
    xmmOf(16),
    xmmOf(29),
  ];
  const disps = [0, 1, -1, 127, 128, -128, -129, 0x7fff, -0x8000, 0x8000, -0x8001, 2 ** 31 - 1];
  const addresses = Array.from({ length: 16 }, (_, base) => disps.map((disp) => ({ base, disp })))
    .flat();
  const program = (asm: Assembler) => {
    for (let pass = 0; pass < 2; pass++) {
      for (const form of forms) {
        for (const register of registers) {
          for (const address of addresses) {
            try {
              asm.emitAddress(form, register, address);
            } catch { /* no row: the same error either way (compared below) */ }
          }
        }
      }
    }
  };
  for (const features of [DEFAULT_CPU_FEATURES, EVERYTHING]) {
    const [fast, reference] = bothWays(program, features);
    assert.deepEqual(fast, reference);
  }
});
