/**
 * Runs one `.wast` script's commands against an engine session and judges each one, with one
 * function per assertion kind (reference interpreter `script/run.ml`).
 *
 * A command the engine cannot run yet is `skipped`, never `passed`. A command that depends on
 * a module that failed is `failed` too; one that depends on a skipped module is `skipped`.
 *
 * @module
 */

import { CompileError, InternalError, UnsupportedError } from "../../engine/errors.ts";
import { moduleBinary, WatError } from "../wast/mod.ts";
import type { Action, Command, ModuleDef, Position, ReportKind } from "../wast/types.ts";
import { reportKind } from "../wast/types.ts";
import {
  type CompiledModule,
  type EngineSession,
  type InstanceRef,
  NotYet,
  type ResultValue,
  Trap,
  Unlinkable,
} from "./engine.ts";
import { compareResults } from "./results.ts";

/** How one command came out. */
export type Status = "passed" | "failed" | "skipped";

/** The judgement of one command. */
export interface Outcome {
  readonly kind: ReportKind;
  readonly pos: Position;
  readonly status: Status;
  /** Why it failed or was skipped. */
  readonly detail?: string;
  /** For rejections (`assert_invalid`, `assert_malformed`): whether the message matched. */
  readonly messageMatched?: boolean;
}

/** An instance slot: an instance, or why there is none. */
type Slot = { readonly instance: InstanceRef } | { readonly missing: Status; readonly why: string };

class Verdict extends Error {
  constructor(readonly status: Status, detail: string) {
    super(detail);
  }
}

