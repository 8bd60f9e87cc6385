/**
 * One function through the baseline compiler: prologue, one pass over the operators (each
 * delegated to its family's lowering table), the return sequence and the out-of-line trap
 * stubs. The frame is
 *
 * ```
 * [fp + 16 ...]   incoming stack arguments
 * [fp + 8]        return address
 * [fp]            caller's fp
 * [fp - saved]    callee-saved registers (the vmctx register among them)
 * locals          one 8-byte cell per parameter and local (16 for a v128), then the
 *                 results-area pointer
 * (padding)
 * [sp + ...]      spill slot of value-stack operand i (8 bytes, 16 for a v128)
 * ```
 *
 * @module
 */

import { enumValue, INT_ARG_REGS, TRAPS, type VmctxLayout } from "../abi/mod.ts";
import { InternalError } from "../errors.ts";
import type { CompileSettings } from "../settings.ts";
import type { InstructionReader } from "../wasm/operators.ts";
import type { FuncType, Instruction, Module, ValType } from "../wasm/syntax.ts";
import type { Address, Label, MacroAssembler, Reg } from "./masm.ts";
import type { Control } from "./control.ts";
import { lowerBody } from "./body.ts";
import { callLayoutOf } from "./_call_layout.ts";
import { ValueStack } from "./value_stack.ts";
import { AddressCache, type LocalInfo } from "./_address_cache.ts";
import {
  bytesOf,
  copyValue,
  type Entry,
  isFloatType,
  kindOf,
  SLOT_BYTES,
  storeConst,
} from "./_values.ts";

/** What every function of a module shares. */
export interface ModuleContext {
  readonly module: Module;
  /** The frame addresses of the masm the module is compiled with. */
  readonly addresses: AddressCache;
  readonly settings: CompileSettings;
  readonly layout: VmctxLayout;
  /** Symbol of the code of function `funcIdx` (defined functions only). */
  funcSymbol(funcIdx: number): string;
  /** The reader of the body of defined function `funcIdx` (validating it, or not). */
  readBody(funcIdx: number): InstructionReader;
}

/** A trap site: the code at `offset` traps with `code` if it faults. */
export interface TrapSite {
  readonly offset: number;
  readonly code: number;
}

/** A lowering: emits the code of one instruction. */
export type Lowering = (fc: FuncCompiler, instr: Instruction) => void;

/** The constant a v128 local starts as. */
const ZERO_V128: Entry = { type: "v128", loc: "const", reg: -1, bits: 0n, value: 0, offset: 0 };

/** `TRAP_<name>` values, looked up once per name (traps are named on every memory access). */
const TRAP_CODES = new Map<string, number>();

function trapCode(name: string): number {
  let code = TRAP_CODES.get(name);
  if (code === undefined) {
    code = enumValue(TRAPS, name);
    TRAP_CODES.set(name, code);
  }
  return code;
}

/** The state of one function's compilation; lowerings read and drive it. */
export class FuncCompiler {
  readonly masm: MacroAssembler;
  readonly ctx: ModuleContext;
  readonly stack: ValueStack;
  readonly funcIdx: number;
  readonly funcType: FuncType;
  readonly locals: LocalInfo[] = [];
  readonly control: Control[] = [];
  readonly trapSites: TrapSite[];
  /** Whether the code being lowered can run (false after br, return, unreachable...). */
  reachable = true;
  /** Cell holding the results-area pointer (multi-value functions). */
  resultsArea: Address | undefined;
  /** The trap stubs asked for, in order, and their labels by trap code. */
  readonly #trapCodes: number[] = [];
  readonly #trapLabels: Label[] = [];
  #memoryOob: Label | undefined;
  #memoryBase: Address | undefined;
  #memorySize: Address | undefined;
  /** Bytes of the local cells laid out so far. */
  #localBytes = 0;

  constructor(masm: MacroAssembler, ctx: ModuleContext, funcIdx: number, trapSites: TrapSite[]) {
    this.masm = masm;
    this.ctx = ctx;
    this.funcIdx = funcIdx;
    this.trapSites = trapSites;
    this.stack = new ValueStack(masm, ctx.addresses);
    const typeIdx = ctx.module.funcTypeIdxs[funcIdx];
    const funcType = typeIdx === undefined ? undefined : ctx.module.types[typeIdx];
    if (funcType === undefined) throw new InternalError(`No type for function ${funcIdx}`);
    this.funcType = funcType;
  }

