/** Option parsers that the commands share (commander's argParser callbacks). */
import { InvalidArgumentError } from "commander";

import { profileNames } from "../types.ts";

/** Profiles, repeatable or comma-separated; an unknown one is a usage error naming it. */
export function parseProfiles(value: string, previous: string[] = []): string[] {
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.find((name) => !(profileNames as readonly string[]).includes(name));
  if (unknown !== undefined) throw new InvalidArgumentError(`unknown profile "${unknown}" (choose from ${profileNames.join(", ")})`);
  return [...previous, ...names];
}

/** A repeatable option: each value added to the list. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