function fail(detail: string): never {
  throw new Verdict("failed", detail);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Session state while a script runs. */
class ScriptState {
  current: Slot = { missing: "failed", why: "no module defined yet" };
  readonly named = new Map<string, Slot>();

  constructor(readonly session: EngineSession) {}

  slot(name: string | undefined): Slot {
    if (name === undefined) return this.current;
    return this.named.get(name) ?? { missing: "failed", why: `unknown module ${name}` };
  }

  instanceOf(name: string | undefined): InstanceRef {
    const slot = this.slot(name);
    if ("instance" in slot) return slot.instance;
    throw new Verdict(slot.missing, slot.why);
  }
}

async function binaryOf(def: ModuleDef): Promise<Uint8Array> {
  try {
    return await moduleBinary(def);
  } catch (error) {
    if (error instanceof WatError) fail(`wabt rejected the text module: ${error.message}`);
    throw error;
  }
}

async function compileValid(state: ScriptState, def: ModuleDef): Promise<CompiledModule> {
  const bytes = await binaryOf(def);
  try {
    return await state.session.compile(bytes);
  } catch (error) {
    if (error instanceof NotYet) throw new Verdict("skipped", error.message);
    if (error instanceof CompileError) fail(`rejected a valid module: ${error.message}`);
    if (error instanceof UnsupportedError) fail(error.message);
    if (error instanceof InternalError) fail(`engine bug: ${error.message}`);
    throw error;
  }
}

async function instantiateValid(state: ScriptState, module: CompiledModule): Promise<InstanceRef> {
  try {
    return await state.session.instantiate(module);
  } catch (error) {
    if (error instanceof NotYet) throw new Verdict("skipped", error.message);
    if (error instanceof Unlinkable || error instanceof Trap) fail(describe(error));
    throw error;
  }
}

async function runModule(state: ScriptState, command: Command & { kind: "module" }) {
  const record = (slot: Slot) => {
    state.current = slot;
    if (command.name !== undefined) state.named.set(command.name, slot);
  };
  try {
    const module = await compileValid(state, command.module);
    record({ instance: await instantiateValid(state, module) });
  } catch (error) {
    const line = `module at line ${command.pos.line}`;
    if (error instanceof Verdict) {
      record({ missing: error.status, why: `${line}: ${error.message}` });
    }
    throw error;
  }
}

async function perform(state: ScriptState, action: Action): Promise<ResultValue[]> {
  const instance = state.instanceOf(action.module);
  try {
    if (action.kind === "get") return [await state.session.get(instance, action.name)];
    return await state.session.invoke(instance, action.name, action.args);
  } catch (error) {
    if (error instanceof NotYet) throw new Verdict("skipped", error.message);
    throw error;
  }
}

async function performExpectingTrap(state: ScriptState, action: Action, message: string) {
  try {
    const results = await perform(state, action);
    fail(`returned [${results.length} value(s)], expected trap "${message}"`);
  } catch (error) {
    if (!(error instanceof Trap)) throw error;
    if (!wordingMatches(error.message, message)) {
      fail(`trap "${error.message}", expected "${message}"`);
    }
  }
}

/**
 * Whether an engine's trap or link message matches the suite's: either starts with the other
 * on a word boundary. The suite sometimes appends detail the spec's wording does not have
 * ("uninitialized element 2"), and engines append their own after ": ".
 */
export function wordingMatches(actual: string, expected: string): boolean {
  const [short, long] = actual.length <= expected.length ? [actual, expected] : [expected, actual];
  return short.length > 0 && long.startsWith(short) &&
    (long.length === short.length || /[\s:]/.test(long[short.length]!));
}

function messageMatches(error: Error, expected: string): boolean {
  const reason = error instanceof CompileError ? error.reason : error.message;
  return reason.startsWith(expected) || error.message.startsWith(expected) ||
    (reason.length > 0 && expected.startsWith(reason));
}

/** assert_invalid and assert_malformed (binary): the engine must reject the module. */
async function runRejection(state: ScriptState, def: ModuleDef, message: string) {
  const bytes = await binaryOf(def);
  try {
    await state.session.compile(bytes);
  } catch (error) {
    if (error instanceof CompileError) return { messageMatched: messageMatches(error, message) };
    // NotYet and UnsupportedError come after validation: the module was accepted.
    if (!(error instanceof NotYet) && !(error instanceof UnsupportedError)) throw error;
  }
  fail(`accepted a module the suite expects to be rejected with "${message}"`);
}

/** assert_malformed on a text or quote module: the text format is wabt's to judge. */
async function runTextRejection(def: ModuleDef) {
  try {
    await moduleBinary(def);
  } catch (error) {
    if (error instanceof WatError) return;
    throw error;
  }
  fail("wabt accepted a malformed text module");
}

async function runInstantiationFailure(
  state: ScriptState,
  def: ModuleDef,
  message: string,
  expected: typeof Unlinkable | typeof Trap,
) {
  const module = await compileValid(state, def);
  try {
    await state.session.instantiate(module);
  } catch (error) {
    if (error instanceof NotYet) throw new Verdict("skipped", error.message);
    if (!(error instanceof expected)) fail(`expected ${expected.name}, got ${describe(error)}`);
    if (!wordingMatches(error.message, message)) fail(`"${error.message}", expected "${message}"`);
    return;
  }
  fail(`instantiated a module the suite expects to fail with "${message}"`);
}

async function judge(state: ScriptState, command: Command): Promise<Partial<Outcome>> {
  switch (command.kind) {
    case "module":
      await runModule(state, command);
      return {};
    case "register":
      await state.session.register(state.instanceOf(command.name), command.as);
      return {};
    case "action":
      await perform(state, command.action);
      return {};
    case "assert_return": {
      const mismatch = compareResults(await perform(state, command.action), command.expected);
      if (mismatch !== undefined) fail(mismatch);
      return {};
    }
    case "assert_trap":
    case "assert_exhaustion":
      await performExpectingTrap(state, command.action, command.message);
      return {};
    case "assert_invalid":
      return await runRejection(state, command.module, command.message);
    case "assert_malformed":
      if (command.module.form !== "binary") await runTextRejection(command.module);
      else return await runRejection(state, command.module, command.message);
      return {};
    case "assert_unlinkable":
      await runInstantiationFailure(state, command.module, command.message, Unlinkable);
      return {};
    case "assert_uninstantiable":
      await runInstantiationFailure(state, command.module, command.message, Trap);
      return {};
  }
}

/** The binaries of every module the script instantiates or tries to, in order. */
export async function modulesToRun(commands: readonly Command[]): Promise<Uint8Array[]> {
  const binaries: Uint8Array[] = [];
  for (const command of commands) {
    const runs = command.kind === "module" || command.kind === "assert_unlinkable" ||
      command.kind === "assert_uninstantiable";
    if (!runs) continue;
    try {
      binaries.push(await moduleBinary(command.module));
    } catch (error) {
      if (!(error instanceof WatError)) throw error; // the command itself reports it
    }
  }
  return binaries;
}

/** Runs every command of a script in order and judges each one. */
export async function runScript(
  session: EngineSession,
  commands: readonly Command[],
): Promise<Outcome[]> {
  const state = new ScriptState(session);
  await session.prepare?.(await modulesToRun(commands));
  const outcomes: Outcome[] = [];
  for (const command of commands) {
    const base = { kind: reportKind(command), pos: command.pos };
    try {
      const extra = await judge(state, command);
      outcomes.push({ ...base, status: "passed", ...extra });
    } catch (error) {
      if (error instanceof Verdict) {
        outcomes.push({ ...base, status: error.status, detail: error.message });
      } else {
        outcomes.push({ ...base, status: "failed", detail: `unexpected ${describe(error)}` });
      }
    }
  }
  return outcomes;
}
