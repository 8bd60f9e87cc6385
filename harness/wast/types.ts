/**
 * The command model of the WebAssembly script (`.wast`) format, as the spec's reference
 * interpreter defines it (`interpreter/script/script.ml`), for the 2.0 core suite.
 *
 * Scalars are kept as exact bit patterns: i32 and f32 as unsigned 32-bit numbers, i64 and f64
 * as unsigned 64-bit bigints, v128 as 16 little-endian bytes. No value ever passes through a JS
 * float, so NaN payloads and -0 survive.
 *
 * @module
 */

/** Where a command starts: 1-based line and column in its file. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A module as the script spells it. */
export type ModuleDef =
  /** `(module $id? binary "...")`: the bytes, concatenated. */
  | { readonly form: "binary"; readonly bytes: Uint8Array }
  /** `(module $id? ...fields)`: the module's source text, from `(module` to its `)`. */
  | { readonly form: "text"; readonly text: string }
  /** `(module $id? quote "...")`: the quoted strings, concatenated, left as text. */
  | { readonly form: "quote"; readonly text: string };

/** A number type. */
export type NumType = "i32" | "i64" | "f32" | "f64";

/** A reference type. */
export type RefType = "funcref" | "externref";

/** A concrete value, as an argument or an exact expected result. */
export type Value =
  | { readonly type: "i32"; readonly bits: number }
  | { readonly type: "i64"; readonly bits: bigint }
  | { readonly type: "f32"; readonly bits: number }
  | { readonly type: "f64"; readonly bits: bigint }
  | { readonly type: "v128"; readonly bytes: Uint8Array }
  /** `ref.null func|extern`. */
  | { readonly type: "ref.null"; readonly refType: RefType }
  /** `ref.extern N`: a host reference, told apart by N. */
  | { readonly type: "ref.extern"; readonly id: number };

/** `nan:canonical` or `nan:arithmetic`. */
export type NanPattern = "canonical" | "arithmetic";

/** One lane of an expected v128: exact bits or a NaN pattern (float lanes only). */
export type LanePattern =
  | { readonly bits: bigint }
  | { readonly nan: NanPattern };

/** An expected result of `assert_return`. */
export type Expected =
  /** Exactly this value (for floats: these bits). */
  | { readonly kind: "value"; readonly value: Value }
  /** A float NaN matching the pattern. */
  | { readonly kind: "nan"; readonly type: "f32" | "f64"; readonly nan: NanPattern }
  /** A v128 compared lane by lane in the given shape. */
  | {
    readonly kind: "v128";
    readonly shape: "i8" | "i16" | "i32" | "i64" | "f32" | "f64";
    readonly lanes: readonly LanePattern[];
  }
  /** `ref.func`: any non-null function reference. */
  | { readonly kind: "ref.func" }
  /** `ref.extern` without an index: any non-null host reference. */
  | { readonly kind: "ref.extern.any" };

/** `(invoke $m? "name" args*)` or `(get $m? "name")`. */
export type Action =
  | {
    readonly kind: "invoke";
    readonly module: string | undefined;
    readonly name: string;
    readonly args: readonly Value[];
  }
  | { readonly kind: "get"; readonly module: string | undefined; readonly name: string };

/** Fields every command has. */
interface CommandBase {
  readonly pos: Position;
}

/** One top-level script command. */
export type Command =
  | CommandBase & {
    readonly kind: "module";
    readonly name: string | undefined;
    readonly module: ModuleDef;
  }
  | CommandBase & {
    readonly kind: "register";
    readonly as: string;
    readonly name: string | undefined;
  }
  | CommandBase & { readonly kind: "action"; readonly action: Action }
  | CommandBase & {
    readonly kind: "assert_return";
    readonly action: Action;
    readonly expected: readonly Expected[];
  }
  | CommandBase & {
    readonly kind: "assert_trap";
    readonly action: Action;
    readonly message: string;
  }
  | CommandBase & {
    readonly kind: "assert_exhaustion";
    readonly action: Action;
    readonly message: string;
  }
  | CommandBase & {
    readonly kind:
      | "assert_invalid"
      | "assert_malformed"
      | "assert_unlinkable"
      | "assert_uninstantiable";
    readonly module: ModuleDef;
    readonly message: string;
  };

/** The kinds of the conformance report (and of COUNTS.tsv). */
export const REPORT_KINDS = [
  "module",
  "register",
  "action",
  "assert_return",
  "assert_trap",
  "assert_exhaustion",
  "assert_invalid",
  "assert_malformed_binary",
  "assert_malformed_text",
  "assert_unlinkable",
  "assert_uninstantiable",
] as const;

/** One of the conformance report's command kinds. */
export type ReportKind = typeof REPORT_KINDS[number];

/**
 * The report kind of a command: `assert_malformed` splits by the form of its module (binary,
 * or text and quote); `assert_trap` on a module is already `assert_uninstantiable`.
 */
export function reportKind(command: Command): ReportKind {
  if (command.kind === "assert_malformed") {
    return command.module.form === "binary" ? "assert_malformed_binary" : "assert_malformed_text";
  }
  return command.kind;
}
