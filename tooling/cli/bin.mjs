#!/usr/bin/env node
// The transit-guard binary, and the only place that sets the process's exit code. It runs the
// prebuilt CLI (bundle/cli.mjs, built from tooling/ by npm run build; the test command fails when
// it is stale), or the TypeScript sources through tsx when TRANSIT_GUARD_FROM_SOURCE=1.
const fromSource = process.env.TRANSIT_GUARD_FROM_SOURCE === "1";

let runProcess;
if (fromSource) {
  // tsx and the TypeScript sources are the repository's: an installed package runs the prebuilt CLI.
  try {
    const { register } = await import("tsx/esm/api");
    register();
    ({ runProcess } = await import("./main.ts"));
  } catch (error) {
    const missing = error?.code === "ERR_MODULE_NOT_FOUND" && /'(tsx|[^']*\/cli\/main\.ts)'/.test(String(error.message));
    if (!missing) throw error;
    process.stderr.write(
      "transit-guard: TRANSIT_GUARD_FROM_SOURCE=1 needs tsx and the TypeScript sources of a repository checkout " +
        "(npm install there); unset it to run the prebuilt CLI\n",
    );
    process.exit(2);
  }
} else {
  ({ runProcess } = await import("../../bundle/cli.mjs"));
}
process.exitCode = await runProcess();
