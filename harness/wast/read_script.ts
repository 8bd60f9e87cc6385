/**
 * Reads a whole `.wast` script into commands (spec `interpreter/README.md`, "Scripts").
 *
 * @module
 */

import type { Lexer } from "./lexer.ts";
import { headOf, readSexprs, type SExpr, type SList } from "./sexpr.ts";
import type { Action, Command, ModuleDef, Position } from "./types.ts";
import { ValueReader } from "./values.ts";

/** The assertions whose operand is a module, by keyword. */
const MODULE_ASSERTIONS = ["assert_invalid", "assert_malformed", "assert_unlinkable"] as const;
type ModuleAssertion = typeof MODULE_ASSERTIONS[number];

/** The module fields that may make up a whole script (an inline module). */
const MODULE_FIELDS = new Set([
  "type",
  "import",
  "func",
  "table",
  "memory",
  "global",
  "export",
  "start",
  "elem",
  "data",
]);

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }); // a leading U+FEFF is part of a name

/**
 * Reads a script's commands in order. Module names (`$M`) are kept as spelled, with their `$`.
 * A text module keeps its exact source text from `(module` to its `)`.
 *
 * @param text the script's source.
 * @param file the file name that positions and messages name.
 * @throws {WastSyntaxError} on anything that is not a well-formed script; the message names
 *   `file:line:column`.
 */
export function readScript(text: string, file: string): Command[] {
  const { lexer, sexprs } = readSexprs(text, file);
  const reader = new ScriptReader(lexer);
  const first = sexprs[0];
  if (first !== undefined && sexprs.every((sexpr) => MODULE_FIELDS.has(headOf(sexpr) ?? ""))) {
    return [inlineModule(text, file, first as SList)];
  }
  return sexprs.map((sexpr) => reader.command(sexpr));
}

/**
 * A script that is only module fields is one module (the reference interpreter's
 * `inline_module`). Its text is the script wrapped in `(module ...)`, the one text module that
 * is not a slice of the source; the newline ends a trailing line comment.
 */
function inlineModule(text: string, file: string, first: SList): Command {
  const pos = { file, line: first.open.line, column: first.open.column };
  const module: ModuleDef = { form: "text", text: `(module\n${text}\n)` };
  return { kind: "module", pos, name: undefined, module };
}

/** Turns top-level s-expressions into commands. */
class ScriptReader {
  readonly #lexer: Lexer;
  readonly #values: ValueReader;

  constructor(lexer: Lexer) {
    this.#lexer = lexer;
    this.#values = new ValueReader(lexer);
  }

