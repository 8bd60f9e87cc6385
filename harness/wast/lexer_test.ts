import assert from "node:assert/strict";
import { WastSyntaxError } from "./errors.ts";
import { Lexer, type Token } from "./lexer.ts";
import { readSexprs } from "./sexpr.ts";

function tokens(text: string): Token[] {
  const lexer = new Lexer(text, "t.wast");
  const all: Token[] = [];
  for (let token = lexer.next(); token !== undefined; token = lexer.next()) all.push(token);
  return all;
}

function stringBytes(source: string): number[] {
  const [token] = tokens(source);
  assert.equal(token?.kind, "string");
  return [...token.bytes!];
}

/** Asserts that lexing and reading `text` fails at line:column with a message naming it. */
function assertSyntaxError(text: string, line: number, column: number, detail: RegExp): void {
  assert.throws(() => readSexprs(text, "bad.wast"), (error: unknown) => {
    assert.ok(error instanceof WastSyntaxError);
    assert.equal(`${error.line}:${error.column}`, `${line}:${column}`);
    assert.ok(error.message.startsWith(`bad.wast:${line}:${column}: `), error.message);
    assert.match(error.detail, detail);
    return true;
  });
}

Deno.test("Lexer.next() splits parens, atoms and strings with 1-based positions", () => {
  const all = tokens('(module $m\n  (func "f" i32.const -0x1_0))');
  assert.deepEqual(
    all.map((token) => [token.kind, token.text, token.line, token.column]),
    [
      ["lparen", "(", 1, 1],
      ["atom", "module", 1, 2],
      ["atom", "$m", 1, 9],
      ["lparen", "(", 2, 3],
      ["atom", "func", 2, 4],
      ["string", '"f"', 2, 9],
      ["atom", "i32.const", 2, 13],
      ["atom", "-0x1_0", 2, 23],
      ["rparen", ")", 2, 29],
      ["rparen", ")", 2, 30],
    ],
  );
});

Deno.test("Lexer.next() skips line comments and nested block comments", () => {
  const text = ';; line\n(;a(;nested;)b;) x (;;;;;;) ;;;\r\ny(;\n;)z\r(;"";);;\n(;;)w';
  assert.deepEqual(
    tokens(text).map((token) => [token.text, token.line, token.column]),
    [["x", 2, 18], ["y", 3, 1], ["z", 4, 3], ["w", 6, 5]],
  );
});

Deno.test("Lexer.next() counts columns in characters, past astral characters", () => {
  const all = tokens('"\u{1F600}" x (;\u{1F600};) y');
  assert.deepEqual(all.map((token) => token.column), [1, 5, 13]);
});

Deno.test("Lexer.next() decodes every string escape to raw bytes", () => {
  assert.deepEqual(stringBytes(String.raw`"a\n\t\r\\\'\""`), [
    0x61,
    0x0a,
    0x09,
    0x0d,
    0x5c,
    0x27,
    0x22,
  ]);
  assert.deepEqual(stringBytes(String.raw`"\00\ff\Fe\7F"`), [0x00, 0xff, 0xfe, 0x7f]);
  assert.deepEqual(stringBytes(String.raw`"\u{0}\u{7f}\u{80}\u{ffff}\u{10_FFFF}"`), [
    0x00,
    0x7f,
    0xc2,
    0x80,
    0xef,
    0xbf,
    0xbf,
    0xf4,
    0x8f,
    0xbf,
    0xbf,
  ]);
  assert.deepEqual(stringBytes('"h\u00e9\u{1F600}"'), [0x68, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
  assert.deepEqual(stringBytes('""'), []);
  assert.deepEqual(stringBytes(String.raw`"\u{0000_0000_0041}"`), [0x41]);
});

Deno.test("Lexer.next() rejects bad strings and characters at their position", () => {
  assertSyntaxError('(a "\\q")', 1, 5, /illegal escape/);
  assertSyntaxError('(a "\\f")', 1, 5, /illegal escape/);
  assertSyntaxError('\n  "\\u{d800}"', 2, 4, /unicode escape/);
  assertSyntaxError('"\\u{110000}"', 1, 2, /unicode escape/);
  assertSyntaxError('"\\u{}"', 1, 2, /unicode escape/);
  assertSyntaxError('"ab\tc"', 1, 4, /control character/);
  assertSyntaxError('(x "abc', 1, 4, /unclosed string/);
  assertSyntaxError('"abc\n"', 1, 1, /unclosed string/);
  assertSyntaxError("(a [b])", 1, 4, /unexpected character "\["/);
  assertSyntaxError("(a ; b)", 1, 4, /unexpected character ";"/);
  assertSyntaxError("(a \u00e9)", 1, 4, /unexpected character/);
  assertSyntaxError("x\n (; (; ;) ", 2, 2, /unclosed block comment/);
});

Deno.test("readSexprs() nests lists and reports unbalanced parentheses", () => {
  const { sexprs } = readSexprs("(a (b c) ()) d", "t.wast");
  assert.equal(sexprs.length, 2);
  const first = sexprs[0]!;
  assert.equal(first.kind, "list");
  assert.equal(first.items.length, 3);
  assert.equal(first.close.start, 11);
  assertSyntaxError("(a (b)\n", 1, 1, /unclosed "\("/);
  assertSyntaxError("(a))", 1, 4, /unexpected "\)"/);
});
