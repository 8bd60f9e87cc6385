/**
 * The macro-assembler interface the baseline compiler lowers onto (wasmtime Winch's
 * `MacroAssembler`, V8 Liftoff's `LiftoffAssembler`). Lowering calls only this interface, so
 * what each Wasm op emits is evident from its lowering row plus one method here; the x86-64
 * implementation is `engine/x64/masm.ts`.
 *
 * Registers are small integers. The implementation chooses the allocatable pools and the
 * scratch registers; lowering never names an architectural register. Every method keeps the
 * allocatable registers it is not given intact.
 *
 * @module
 */

/** A register: `0..15` general-purpose, `16..31` floating-point. */
export type Reg = number;

/** First floating-point register number. */
export const FIRST_FLOAT_REG = 16;

/** Whether `reg` is a floating-point register. */
export function isFloatReg(reg: Reg): boolean {
  return reg >= FIRST_FLOAT_REG;
}

/** Operand size of an integer or float operation, in bits. */
export type Size = 32 | 64;

/** A code label. */
export interface Label {
  readonly id: number;
}

/** A register or an immediate (a signed integer that fits 32 bits, sign-extended to `size`). */
export type Src = { readonly reg: Reg; readonly imm?: undefined } | {
  readonly imm: number;
  readonly reg?: undefined;
};

/** A memory address `[base + index + disp]` (index unscaled, 64-bit). */
export interface Address {
  readonly base: Reg;
  readonly index?: Reg | undefined;
  /** Scale of `index` (default 1). */
  readonly scale?: 1 | 4 | 8 | undefined;
  readonly disp: number;
}

/** Integer binary operations whose second operand may be a register or an immediate. */
export type IntBinop = "add" | "sub" | "mul" | "and" | "or" | "xor";

/** Shifts and rotates; the count is taken modulo the operand size. */
export type ShiftOp = "shl" | "shr_s" | "shr_u" | "rotl" | "rotr";

/** Division and remainder (trapping as the spec says). */
export type DivOp = "div_s" | "div_u" | "rem_s" | "rem_u";

/** Integer unary operations. */
export type IntUnop = "clz" | "ctz" | "popcnt" | "extend8_s" | "extend16_s" | "extend32_s";

/** Integer comparisons (`eqz` compares with zero). */
export type IntCond =
  | "eq"
  | "ne"
  | "lt_s"
  | "lt_u"
  | "gt_s"
  | "gt_u"
  | "le_s"
  | "le_u"
  | "ge_s"
  | "ge_u";

/** Float comparisons, false on NaN except `ne`. */
export type FloatCond = "eq" | "ne" | "lt" | "gt" | "le" | "ge";

/** Float binary operations, with the spec's NaN and signed-zero rules. */
export type FloatBinop = "add" | "sub" | "mul" | "div" | "min" | "max" | "copysign";

/** Float unary operations. */
export type FloatUnop = "abs" | "neg" | "sqrt" | "ceil" | "floor" | "trunc" | "nearest";

/** A memory access kind: the bytes moved and how a load extends them. */
export interface AccessKind {
  /** Bytes accessed: 1, 2, 4 or 8, or 16 for a whole v128 (in a float register). */
  readonly bytes: 1 | 2 | 4 | 8 | 16;
  /** Register class and size of the value. */
  readonly float: boolean;
  readonly size: Size;
  /** Loads narrower than `size`: sign-extend (else zero-extend). */
  readonly signed: boolean;
}

/** Traps a trapping conversion may raise. */
export interface ConvertTraps {
  readonly invalid: Label;
  readonly overflow: Label;
}

/** Float-to-integer conversion; `sat` saturates instead of trapping. */
export interface TruncKind {
  readonly from: Size;
  readonly to: Size;
  readonly signed: boolean;
  readonly sat: boolean;
}

/**
 * A SIMD operation, named by its Wasm mnemonic (`"i32x4.add"`, `"v128.load8x8_s"`): the
 * semantics are the spec's (4.4.3 "Vector Instructions"), so the name is the whole contract.
 */
export type SimdOp = string;

/** What `finishFrame` needs to size a frame. */
export interface FrameHandle {
  /** Code offset of the frame-size field to patch. */
  readonly patchAt: number;
}

/** The macro-assembler lowering drives. */
export interface MacroAssembler {
  /** Allocatable general-purpose registers, in preference order. */
  readonly gprPool: readonly Reg[];
  /** Allocatable floating-point registers, in preference order. */
  readonly floatPool: readonly Reg[];
  /** Frame pointer: locals are addressed from it. */
  readonly fp: Reg;
  /** Stack pointer: spill slots and outgoing arguments are addressed from it. */
  readonly sp: Reg;
  /** Register holding the vmctx for the whole function body. */
  readonly vmctx: Reg;
  /** Bytes between `fp` and the first local (saved registers). */
  readonly savedBytes: number;