  /** Compiles the whole function. */
  compile(): void {
    const frame = this.masm.enterFrame();
    this.stack.spOffset = 0;
    this.masm.stackCheck(this.vmctxField("stack_limit"), this.trap("STACK_EXHAUSTED"));
    this.#storeParams();
    lowerBody(this, this.ctx.readBody(this.funcIdx));
    for (const code of this.#trapCodes) {
      this.masm.bind(this.#trapLabels[code]!);
      this.masm.callTrap(code);
    }
    this.masm.finishFrame(frame, this.#localBytes + this.stack.maxBytes);
  }

  /** The stub label that traps with `TRAP_<name>`. */
  trap(name: string): Label {
    const code = trapCode(name);
    let label = this.#trapLabels[code];
    if (label === undefined) {
      label = this.#trapLabels[code] = this.masm.newLabel();
      this.#trapCodes.push(code);
    }
    return label;
  }

  /** Records that the instruction at `offset` traps with `TRAP_<name>` if it faults. */
  trapSite(offset: number, name: string): void {
    this.trapSites.push({ offset, code: trapCode(name) });
  }

  /** `trap("MEMORY_OOB")`, kept: every explicit bounds check asks for it. */
  memoryOobTrap(): Label {
    return this.#memoryOob ??= this.trap("MEMORY_OOB");
  }

  /** `vmctxField("memory_base")` and `vmctxField("memory_size")`, kept (every access asks). */
  memoryBase(): Address {
    return this.#memoryBase ??= this.vmctxField("memory_base");
  }

  memorySize(): Address {
    return this.#memorySize ??= this.vmctxField("memory_size");
  }

  /** Address of a field of the vmctx head. */
  vmctxField(field: string): Address {
    return this.ctx.addresses.vmctxField(field);
  }

  /** Address of a vmctx region entry: `region` offset plus `index * stride`. */
  vmctxRegion(region: number, index: number, stride: number): Address {
    return this.ctx.addresses.vmctx(region + index * stride);
  }

  /** The local `index`. */
  local(index: number): LocalInfo {
    const local = this.locals[index];
    if (local === undefined) throw new InternalError(`No local ${index}`);
    return local;
  }

  /** The next cell of `bytes` below the saved registers. */
  #cell(bytes: number): Address {
    this.#localBytes += bytes;
    return this.ctx.addresses.cell(-this.masm.savedBytes - this.#localBytes);
  }

  /** Lays out the locals and moves the parameters into their cells. */
  #storeParams(): void {
    const { params } = this.funcType;
    const func = this.ctx.module.funcs[this.funcIdx - this.ctx.module.importedFuncs];
    if (func === undefined) throw new InternalError(`Function ${this.funcIdx} is not defined`);
    for (const type of params) this.#addLocal(type);
    for (const decl of func.locals) {
      for (let n = 0; n < decl.count; n++) this.#addLocal(decl.type);
    }
    const layout = callLayoutOf(this.funcType);
    // The results-area cell follows the locals (reserved in every frame).
    const area = this.#cell(SLOT_BYTES);
    if (layout.resultsArea) {
      this.resultsArea = area;
      this.masm.store(kindOf("i64"), this.resultsArea, this.masm.intArg(1));
    }
    for (let index = 0; index < layout.params.length; index++) {
      const location = layout.params[index]!;
      const local = this.local(index);
      if (location.kind === "stack") {
        const incoming = this.ctx.addresses.cell(16 + location.offset);
        copyValue(this.masm, local.type, local.address, incoming);
      } else {
        const reg = location.kind === "gpr"
          ? this.intArgReg(location.reg)
          : this.masm.floatArg(location.reg);
        this.masm.store(local.kind, local.address, reg);
      }
    }
    for (let index = params.length; index < this.locals.length; index++) {
      const { type, address } = this.local(index);
      if (type !== "v128") this.masm.storeImm(64, address, 0n);
      else storeConst(this.masm, ZERO_V128, address);
    }
  }

  #addLocal(type: ValType): void {
    const address = this.#cell(bytesOf(type));
    this.locals.push(this.ctx.addresses.local(type, address.disp));
  }

  /** The native register of a Wasm-convention integer argument named by `callconv.ts`. */
  intArgReg(name: string): Reg {
    const position = INT_ARG_REGS.indexOf(name);
    if (position < 0) throw new InternalError(`Unknown argument register ${name}`);
    return this.masm.intArg(position + 1);
  }

  /** Whether values of `type` live in float registers. */
  isFloat(type: ValType): boolean {
    return isFloatType(type);
  }
}
