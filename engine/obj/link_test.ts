import assert from "node:assert/strict";
import { join } from "node:path";
import { writeElf } from "./mod.ts";
import { haveTool, runTool } from "./_tools.ts";
import { SAMPLE_MESSAGE, sampleObject } from "./testdata/sample_object.ts";

const MAIN_C = `#include <stdio.h>
extern int answer(void);
extern int answer_weak(void);
extern int combine(int);
extern int greet(void);
extern void *const table[3];
extern int counter;
extern char scratch[16];

int twice(int x) { return 2 * x; }

int main(void) {
  int (*fn)(void) = (int (*)(void))table[1];
  printf("%d %d %d %d %d %s %d\\n", answer(), answer_weak(), combine(5), fn(),
         *(int *)table[0], (const char *)table[2], scratch[3] + counter);
  fflush(stdout);
  if (greet() < 0) return 1;
  return answer();
}
`;

/** Links `main.c` with the sample object using `extraFlags`, runs it, and checks everything. */
async function linkAndRun(dir: string, extraFlags: readonly string[]): Promise<void> {
  const program = join(dir, `prog${extraFlags.join("")}`);
  const cc = await runTool("cc", [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wl,--fatal-warnings",
    ...extraFlags,
    "-o",
    program,
    join(dir, "main.c"),
    join(dir, "sample.o"),
  ]);
  assert.ok(cc !== undefined);
  assert.equal(cc.stderr, "", "the link prints no warnings");
  assert.equal(cc.code, 0);
  const run = await runTool(program, []);
  assert.ok(run !== undefined);
  assert.equal(run.stdout, `42 42 1017 42 7 ${SAMPLE_MESSAGE} 7\n${SAMPLE_MESSAGE}\n`);
  assert.equal(run.code, 42);
  const segments = await runTool("readelf", ["-lW", program]);
  const stack = segments?.stdout.split("\n").find((line) => line.includes("GNU_STACK"));
  assert.ok(stack !== undefined, "the program has a GNU_STACK header");
  assert.match(stack, /\sRW\s/, "the stack is not executable");
  const dynamic = await runTool("readelf", ["-dW", program]);
  assert.doesNotMatch(dynamic?.stdout ?? "", /TEXTREL/, "no text relocations");
}

Deno.test("writeElf() objects link with cc (PIE and non-PIE) and run", async () => {
  if (!(await haveTool("cc")) || !(await haveTool("readelf"))) return;
  const dir = await Deno.makeTempDir({ prefix: "ingot-obj-" });
  try {
    await Deno.writeTextFile(join(dir, "main.c"), MAIN_C);
    await Deno.writeFile(join(dir, "sample.o"), writeElf(sampleObject()));
    await linkAndRun(dir, []);
    await linkAndRun(dir, ["-pie"]);
    await linkAndRun(dir, ["-no-pie"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
