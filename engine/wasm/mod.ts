/**
 * The front end: WebAssembly 2.0 binary decoding and validation (WebAssembly Core
 * Specification 2.0: chapter 5 "Binary Format", chapter 3 "Validation", and the appendix
 * "Validation Algorithm"). Chapter 2 "Structure" gives the syntax types of `syntax.ts`.
 *
 * - {@linkcode decodeModule}: bytes to a `Module` (sections decoded, bodies left as ranges).
 * - {@linkcode validateModule}: the spec's validation, every function body included (or,
 *   for the compiler, all but the bodies, which {@linkcode validatingReaders} then checks as
 *   it reads them).
 * - {@linkcode readOperators}: walks one function body, instruction by instruction.
 *
 * The opcode table (`opcodes.ts`) is the one source of every op's encoding and typing.
 *
 * @module
 */

export { decodeModule, type DecodeOptions } from "./decode.ts";
export { validateModule, type ValidateOptions, validatingReaders } from "./validate.ts";
export {
  copyInstruction,
  type InstructionReader,
  makeInstruction,
  OperatorReader,
  readOperators,
} from "./operators.ts";
export {
  type Feature,
  type ImmediateKind,
  opcode,
  OPCODE_BY_CODE,
  OPCODE_BY_MNEMONIC,
  type OpcodeRow,
  OPCODES,
  type Prefix,
} from "./opcodes.ts";
export type * from "./syntax.ts";
