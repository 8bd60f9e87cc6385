/**
 * The tokenizer of the WebAssembly text format (spec §6.2 "Lexical Format"), as the script
 * format uses it: parentheses, strings, and atoms (keywords, numbers, `$ids`, and every other
 * run of idchars, which the spec calls reserved tokens), with whitespace and nested comments
 * skipped. Every token carries its 1-based line and column.
 *
 * Columns count Unicode characters (a character outside the BMP counts once). Lines end at LF,
 * CR, or CR LF.
 *
 * @module
 */

import { WastSyntaxError } from "./errors.ts";

/** The kinds of token. */
export type TokenKind = "lparen" | "rparen" | "atom" | "string";

/** One token, with where it is in the source. */
export interface Token {
  readonly kind: TokenKind;
  /** Offset (UTF-16 index) of the token's first character. */
  readonly start: number;
  /** Offset just past the token's last character. */
  readonly end: number;
  readonly line: number;
  readonly column: number;
  /** The source text: the atom itself, or the string with its quotes and escapes. */
  readonly text: string;
  /** A string's value as raw bytes (escapes decoded; other characters as UTF-8). */
  readonly bytes: Uint8Array | undefined;
}

const CHAR_TAB = 0x09;
const CHAR_LF = 0x0a;
const CHAR_CR = 0x0d;
const CHAR_SPACE = 0x20;
const CHAR_QUOTE = 0x22;
const CHAR_LPAREN = 0x28;
const CHAR_RPAREN = 0x29;
const CHAR_SEMICOLON = 0x3b;
const CHAR_BACKSLASH = 0x5c;

/** idchar (spec): the ASCII characters an atom is made of. */
const ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" +
  "!#$%&'*+-./:<=>?@\\^_`|~";
const IS_ID_CHAR = new Uint8Array(128);
for (const char of ID_CHARS) IS_ID_CHAR[char.charCodeAt(0)] = 1;

/** The single-character escapes `\t \n \r \" \' \\`, by the character after the backslash. */
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  t: 0x09,
  n: 0x0a,
  r: 0x0d,
  '"': 0x22,
  "'": 0x27,
  "\\": 0x5c,
};

/** `\u{hexnum}`, matched where the lexer stands. */
const UNICODE_ESCAPE = /\\u\{([0-9a-fA-F](?:_?[0-9a-fA-F])*)\}/y;

/** Reads tokens from a script's text one at a time. */
export class Lexer {
  readonly #text: string;
  readonly #file: string;
  #offset = 0;
  #line = 1;
  #lineStart = 0;
  /** Characters outside the BMP seen on this line before #offset (each is two code units). */
  #astralOnLine = 0;

  constructor(text: string, file: string) {
    this.#text = text;
    this.#file = file;
  }

  /** The script's file name, for messages. */
  get file(): string {
    return this.#file;
  }

  /** The source text between two offsets. */
  slice(start: number, end: number): string {
    return this.#text.slice(start, end);
  }

