import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A temp folder of the run's own, checked to be empty at the end (tests clean up after themselves).
    globalSetup: ["test/helpers/suite-temp.ts"],
    // Suites that start opa, conftest or the CLI as processes need more than the default 5 s on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
