#!/usr/bin/env node
// The transit-guard binary: runs the TypeScript CLI through tsx (no build step) and is the only
// place that sets the process's exit code.
import { register } from "tsx/esm/api";

// A reader that stops early (| head) closes the pipe: stop quietly, as other CLIs do.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});
register();
const { run } = await import("./main.ts");
process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});
