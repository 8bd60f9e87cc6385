import { checkMutations } from "./mutation_fuzz.ts";

Deno.test("checkMutations() finds no crash in a bounded run", () => {
  checkMutations({ numRuns: 400 });
});
