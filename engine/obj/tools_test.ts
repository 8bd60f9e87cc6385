import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { writeElf } from "./mod.ts";
import { haveTool, runTool } from "./_tools.ts";
import { sampleObject } from "./testdata/sample_object.ts";
import { arbitraryObject } from "./testdata/arbitrary_object.ts";

/** Runs `tool` on all `files` at once and asserts it printed no warning or error. */
async function assertReadsCleanly(tool: string, args: readonly string[], files: string[]) {
  const result = await runTool(tool, [...args, ...files]);
  assert.ok(result !== undefined);
  assert.equal(result.stderr, "", `${tool} ${args.join(" ")} printed to stderr`);
  assert.doesNotMatch(result.stdout, /warning|error|corrupt/i, `${tool} complained`);
  assert.equal(result.code, 0);
  return result.stdout;
}

Deno.test("readelf and objdump read written objects without a warning", async () => {
  if (!(await haveTool("readelf")) || !(await haveTool("objdump"))) return;
  const dir = await Deno.makeTempDir({ prefix: "ingot-obj-" });
  try {
    const objects = [sampleObject(), ...fc.sample(arbitraryObject, { numRuns: 40, seed: 7 })];
    const files = await Promise.all(objects.map(async (description, at) => {
      const file = join(dir, `object${at}.o`);
      await Deno.writeFile(file, writeElf(description));
      return file;
    }));
    const readelf = await assertReadsCleanly("readelf", ["-a", "-W"], files);
    assert.match(readelf, /\.note\.GNU-stack/);
    assert.match(readelf, /Type:\s+REL \(Relocatable file\)/);
    assert.match(readelf, /Machine:\s+Advanced Micro Devices X86-64/);
    assert.match(readelf, /Ingot\s+0x00000004/, "readelf decodes the sample note");
    const objdump = await assertReadsCleanly("objdump", ["-dr"], files);
    assert.match(objdump, /R_X86_64_PLT32\s+twice-0x4/);
    assert.match(objdump, /<combine>:/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
