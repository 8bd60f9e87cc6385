/**
 * The `.wast` reader's error classes: one for a script it cannot read, one for a text module
 * that `wabt` cannot turn into binary.
 *
 * @module
 */

/** A script that does not follow the script grammar; names `file:line:column`. */
export class WastSyntaxError extends Error {
  /** The script's file name, as given to the reader. */
  readonly file: string;
  /** 1-based line of the offending token or character. */
  readonly line: number;
  /** 1-based column (in Unicode characters) of the offending token or character. */
  readonly column: number;
  /** What is wrong, without the position. */
  readonly detail: string;

  constructor(file: string, line: number, column: number, detail: string) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = "WastSyntaxError";
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/**
 * A text or quote module that `wabt` rejects. `wabtMessage` is wabt's own report; the runner
 * uses this error to judge `assert_malformed` on text (the text form is wabt's to judge).
 */
export class WatError extends Error {
  /** The module's name in wabt's messages. */
  readonly moduleName: string;
  /** wabt's diagnostic text, as it printed it. */
  readonly wabtMessage: string;

  constructor(moduleName: string, wabtMessage: string) {
    super(`${moduleName}: wabt cannot read the text module: ${wabtMessage}`);
    this.name = "WatError";
    this.moduleName = moduleName;
    this.wabtMessage = wabtMessage;
  }
}