  /** Current code offset. */
  offset(): number;
  newLabel(): Label;
  bind(label: Label): void;
  /** Code offset of a bound label. */
  labelOffset(label: Label): number;

  // Frame.
  /** Saves the caller's frame, moves the vmctx (first argument) to `vmctx`, reserves a frame. */
  enterFrame(): FrameHandle;
  /** Patches the frame size reserved by `enterFrame`. */
  finishFrame(frame: FrameHandle, bytes: number): void;
  /** Traps with `trap` when the stack pointer is below the vmctx stack limit. */
  stackCheck(limit: Address, trap: Label): void;
  /** Restores the caller's frame and returns. */
  leaveFrame(): void;

  // Moves.
  move(size: Size, dst: Reg, src: Reg): void;
  moveImm(size: Size, dst: Reg, value: bigint): void;
  /** Loads float bits (an f32 or f64 bit pattern) into a float register. */
  moveFloatImm(size: Size, dst: Reg, bits: bigint): void;
  /** Loads; returns the code offset of the accessing instruction (for trap sites). */
  load(kind: AccessKind, dst: Reg, address: Address): number;
  /** Stores; returns the code offset of the accessing instruction (for trap sites). */
  store(kind: AccessKind, address: Address, src: Reg): number;
  /** Copies one 8-byte slot to another. */
  copySlot(dst: Address, src: Address): void;
  storeImm(size: Size, address: Address, value: bigint): void;
  /** Loads a pointer-sized field. */
  loadPtr(dst: Reg, address: Address): void;
  /** `dst = address` (a pointer). */
  loadAddress(dst: Reg, address: Address): void;
  /** Moves bits between register classes (reinterpret). */
  moveBits(size: Size, dst: Reg, src: Reg): void;

  /**
   * Traps with `trap` unless `addr + end <= [memSize]` (64-bit unsigned, no overflow), where
   * `addr` is a zero-extended 32-bit address and `end` is `offset + access bytes`.
   */
  boundsCheck(addr: Reg, end: number, memSize: Address, trap: Label): void;
  /** `dst += value` in 64 bits, for any value below 2^32. */
  addImm64(dst: Reg, value: number): void;

  // Integer arithmetic.
  intBinop(op: IntBinop, size: Size, dst: Reg, src: Src): void;
  intShift(op: ShiftOp, size: Size, dst: Reg, count: Src): void;
  intDivRem(
    op: DivOp,
    size: Size,
    dst: Reg,
    divisor: Reg,
    traps: { divByZero: Label; overflow: Label },
  ): void;
  intUnop(op: IntUnop, size: Size, dst: Reg): void;
  /** `dst = lhs cond rhs ? 1 : 0` (dst may equal lhs). */
  intCompare(cond: IntCond, size: Size, dst: Reg, lhs: Reg, rhs: Src): void;
  /** `dst = (src == 0) ? 1 : 0`. */
  intEqz(size: Size, dst: Reg, src: Reg): void;
  /** i32 -> i64 extension in place. */
  extendI32(signed: boolean, dst: Reg): void;
  /** i64 -> i32 wrap in place. */
  wrapI64(dst: Reg): void;
  /** Zero-extends a 32-bit value to 64 bits in place. */
  zeroExtend32(dst: Reg): void;

  // Float arithmetic.
  floatBinop(op: FloatBinop, size: Size, dst: Reg, src: Reg): void;
  floatUnop(op: FloatUnop, size: Size, dst: Reg): void;
  floatCompare(cond: FloatCond, size: Size, dst: Reg, lhs: Reg, rhs: Reg): void;
  /** Replaces a NaN in `dst` by the canonical NaN (positive, quiet, zero payload). */
  canonicalizeNan(size: Size, dst: Reg): void;
  /** f32 <-> f64 (`to` is the result size). */
  floatConvert(to: Size, dst: Reg, src: Reg): void;
  /** Integer -> float, correctly rounded (`from` the integer size, `to` the float size). */
  intToFloat(from: Size, to: Size, signed: boolean, dst: Reg, src: Reg): void;
  /** Float -> integer with the spec's traps or saturation. */
  floatToInt(kind: TruncKind, dst: Reg, src: Reg, traps: ConvertTraps): void;

