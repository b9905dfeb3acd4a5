/**
 * Turns the paths a user gives into the files to read: a file stays as given; a directory is
 * walked recursively, in a stable (sorted) order, keeping the files that match an include glob
 * and no exclude glob. Files found by walking are marked, because what happens to a file of an
 * unsupported kind depends on it: a named file fails the run, a walked one is skipped.
 */
import { type Dirent,readdirSync, statSync } from "node:fs";
import path from "node:path";

import picomatch from "picomatch";

import { InputError } from "../errors.ts";

/** Globs of the files a directory walk keeps, unless told otherwise. */
export const defaultInclude = ["*.json", "*.yaml", "*.yml", "*.tfplan", "*.tfplan.json"];

/**
 * Globs never walked into, besides the user's: version control, dependencies and Terraform's
 * provider cache hold JSON and YAML that are never inputs.
 */
export const defaultExclude = [".git", "node_modules", ".terraform"];

/** What to keep while walking a directory. Globs without a slash match the file's base name. */
export interface WalkOptions {
  /** Default: {@link defaultInclude}. */
  include?: string[];
  /** Added to {@link defaultExclude}. */
  exclude?: string[];
}

/** One file to read. */
export interface InputFile {
  /** The path as given, or as found below a given directory ("-" for standard input). */
  file: string;
  /** Found by walking a directory (unsupported files are skipped, not errors). */
  walked: boolean;
}

/** The files that the given paths name; a directory without any matching file is an InputError. */
export function expandPaths(paths: string[], options: WalkOptions = {}): InputFile[] {
  const include = options.include && options.include.length > 0 ? options.include : defaultInclude;
  const exclude = [...defaultExclude, ...(options.exclude ?? [])];
  const matchOptions = { basename: true, dot: true };
  const included = picomatch(include, matchOptions);
  const excluded = picomatch(exclude, matchOptions);
  const files: InputFile[] = [];
  for (const given of paths) {
    if (given === "-" || !isDirectory(given)) {
      files.push({ file: given, walked: false });
      continue;
    }
    const found: string[] = [];
    walk(given, "", (relative) => !excluded(relative), (relative) => {
      if (included(relative)) found.push(path.join(given, relative));
    });
    if (found.length === 0) {
      throw new InputError(given, undefined, `holds no file to check (include ${include.join(", ")})`);
    }
    files.push(...found.map((file) => ({ file, walked: true })));
  }
  return files;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false; // reading it reports what is wrong
  }
}

/** Visits the files below root in sorted order; symbolic links to directories are not followed. */
function walk(root: string, dir: string, keep: (relative: string) => boolean, visit: (relative: string) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    throw new InputError(path.join(root, dir), undefined, `cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (!keep(relative)) continue;
    if (entry.isDirectory()) walk(root, relative, keep, visit);
    else if (entry.isFile() || (entry.isSymbolicLink() && isFile(path.join(root, relative)))) visit(relative);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
