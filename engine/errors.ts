/**
 * The engine's error classes: one class per failure kind, with structured fields.
 *
 * Spec-visible messages start with the spec suite's exact wording ("type mismatch",
 * "unexpected end", ...), and any detail follows after ": ", so a harness can prefix-match them.
 *
 * @module
 */

/** Base class of every error the engine throws on bad input. */
export class CompileError extends Error {
  /** The spec suite's wording for this failure, without detail. */
  readonly reason: string;
  /** Byte offset in the module where the failure applies, when known. */
  readonly offset: number | undefined;

  constructor(reason: string, options: { offset?: number; detail?: string } = {}) {
    const where = options.offset === undefined ? "" : ` at byte offset ${options.offset}`;
    const detail = options.detail === undefined ? "" : `: ${options.detail}`;
    super(`${reason}${detail}${where}`);
    this.name = new.target.name;
    this.reason = reason;
    this.offset = options.offset;
  }
}

/** Malformed binary input (the spec's "malformed"). */
export class DecodeError extends CompileError {}

/** A well-formed module that fails validation (the spec's "invalid"). */
export class ValidationError extends CompileError {
  /** Index of the function (in the function index space) where the failure applies. */
  readonly funcIdx: number | undefined;
  /** Mnemonic of the instruction where the failure applies. */
  readonly instruction: string | undefined;

  constructor(
    reason: string,
    options: { offset?: number; detail?: string; funcIdx?: number; instruction?: string } = {},
  ) {
    super(reason, options);
    this.funcIdx = options.funcIdx;
    this.instruction = options.instruction;
  }
}

/**
 * Valid input that Ingot does not handle yet; names the feature. Not a `CompileError`: the
 * input is fine, the engine is not finished.
 */
export class UnsupportedError extends Error {
  readonly feature: string;
  readonly offset: number | undefined;

  constructor(feature: string, options: { offset?: number; detail?: string } = {}) {
    const where = options.offset === undefined ? "" : ` at byte offset ${options.offset}`;
    const detail = options.detail === undefined ? "" : `: ${options.detail}`;
    super(`unsupported: ${feature}${detail}${where}`);
    this.name = "UnsupportedError";
    this.feature = feature;
    this.offset = options.offset;
  }
}

/** A module that cannot be linked: names the import. */
export class LinkError extends Error {
  readonly module: string;
  readonly field: string;

  constructor(reason: string, module: string, field: string) {
    super(`${reason}: ${module}.${field}`);
    this.name = "LinkError";
    this.module = module;
    this.field = field;
  }
}

/** A broken invariant inside the engine: always an engine bug, never the input's fault. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}
