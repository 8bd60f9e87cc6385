/**
 * One conformance driver process (`harness/runtime/driver/driver.c`) and its line protocol: a request
 * per line on stdin, one answer line per request on stdout. A request that gets no answer in
 * time, or whose process dies, is reported as such; the process is then restarted and every
 * request that had been answered is replayed, so one crash or hang fails only its own command.
 *
 * @module
 */

/** What became of one request. */
export type Reply =
  | { readonly kind: "answer"; readonly line: string }
  | { readonly kind: "crash"; readonly why: string }
  | { readonly kind: "timeout"; readonly why: string };

const encoder = new TextEncoder();

/** A running driver with a replay log. */
export class DriverProcess {
  #child: Deno.ChildProcess | undefined;
  #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #lines: AsyncIterator<string> | undefined;
  readonly #log: string[] = [];

  constructor(readonly executable: string, readonly timeoutMs: number) {}

  #start(): void {
    const child = new Deno.Command(this.executable, {
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(lineSplitter())
      [Symbol.asyncIterator]();
  }

  async #send(line: string): Promise<Reply> {
    if (this.#child === undefined) this.#start();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Reply>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: "timeout", why: `no answer in ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
    });
    const answer = (async (): Promise<Reply> => {
      try {
        await this.#writer!.write(encoder.encode(`${line}\n`));
        const next = await this.#lines!.next();
        if (!next.done) return { kind: "answer", line: next.value };
      } catch {
        // the pipe broke: the process died, reported below
      }
      const status = await this.#child!.status;
      const why = status.signal === null ? `exit code ${status.code}` : `signal ${status.signal}`;
      return { kind: "crash", why: `driver died (${why})` };
    })();
    const reply = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    if (reply.kind !== "answer") await this.#kill();
    return reply;
  }

  /** Sends one request; on a crash or a hang, restarts and replays the answered requests. */
  async request(line: string): Promise<Reply> {
    const reply = await this.#send(line);
    if (reply.kind === "answer") {
      this.#log.push(line);
      return reply;
    }
    for (const earlier of this.#log) {
      const replayed = await this.#send(earlier);
      if (replayed.kind !== "answer") break;
    }
    return reply;
  }

  async #kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined) return;
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await child.status;
    await child.stdout.cancel().catch(() => {});
    await this.#writer?.close().catch(() => {});
  }

  /** Stops the process. */
  async close(): Promise<void> {
    if (this.#child !== undefined) {
      await this.#writer?.write(encoder.encode("quit\n")).catch(() => {});
    }
    await this.#kill();
  }
}

function lineSplitter(): TransformStream<string, string> {
  let buffered = "";
  return new TransformStream({
    transform(chunk, controller) {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        controller.enqueue(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
      }
    },
    flush(controller) {
      if (buffered !== "") controller.enqueue(buffered);
    },
  });
}
