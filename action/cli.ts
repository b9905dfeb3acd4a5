#!/usr/bin/env node
/**
 * The transit-guard command without node_modules (action/dist/transit-guard.mjs, built by
 * tooling/build/action.ts): the same command line as tooling/cli/bin.mjs, for a checkout of this
 * repository at a tag — the pre-commit hooks, GitLab CI and Atlantis run it with Node alone
 * (`node action/dist/transit-guard.mjs check …`). Only this entry point sets the exit code.
 */
import { run } from "../tooling/cli/main.ts";

// A reader that stops early (| head) closes the pipe: stop quietly, as bin.mjs does.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});
