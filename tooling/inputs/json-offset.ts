/**
 * Where JSON text first goes wrong. V8's JSON.parse messages carry a position for some errors
 * only, so on a parse failure (never otherwise) the text is scanned once more to find the offset.
 * The scan keeps its own stack of open objects and arrays instead of recursing, so that text
 * nested a million levels deep fails with its position, not with a stack overflow.
 */

/** The offset of the first character that makes the text invalid JSON (text.length if it ends early). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i++] !== ch) {
        i--;
        fail();
      }
    }
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === "" || match[0] === "-") fail();
    i += match![0].length;
  };
  /** The open containers, innermost last: "{" or "[". */
  const open: string[] = [];
  /** The innermost container was just opened: its first member or element comes next. */
  let opened = false;
  /** Reads a value; a non-empty object or array is only opened (the loop below reads it). */
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      i++;
      ws();
      if (text[i] === (ch === "{" ? "}" : "]")) return void i++;
      open.push(ch);
      opened = true;
    } else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else number();
  };
  /** Reads `"key":` of an object member and opens its value. */
  const member = () => {
    ws();
    string();
    ws();
    if (text[i] !== ":") fail();
    i++;
    value();
  };
  try {
    value();
    // After a container is opened its first member or element is read; after each complete value
    // a comma starts the next one, and a bracket closes the innermost container (completing the
    // value that holds it).
    while (open.length > 0) {
      const container = open[open.length - 1];
      if (opened) {
        opened = false;
        if (container === "{") member();
        else value();
        continue;
      }
      ws();
      const close = container === "{" ? "}" : "]";
      if (text[i] === ",") {
        i++;
        if (container === "{") member();
        else value();
      } else if (text[i] === close) {
        i++;
        open.pop();
      } else fail();
    }
    ws();
    if (i < text.length) fail();
  } catch (offset) {
    return Math.min(offset as number, text.length);
  }
  return text.length;
}

/**
 * The offset of the value at a path (object keys, array indices) in JSON text that JSON.parse
 * accepted, or of the deepest value on the way when the path goes on where the text does not
 * (undefined when the text is not a JSON object or array). One forward scan that skips what is
 * not on the path: an error on a 200 MB plan is located in a fraction of a second, where reading
 * the text as YAML to find it would take minutes.
 */
export function jsonPathOffset(text: string, path: readonly string[]): number | undefined {
  const skipSpace = (at: number) => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
    return at;
  };
  /** The offset after the string that starts at `at`. */
  const skipString = (at: number) => {
    let j = at + 1;
    for (;;) {
      j = text.indexOf('"', j);
      if (j === -1) return text.length;
      let k = j - 1;
      while (text[k] === "\\") k--;
      if ((j - 1 - k) % 2 === 0) return j + 1;
      j++;
    }
  };
  /** The offset after the value that starts at `at` (nested values by counting brackets). */
  const skipValue = (at: number) => {
    if (text[at] === '"') return skipString(at);
    if (text[at] !== "{" && text[at] !== "[") {
      while (at < text.length && !",}] \t\n\r".includes(text[at]!)) at++;
      return at;
    }
    let depth = 0;
    while (at < text.length) {
      const ch = text[at]!;
      if (ch === '"') {
        at = skipString(at);
        continue;
      }
      if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") depth--;
      at++;
      if (depth === 0) return at;
    }
    return at;
  };
  let at = skipSpace(0);
  if (text[at] !== "{" && text[at] !== "[") return undefined;
  for (const segment of path) {
    const open = text[at];
    let found: number | undefined;
    if (open === "{") {
      let i = skipSpace(at + 1);
      while (text[i] === '"') {
        const end = skipString(i);
        const raw = text.slice(i, end);
        const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const value = skipSpace(skipSpace(end) + 1);
        // The last of equal keys is the one JSON.parse kept.
        if (key === segment) found = value;
        i = skipSpace(skipValue(value));
        if (text[i] !== ",") break;
        i = skipSpace(i + 1);
      }
    } else if (open === "[" && /^\d+$/.test(segment)) {
      let i = skipSpace(at + 1);
      for (let index = 0; text[i] !== "]" && i < text.length; index++) {
        if (index === Number(segment)) {
          found = i;
          break;
        }
        i = skipSpace(skipValue(i));
        if (text[i] !== ",") break;
        i = skipSpace(i + 1);
      }
    }
    if (found === undefined) return at;
    at = found;
  }
  return at;
}
