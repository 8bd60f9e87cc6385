/**
 * The script's constants and result patterns (spec `interpreter/README.md`, "const" and
 * "result"): number and vector constants, references, and the NaN patterns
 * `nan:canonical` / `nan:arithmetic`.
 *
 * @module
 */

import type { Lexer, Token } from "./lexer.ts";
import { parseFloatBits, parseIntBits, parseNat32 } from "./literals.ts";
import { headOf, type SExpr, type SList, startOf } from "./sexpr.ts";
import type { Expected, LanePattern, NanPattern, RefType, Value } from "./types.ts";
import type { WastSyntaxError } from "./errors.ts";

/** A v128 shape: lane type, lane count and lane width in bytes. */
interface Shape {
  readonly lane: "i8" | "i16" | "i32" | "i64" | "f32" | "f64";
  readonly count: number;
  readonly bytes: number;
}

const SHAPES: Readonly<Record<string, Shape>> = {
  i8x16: { lane: "i8", count: 16, bytes: 1 },
  i16x8: { lane: "i16", count: 8, bytes: 2 },
  i32x4: { lane: "i32", count: 4, bytes: 4 },
  i64x2: { lane: "i64", count: 2, bytes: 8 },
  f32x4: { lane: "f32", count: 4, bytes: 4 },
  f64x2: { lane: "f64", count: 2, bytes: 8 },
};

const REF_KINDS: Readonly<Record<string, RefType>> = { func: "funcref", extern: "externref" };

const NAN_PATTERNS: Readonly<Record<string, NanPattern>> = {
  "nan:canonical": "canonical",
  "nan:arithmetic": "arithmetic",
};

/** Reads constants and results, reporting errors at the offending token. */
export class ValueReader {
  readonly #lexer: Lexer;

  constructor(lexer: Lexer) {
    this.#lexer = lexer;
  }

  /** An error at an s-expression's start. */
  error(at: SExpr, detail: string): WastSyntaxError {
    const token = startOf(at);
    return this.#lexer.error(token.line, token.column, detail);
  }

  /** A constant: `(i32.const n)`, `(v128.const shape n*)`, `(ref.null k)`, `(ref.extern n)`. */
  value(sexpr: SExpr): Value {
    const head = headOf(sexpr);
    if (sexpr.kind !== "list" || head === undefined) throw this.error(sexpr, "expected a constant");
    switch (head) {
      case "i32.const":
        return { type: "i32", bits: Number(this.#int(this.#operand(sexpr), 32)) };
      case "i64.const":
        return { type: "i64", bits: this.#int(this.#operand(sexpr), 64) };
      case "f32.const":
        return { type: "f32", bits: Number(this.#float(this.#operand(sexpr), "f32")) };
      case "f64.const":
        return { type: "f64", bits: this.#float(this.#operand(sexpr), "f64") };
      case "v128.const":
        return { type: "v128", bytes: this.#v128Bytes(sexpr) };
      case "ref.null":
        return { type: "ref.null", refType: this.#refKind(this.#operand(sexpr)) };
      case "ref.extern":
        return { type: "ref.extern", id: this.#nat(this.#operand(sexpr)) };
      default:
        throw this.error(sexpr, `unknown constant "${head}"`);
    }
  }

  /** A result of `assert_return`: a constant, or a pattern. */
  expected(sexpr: SExpr): Expected {
    const head = headOf(sexpr);
    if (sexpr.kind !== "list") throw this.error(sexpr, "expected a result");
    if ((head === "f32.const" || head === "f64.const") && sexpr.items.length === 2) {
      const operand = sexpr.items[1]!;
      const nan = operand.kind === "atom" ? NAN_PATTERNS[operand.text] : undefined;
      if (nan !== undefined) {
        return { kind: "nan", type: head === "f32.const" ? "f32" : "f64", nan };
      }
    }
    if (head === "v128.const") return this.#v128Expected(sexpr);
    if (head === "ref.func" && sexpr.items.length === 1) return { kind: "ref.func" };
    if (head === "ref.extern" && sexpr.items.length === 1) return { kind: "ref.extern.any" };
    return { kind: "value", value: this.value(sexpr) };
  }

  /** The single atom operand of `(head operand)`. */
  #operand(list: SList): Token {
    const operand = list.items[1];
    if (list.items.length !== 2 || operand?.kind !== "atom") {
      throw this.error(list, `expected one operand to "${headOf(list)}"`);
    }
    return operand;
  }

  #int(token: Token, width: number): bigint {
    const bits = parseIntBits(token.text, width);
    if (bits === undefined) throw this.error(token, `malformed i${width} literal "${token.text}"`);
    return bits;
  }

  #float(token: Token, type: "f32" | "f64"): bigint {
    const bits = parseFloatBits(token.text, type);
    if (bits === undefined) throw this.error(token, `malformed ${type} literal "${token.text}"`);
    return bits;
  }

  #nat(token: Token): number {
    const value = parseNat32(token.text);
    if (value === undefined) throw this.error(token, `malformed natural number "${token.text}"`);
    return value;
  }

  #refKind(token: Token): RefType {
    const refType = REF_KINDS[token.text];
    if (refType === undefined) throw this.error(token, `unknown reference kind "${token.text}"`);
    return refType;
  }

  /** The shape and lane atoms of `(v128.const shape lane*)`. */
  #v128Lanes(list: SList): { shape: Shape; lanes: Token[] } {
    const shapeToken = list.items[1];
    if (shapeToken?.kind !== "atom") throw this.error(shapeToken ?? list, "expected a v128 shape");
    const shape = SHAPES[shapeToken.text];
    if (shape === undefined) {
      throw this.error(shapeToken, `unknown v128 shape "${shapeToken.text}"`);
    }
    const lanes = list.items.slice(2);
    if (lanes.length !== shape.count) {
      throw this.error(list, `v128.const ${shapeToken.text} needs ${shape.count} lanes`);
    }
    for (const lane of lanes) {
      if (lane.kind !== "atom") throw this.error(lane, "expected a lane literal");
    }
    return { shape, lanes: lanes as Token[] };
  }

  #laneBits(token: Token, shape: Shape): bigint {
    const lane = shape.lane;
    return lane === "f32" || lane === "f64"
      ? this.#float(token, lane)
      : this.#int(token, shape.bytes * 8);
  }

  #v128Bytes(list: SList): Uint8Array {
    const { shape, lanes } = this.#v128Lanes(list);
    const bytes = new Uint8Array(16);
    lanes.forEach((token, index) => {
      let bits = this.#laneBits(token, shape);
      for (let byte = 0; byte < shape.bytes; byte++) {
        bytes[index * shape.bytes + byte] = Number(bits & 0xffn);
        bits >>= 8n;
      }
    });
    return bytes;
  }

  #v128Expected(list: SList): Expected {
    const { shape, lanes } = this.#v128Lanes(list);
    const isFloat = shape.lane === "f32" || shape.lane === "f64";
    const patterns = lanes.map((token): LanePattern => {
      const nan = isFloat ? NAN_PATTERNS[token.text] : undefined;
      return nan === undefined ? { bits: this.#laneBits(token, shape) } : { nan };
    });
    return { kind: "v128", shape: shape.lane, lanes: patterns };
  }
}
