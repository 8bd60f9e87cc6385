/**
 * Runs host tools (`cc`, `readelf`, `objdump`) for the obj tests. Test-only.
 *
 * @module
 */

/** What a finished process printed and returned. */
export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` with `args`; `undefined` when the tool is not installed. */
export async function runTool(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<ToolResult | undefined> {
  try {
    const output = await new Deno.Command(command, {
      args: [...args],
      stdout: "piped",
      stderr: "piped",
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    }).output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Whether `command` runs here; prints a loud notice when it does not. */
export async function haveTool(command: string): Promise<boolean> {
  const result = await runTool(command, ["--version"]);
  if (result === undefined) console.warn(`SKIPPED: ${command} is not installed`);
  return result !== undefined;
}