  /** An error at the given line and column. */
  error(line: number, column: number, detail: string): WastSyntaxError {
    return new WastSyntaxError(this.#file, line, column, detail);
  }

  /** The next token, or `undefined` at the end of the text. @throws {WastSyntaxError} */
  next(): Token | undefined {
    this.#skipSpace();
    const text = this.#text;
    const start = this.#offset;
    if (start >= text.length) return undefined;
    const line = this.#line;
    const column = this.#column(start);
    const code = text.charCodeAt(start);
    if (code === CHAR_LPAREN || code === CHAR_RPAREN) {
      this.#offset = start + 1;
      const kind = code === CHAR_LPAREN ? "lparen" : "rparen";
      return { kind, start, end: start + 1, line, column, text: text[start]!, bytes: undefined };
    }
    if (code === CHAR_QUOTE) {
      const bytes = this.#readString(line, column);
      const end = this.#offset;
      return { kind: "string", start, end, line, column, text: text.slice(start, end), bytes };
    }
    let end = start;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c >= 128 || IS_ID_CHAR[c] === 0) break;
      end++;
    }
    if (end === start) {
      throw this.error(line, column, `unexpected character ${describeChar(text, start)}`);
    }
    this.#offset = end;
    return {
      kind: "atom",
      start,
      end,
      line,
      column,
      text: text.slice(start, end),
      bytes: undefined,
    };
  }

  #column(offset: number): number {
    return offset - this.#lineStart - this.#astralOnLine + 1;
  }

  /** Moves past one character that ends a line (LF, CR, or CR LF). */
  #newline(offset: number): number {
    const text = this.#text;
    const next = text.charCodeAt(offset) === CHAR_CR && text.charCodeAt(offset + 1) === CHAR_LF
      ? offset + 2
      : offset + 1;
    this.#line++;
    this.#lineStart = next;
    this.#astralOnLine = 0;
    return next;
  }

  /** Skips whitespace, line comments and (nested) block comments. */
  #skipSpace(): void {
    const text = this.#text;
    let offset = this.#offset;
    while (offset < text.length) {
      const code = text.charCodeAt(offset);
      if (code === CHAR_SPACE || code === CHAR_TAB) {
        offset++;
      } else if (code === CHAR_LF || code === CHAR_CR) {
        offset = this.#newline(offset);
      } else if (code === CHAR_SEMICOLON && text.charCodeAt(offset + 1) === CHAR_SEMICOLON) {
        offset = this.#skipLineComment(offset + 2);
      } else if (code === CHAR_LPAREN && text.charCodeAt(offset + 1) === CHAR_SEMICOLON) {
        offset = this.#skipBlockComment(offset);
      } else {
        break;
      }
    }
    this.#offset = offset;
  }

  #skipLineComment(offset: number): number {
    const text = this.#text;
    while (offset < text.length) {
      const code = text.charCodeAt(offset);
      if (code === CHAR_LF || code === CHAR_CR) break;
      if (isLowSurrogate(code)) this.#astralOnLine++;
      offset++;
    }
    return offset;
  }

  /** Skips `(; ... ;)` starting at `start`, which may nest. */
  #skipBlockComment(start: number): number {
    const text = this.#text;
    const openLine = this.#line;
    const openColumn = this.#column(start);
    let depth = 1;
    let offset = start + 2;
    while (offset < text.length) {
      const code = text.charCodeAt(offset);
      const following = text.charCodeAt(offset + 1);
      if (code === CHAR_LPAREN && following === CHAR_SEMICOLON) {
        depth++;
        offset += 2;
      } else if (code === CHAR_SEMICOLON && following === CHAR_RPAREN) {
        offset += 2;
        if (--depth === 0) return offset;
      } else if (code === CHAR_LF || code === CHAR_CR) {
        offset = this.#newline(offset);
      } else {
        if (isLowSurrogate(code)) this.#astralOnLine++;
        offset++;
      }
    }
    throw this.error(openLine, openColumn, "unclosed block comment");
  }

  /** Reads a string whose opening quote is at #offset; leaves #offset past its closing quote. */
  #readString(line: number, column: number): Uint8Array {
    const text = this.#text;
    const bytes: number[] = [];
    let offset = this.#offset + 1;
    for (;;) {
      if (offset >= text.length) throw this.error(line, column, "unclosed string");
      const code = text.charCodeAt(offset);
      if (code === CHAR_QUOTE) break;
      if (code === CHAR_BACKSLASH) {
        offset = this.#readEscape(offset, bytes);
        continue;
      }
      if (code === CHAR_LF || code === CHAR_CR) throw this.error(line, column, "unclosed string");
      if (code < 0x20 || code === 0x7f) {
        const detail = `illegal control character ${describeChar(text, offset)} in string`;
        throw this.error(this.#line, this.#column(offset), detail);
      }
      if (code < 0x80) {
        bytes.push(code);
        offset++;
        continue;
      }
      const point = text.codePointAt(offset)!;
      if (point >= 0xd800 && point <= 0xdfff) {
        throw this.error(this.#line, this.#column(offset), "lone surrogate in string");
      }
      pushUtf8(bytes, point);
      if (point > 0xffff) {
        this.#astralOnLine++;
        offset += 2;
      } else {
        offset++;
      }
    }
    this.#offset = offset + 1;
    return Uint8Array.from(bytes);
  }

  /** Decodes the escape whose backslash is at `offset`; returns the offset after it. */
  #readEscape(offset: number, bytes: number[]): number {
    const text = this.#text;
    const char = text[offset + 1] ?? "";
    const simple = SIMPLE_ESCAPES[char];
    if (simple !== undefined) {
      bytes.push(simple);
      return offset + 2;
    }
    if (char === "u") return this.#readUnicodeEscape(offset, bytes);
    const high = hexValue(text.charCodeAt(offset + 1));
    const low = hexValue(text.charCodeAt(offset + 2));
    if (high < 0 || low < 0) {
      throw this.error(this.#line, this.#column(offset), `illegal escape "\\${char}"`);
    }
    bytes.push(high * 16 + low);
    return offset + 3;
  }

  /** Decodes `\u{hexnum}` at `offset`. */
  #readUnicodeEscape(offset: number, bytes: number[]): number {
    UNICODE_ESCAPE.lastIndex = offset;
    const match = UNICODE_ESCAPE.exec(this.#text);
    const digits = match?.[1]?.replaceAll("_", "").replace(/^0+(?=.)/, "");
    const point = digits === undefined || digits.length > 6 ? -1 : parseInt(digits, 16);
    if (point < 0 || point >= 0x110000 || (point >= 0xd800 && point < 0xe000)) {
      throw this.error(this.#line, this.#column(offset), "illegal unicode escape");
    }
    pushUtf8(bytes, point);
    return offset + match![0].length;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The value of a hex digit's character code, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/** Appends the UTF-8 encoding of a code point. */
function pushUtf8(bytes: number[], point: number): void {
  if (point < 0x80) {
    bytes.push(point);
  } else if (point < 0x800) {
    bytes.push(0xc0 | (point >> 6), 0x80 | (point & 0x3f));
  } else if (point < 0x10000) {
    bytes.push(0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f));
  } else {
    bytes.push(
      0xf0 | (point >> 18),
      0x80 | ((point >> 12) & 0x3f),
      0x80 | ((point >> 6) & 0x3f),
      0x80 | (point & 0x3f),
    );
  }
}

/** A character for a message: itself if printable, else its code as U+XXXX. */
function describeChar(text: string, offset: number): string {
  const point = text.codePointAt(offset) ?? 0;
  const hex = point.toString(16).toUpperCase().padStart(4, "0");
  return point > 0x20 && point !== 0x7f ? `"${String.fromCodePoint(point)}"` : `U+${hex}`;
}
