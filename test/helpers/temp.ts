/**
 * Temporary folders for tests, each removed when its test or its file is done, so that a run
 * leaves nothing behind (test/helpers/suite-temp.ts checks that it did).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, onTestFinished } from "vitest";

const make = (name: string) => mkdtempSync(path.join(tmpdir(), `tg-${name}-`));
const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A folder for the running test, removed when it finishes (call it inside a test). */
export function testTempDir(name: string): string {
  const dir = make(name);
  onTestFinished(() => remove(dir));
  return dir;
}

/**
 * A folder for the tests of a file or describe block (call it at that level): made before its
 * first test, removed after its last. Returns a getter.
 */
export function suiteTempDir(name: string): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = make(name);
  });
  afterAll(() => {
    if (dir) remove(dir);
  });
  return () => {
    if (!dir) throw new Error(`suiteTempDir(${name}) is used before its beforeAll ran`);
    return dir;
  };
}

/** Runs fn with a folder that is removed afterwards, whatever fn does (for helpers). */
export function withTempDir<T>(name: string, fn: (dir: string) => T): T {
  const dir = make(name);
  try {
    return fn(dir);
  } finally {
    remove(dir);
  }
}
