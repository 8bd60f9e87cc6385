/**
 * The s-expression reader over the text format's tokens: a script is a sequence of
 * parenthesised lists whose leaves are atoms and strings.
 *
 * @module
 */

import { Lexer, type Token } from "./lexer.ts";

/** A parenthesised list, with the tokens that open and close it. */
export interface SList {
  readonly kind: "list";
  readonly open: Token;
  readonly close: Token;
  readonly items: readonly SExpr[];
}

/** A list or a leaf (an atom or string token). */
export type SExpr = SList | Token;

/**
 * Reads every top-level s-expression of a script.
 *
 * @throws {WastSyntaxError} on a lexical error or unbalanced parentheses.
 */
export function readSexprs(text: string, file: string): { lexer: Lexer; sexprs: SExpr[] } {
  const lexer = new Lexer(text, file);
  const sexprs: SExpr[] = [];
  // An explicit stack rather than recursion, so deep nesting cannot overflow the JS stack.
  const stack: { open: Token; items: SExpr[] }[] = [];
  for (let token = lexer.next(); token !== undefined; token = lexer.next()) {
    const top = stack[stack.length - 1];
    if (token.kind === "lparen") {
      stack.push({ open: token, items: [] });
    } else if (token.kind === "rparen") {
      if (top === undefined) throw lexer.error(token.line, token.column, 'unexpected ")"');
      stack.pop();
      const list: SList = { kind: "list", open: top.open, close: token, items: top.items };
      (stack[stack.length - 1]?.items ?? sexprs).push(list);
    } else {
      (top?.items ?? sexprs).push(token);
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed !== undefined) {
    throw lexer.error(unclosed.open.line, unclosed.open.column, 'unclosed "("');
  }
  return { lexer, sexprs };
}

/** The keyword heading a list (its first item, when that is an atom). */
export function headOf(sexpr: SExpr): string | undefined {
  if (sexpr.kind !== "list") return undefined;
  const first = sexpr.items[0];
  return first?.kind === "atom" ? first.text : undefined;
}

/** Where an s-expression starts. */
export function startOf(sexpr: SExpr): Token {
  return sexpr.kind === "list" ? sexpr.open : sexpr;
}