  command(sexpr: SExpr): Command {
    const head = headOf(sexpr);
    if (sexpr.kind !== "list" || head === undefined) {
      throw this.#values.error(sexpr, "expected a command");
    }
    const pos: Position = {
      file: this.#lexer.file,
      line: sexpr.open.line,
      column: sexpr.open.column,
    };
    switch (head) {
      case "module": {
        const { name, module } = this.#module(sexpr);
        return { kind: "module", pos, name, module };
      }
      case "register":
        return { kind: "register", pos, ...this.#register(sexpr) };
      case "invoke":
      case "get":
        return { kind: "action", pos, action: this.#action(sexpr) };
      case "assert_return": {
        const action = this.#action(this.#item(sexpr, 1, "an action"));
        const expected = sexpr.items.slice(2).map((item) => this.#values.expected(item));
        return { kind: "assert_return", pos, action, expected };
      }
      case "assert_trap":
      case "assert_exhaustion":
        return this.#actionAssertion(sexpr, head, pos);
      default:
        if ((MODULE_ASSERTIONS as readonly string[]).includes(head)) {
          return this.#moduleAssertion(sexpr, head as ModuleAssertion, pos);
        }
        throw this.#values.error(sexpr, `unknown command "${head}"`);
    }
  }

  /** `assert_trap` or `assert_exhaustion` on an action; `assert_trap` on a module. */
  #actionAssertion(list: SList, head: "assert_trap" | "assert_exhaustion", pos: Position): Command {
    this.#arity(list, 3);
    const operand = this.#item(list, 1, "an action or module");
    const message = this.#string(list, 2, "a failure message");
    if (head === "assert_trap" && headOf(operand) === "module") {
      const { module } = this.#module(operand as SList);
      return { kind: "assert_uninstantiable", pos, module, message };
    }
    return { kind: head, pos, action: this.#action(operand), message };
  }

  #moduleAssertion(list: SList, head: ModuleAssertion, pos: Position): Command {
    this.#arity(list, 3);
    const operand = this.#item(list, 1, "a module");
    if (headOf(operand) !== "module") throw this.#values.error(operand, "expected a module");
    const { module } = this.#module(operand as SList);
    return { kind: head, pos, module, message: this.#string(list, 2, "a failure message") };
  }

  /** `(module $id? binary "..."*)`, `(module $id? quote "..."*)` or `(module $id? field*)`. */
  #module(list: SList): { name: string | undefined; module: ModuleDef } {
    const name = this.#optionalName(list, 1);
    let index = name === undefined ? 1 : 2;
    const form = list.items[index];
    if (form?.kind === "atom" && (form.text === "binary" || form.text === "quote")) {
      const parts: Uint8Array[] = [];
      for (index++; index < list.items.length; index++) parts.push(this.#bytes(list, index));
      const bytes = concat(parts);
      if (form.text === "binary") return { name, module: { form: "binary", bytes } };
      return { name, module: { form: "quote", text: this.#utf8(bytes, list) } };
    }
    const text = this.#lexer.slice(list.open.start, list.close.end);
    return { name, module: { form: "text", text } };
  }

  /** `(register "name" $id?)`. */
  #register(list: SList): { as: string; name: string | undefined } {
    const as = this.#string(list, 1, "a registration name");
    const name = this.#optionalName(list, 2);
    this.#arity(list, name === undefined ? 2 : 3);
    return { as, name };
  }

  /** `(invoke $id? "name" const*)` or `(get $id? "name")`. */
  #action(sexpr: SExpr): Action {
    const head = headOf(sexpr);
    if (sexpr.kind !== "list" || (head !== "invoke" && head !== "get")) {
      throw this.#values.error(sexpr, "expected an action (invoke or get)");
    }
    const module = this.#optionalName(sexpr, 1);
    const nameIndex = module === undefined ? 1 : 2;
    const name = this.#string(sexpr, nameIndex, "an export name");
    if (head === "get") {
      this.#arity(sexpr, nameIndex + 1);
      return { kind: "get", module, name };
    }
    const args = sexpr.items.slice(nameIndex + 1).map((item) => this.#values.value(item));
    return { kind: "invoke", module, name, args };
  }

  /** The `$id` at `index`, if there is one. */
  #optionalName(list: SList, index: number): string | undefined {
    const item = list.items[index];
    return item?.kind === "atom" && item.text.startsWith("$") && item.text.length > 1
      ? item.text
      : undefined;
  }

  #item(list: SList, index: number, what: string): SExpr {
    const item = list.items[index];
    if (item === undefined) throw this.#values.error(list.close, `expected ${what}`);
    return item;
  }

  #bytes(list: SList, index: number): Uint8Array {
    const item = this.#item(list, index, "a string");
    if (item.kind !== "string") throw this.#values.error(item, "expected a string");
    return item.bytes!;
  }

  /** The string at `index`, decoded as UTF-8. */
  #string(list: SList, index: number, what: string): string {
    const item = this.#item(list, index, what);
    if (item.kind !== "string") throw this.#values.error(item, `expected ${what} (a string)`);
    return this.#utf8(item.bytes!, item);
  }

  #utf8(bytes: Uint8Array, at: SExpr): string {
    try {
      return UTF8.decode(bytes);
    } catch {
      throw this.#values.error(at, "malformed UTF-8 encoding in string");
    }
  }

  /** Requires exactly `count` items (the keyword included). */
  #arity(list: SList, count: number): void {
    const extra = list.items[count];
    if (extra !== undefined) throw this.#values.error(extra, "unexpected extra operand");
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
