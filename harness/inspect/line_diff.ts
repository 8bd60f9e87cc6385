/**
 * A line diff in unified format, for golden mismatches: Myers' O(ND) shortest edit script
 * (E. W. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986), hunks with context
 * as GNU `diff -u` prints them.
 *
 * @module
 */

/** One step of an edit script. */
export interface DiffOp {
  readonly kind: "equal" | "delete" | "insert";
  readonly line: string;
}

/** Options of {@linkcode unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Lines of context around each change (default 3). */
  readonly context?: number;
  /** Label of the old text in the `---` line (default `expected`). */
  readonly fromLabel?: string;
  /** Label of the new text in the `+++` line (default `actual`). */
  readonly toLabel?: string;
}

/** Past this many edits the search stops and the middle is replaced wholesale. */
const MAX_EDITS = 4000;

/** The middle's edits by Myers' greedy search, or `undefined` when it needs too many. */
function myers(a: readonly string[], b: readonly string[]): DiffOp[] | undefined {
  const max = Math.min(a.length + b.length, MAX_EDITS);
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let edits = 0; edits <= max; edits++) {
    trace.push(frontier.slice(offset - edits - 1, offset + edits + 2));
    for (let diagonal = -edits; diagonal <= edits; diagonal += 2) {
      const down = diagonal === -edits ||
        (diagonal !== edits && frontier[offset + diagonal - 1]! < frontier[offset + diagonal + 1]!);
      let x = down ? frontier[offset + diagonal + 1]! : frontier[offset + diagonal - 1]! + 1;
      let y = x - diagonal;
      while (x < a.length && y < b.length && a[x] === b[y]) x++, y++;
      frontier[offset + diagonal] = x;
      if (x >= a.length && y >= b.length) return backtrack(a, b, trace, edits);
    }
  }
  return undefined;
}

/** Walks the saved frontiers back from the end to recover the edit script. */
function backtrack(
  a: readonly string[],
  b: readonly string[],
  trace: readonly Int32Array[],
  total: number,
): DiffOp[] {
  const ops: DiffOp[] = [];
  let x = a.length, y = b.length;
  for (let edits = total; edits > 0; edits--) {
    const saved = trace[edits]!; // frontier before step `edits`, indices shifted by edits + 1
    const at = (diagonal: number) => saved[diagonal + edits + 1]!;
    const diagonal = x - y;
    const down = diagonal === -edits || (diagonal !== edits && at(diagonal - 1) < at(diagonal + 1));
    const previous = down ? diagonal + 1 : diagonal - 1;
    const startX = at(previous), startY = startX - previous;
    while (x > startX + (down ? 0 : 1) && y > startY + (down ? 1 : 0)) {
      ops.push({ kind: "equal", line: a[--x]! }), y--;
    }
    if (down) ops.push({ kind: "insert", line: b[--y]! });
    else ops.push({ kind: "delete", line: a[--x]! });
  }
  while (x > 0 && y > 0) ops.push({ kind: "equal", line: a[--x]! }), y--;
  return ops.reverse();
}

/** The shortest edit script from `a` to `b` (a common prefix and suffix are kept as is). */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix && suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) suffix++;
  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);
  const middle = myers(middleA, middleB) ?? [
    ...middleA.map((line): DiffOp => ({ kind: "delete", line })),
    ...middleB.map((line): DiffOp => ({ kind: "insert", line })),
  ];
  const equal = (line: string): DiffOp => ({ kind: "equal", line });
  return [...a.slice(0, prefix).map(equal), ...middle, ...a.slice(a.length - suffix).map(equal)];
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** `start,count` of a hunk side, as `diff -u` writes it (an empty side names the line before). */
function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/**
 * The unified diff from `expected` to `actual`, or `""` when they are equal.
 * Lines are split on `\n`; a final newline does not make an extra line.
 */
export function unifiedDiff(
  expected: string,
  actual: string,
  options: UnifiedDiffOptions = {},
): string {
  const context = options.context ?? 3;
  const ops = diffLines(splitLines(expected), splitLines(actual));
  const changed = ops.map((op, index) => op.kind === "equal" ? -1 : index).filter((i) => i >= 0);
  if (changed.length === 0) return "";
  const out = [`--- ${options.fromLabel ?? "expected"}`, `+++ ${options.toLabel ?? "actual"}`];
  let next = 0;
  while (next < changed.length) {
    const first = Math.max(0, changed[next]! - context);
    let last = changed[next]!;
    while (next < changed.length && changed[next]! <= last + 2 * context) last = changed[next++]!;
    const end = Math.min(ops.length, last + context + 1);
    let oldStart = 0, newStart = 0;
    for (const op of ops.slice(0, first)) {
      if (op.kind !== "insert") oldStart++;
      if (op.kind !== "delete") newStart++;
    }
    const hunk = ops.slice(first, end);
    const oldCount = hunk.filter((op) => op.kind !== "insert").length;
    const newCount = hunk.filter((op) => op.kind !== "delete").length;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of hunk) {
      out.push(`${op.kind === "equal" ? " " : op.kind === "delete" ? "-" : "+"}${op.line}`);
    }
  }
  return `${out.join("\n")}\n`;
}
