#!/usr/bin/env node
/**
 * The transit-guard command without node_modules (action/dist/transit-guard.mjs, built by
 * tooling/build/action.ts): the same command line as tooling/cli/bin.mjs, for a checkout of this
 * repository at a tag — the pre-commit hooks, GitLab CI and Atlantis run it with Node alone
 * (`node action/dist/transit-guard.mjs check …`). Only this entry point sets the exit code.
 */
import { runProcess } from "../tooling/cli/main.ts";

process.exitCode = await runProcess();
