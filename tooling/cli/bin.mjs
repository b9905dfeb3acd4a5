#!/usr/bin/env node
// The transit-guard binary, and the only place that sets the process's exit code. It runs the
// prebuilt CLI (bundle/cli.mjs, built from tooling/ by npm run build; the test command fails when
// it is stale), or the TypeScript sources through tsx when TRANSIT_GUARD_FROM_SOURCE=1.
const fromSource = process.env.TRANSIT_GUARD_FROM_SOURCE === "1";

// A reader that stops early (| head) closes the pipe: stop quietly, as other CLIs do.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

let run;
if (fromSource) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ run } = await import("./main.ts"));
} else {
  ({ run } = await import("../../bundle/cli.mjs"));
}
process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});