  // SIMD: v128 values live in float registers.
  /** Loads 128 constant bits (lane 0 in the low bits). */
  moveV128Imm(dst: Reg, bits: bigint): void;
  /** `dst = dst op src`: lane-wise arithmetic, comparisons, narrowing, swizzle... */
  simdBinop(op: SimdOp, dst: Reg, src: Reg): void;
  /** `dst = op dst`: negation, extension, conversion, rounding... */
  simdUnop(op: SimdOp, dst: Reg): void;
  /** Replaces NaN lanes (of `size`-bit floats) in `dst` by the canonical NaN. */
  simdCanonicalizeNan(size: Size, dst: Reg): void;
  /** `v128.bitselect`: `dst = (dst & mask) | (src & ~mask)`. */
  simdBitselect(dst: Reg, src: Reg, mask: Reg): void;
  /** Lane shifts of `dst` by a 32-bit `count`, taken modulo the lane width. */
  simdShift(op: SimdOp, dst: Reg, count: Src): void;
  /** `i8x16.shuffle`: `dst = lanes of (dst ++ src)` selected by `lanes` (each below 32). */
  simdShuffle(dst: Reg, src: Reg, lanes: Uint8Array): void;
  /** `dst` (a gpr) = a test of `src`: any_true, all_true, bitmask. */
  simdReduce(op: SimdOp, dst: Reg, src: Reg): void;
  /** Splats `src` (a gpr for integer lanes, a float register otherwise) into `dst`. */
  simdSplat(op: SimdOp, dst: Reg, src: Reg): void;
  /** Extracts lane `lane` of `src` into `dst` (a gpr, or a float register for float lanes). */
  simdExtractLane(op: SimdOp, lane: number, dst: Reg, src: Reg): void;
  /** Replaces lane `lane` of `dst` by `src` (a gpr, or a float register). */
  simdReplaceLane(op: SimdOp, lane: number, dst: Reg, src: Reg): void;
  /**
   * SIMD loads other than `v128.load`: extending, splat and zero-filling loads. Returns the
   * code offset of the accessing instruction (for trap sites).
   */
  simdLoad(op: SimdOp, dst: Reg, address: Address): number;
  /** Loads `bytes` into lane `lane` of `dst`; returns the accessing instruction's offset. */
  simdLoadLane(bytes: 1 | 2 | 4 | 8, lane: number, dst: Reg, address: Address): number;
  /** Stores lane `lane` of `src`; returns the accessing instruction's offset. */
  simdStoreLane(bytes: 1 | 2 | 4 | 8, lane: number, address: Address, src: Reg): number;

  // Selection and branches.
  /** `dst = cond != 0 ? dst : other` (same class; `cond` a 32-bit gpr). */
  select(size: Size, dst: Reg, other: Reg, cond: Reg): void;
  jump(label: Label): void;
  /** Jumps when the 32-bit `reg` is non-zero (`zero` false) or zero (`zero` true). */
  branchIfZero(zero: boolean, reg: Reg, label: Label): void;
  /** Jumps when `lhs cond rhs` (unsigned/signed as named). */
  branchIf(cond: IntCond, size: Size, lhs: Reg, rhs: Src, label: Label): void;
  /** Jumps to `targets[index]`, or `fallback` when `index` (32-bit, unsigned) is out of range. */
  jumpTable(index: Reg, targets: readonly Label[], fallback: Label): void;

  // Calls.
  /** Calls a symbol of this object or of the runtime. */
  callSymbol(symbol: string): void;
  /** Calls the code address held in `target`. */
  callReg(target: Reg): void;
  /** Reserves (positive) or releases (negative) outgoing stack-argument bytes. */
  adjustStack(bytes: number): void;
  /** Integer argument register `n` of the native convention (0 = first). */
  intArg(n: number): Reg;
  /** Float argument register `n` of the native convention. */
  floatArg(n: number): Reg;
  /** Register of an integer result, and of a float result. */
  readonly intResult: Reg;
  readonly floatResult: Reg;
  /**
   * Register a call through a `struct ingot_func` record carries the record's address in:
   * Wasm-to-array adapters read `array_call` and the host data from it.
   */
  readonly funcRecordReg: Reg;
  /** Calls `wasm_call` of the record in `funcRecordReg`, passing its `vmctx` first. */
  callFuncRecord(): void;
  /** Emits a call to the runtime's trap entry with `code`; does not return. */
  callTrap(code: number): void;

  /** The finished code and its relocations. */
  finish(): MasmOutput;
}

/** A relocation against a symbol, at an offset of the code. */
export interface CodeReloc {
  readonly offset: number;
  readonly symbol: string;
  readonly type: "R_X86_64_PC32" | "R_X86_64_PLT32" | "R_X86_64_64";
  readonly addend: number;
}

/** The code one macro-assembler produced. */
export interface MasmOutput {
  readonly code: Uint8Array;
  readonly relocs: readonly CodeReloc[];
}
