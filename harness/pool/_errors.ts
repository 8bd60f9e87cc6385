/**
 * Errors across the worker boundary: a worker sends an error as plain data (class name, message,
 * structured fields, stack) and the pool turns it back into an instance of the same class, so
 * callers can re-throw it or test it with `instanceof` as if `compile` had run in-process.
 *
 * @module
 */

import {
  CompileError,
  DecodeError,
  InternalError,
  LinkError,
  UnsupportedError,
  ValidationError,
} from "../../engine/errors.ts";

/** An error as plain, cloneable data. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** The error's own primitive fields (offset, funcIdx, reason, feature, ...). */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
  readonly stack: string | undefined;
}

/** The classes an error can come back as, by name; any other name comes back as `Error`. */
const CLASSES: Readonly<Record<string, new (...args: never[]) => Error>> = {
  CompileError,
  DecodeError,
  ValidationError,
  UnsupportedError,
  LinkError,
  InternalError,
  TypeError,
  RangeError,
  SyntaxError,
  Error,
};

/** `error` as plain data. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return { name: "Error", message: String(error), fields: {}, stack: undefined };
  }
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(error)) {
    if (name === "name" || name === "message" || name === "stack") continue;
    const primitive = value === null || ["string", "number", "boolean"].includes(typeof value);
    if (primitive) fields[name] = value as string | number | boolean | null;
  }
  return { name: error.name, message: error.message, fields, stack: error.stack };
}

/** An error of the class `data` names, with its message and fields, and no constructor run. */
export function reviveError(data: SerializedError): Error {
  const Class = CLASSES[data.name] ?? Error;
  const error: Error = Reflect.construct(Error, [data.message], Class);
  const define = (name: string, value: unknown) =>
    Object.defineProperty(error, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  define("name", data.name);
  for (const [name, value] of Object.entries(data.fields)) define(name, value ?? undefined);
  if (data.stack !== undefined) {
    Object.defineProperty(error, "stack", {
      value: data.stack,
      writable: true,
      configurable: true,
    });
  }
  return error;
}
