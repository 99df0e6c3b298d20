import type { z } from "zod/v4";
import { ConfigurationError } from "./configuration-error.js";
import type { ValidationIssue } from "./errors.js";

// How every boundary parses what a caller hands it: own properties only, every problem reported,
// nothing thrown (a factory turns the problems into one ConfigurationError).

/** One argument parsed: its data, or the issues found in it. */
export type Parsed<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: ValidationIssue[] };

/** How deep {@link ownPropertiesOf} copies: inputs are shallow (an object of strings, numbers and string lists). */
const MAX_DEPTH = 4;

/**
 * A copy of `value` holding only its *own* enumerable properties, at every level, on objects
 * without a prototype: a polluted `Object.prototype` (or `Array.prototype`) then adds nothing to
 * what the schema reads (R15). A hole in an array reads as `undefined`, never as an inherited
 * element. Functions, class instances and primitives are kept as they are.
 */
export function ownPropertiesOf(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1)
      copy[i] = Object.hasOwn(value, i) ? ownPropertiesOf(value[i], depth + 1) : undefined;
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) copy[key] = ownPropertiesOf((value as Record<string, unknown>)[key], depth + 1);
  return copy;
}

/**
 * Parses one argument (own properties only), with issue paths starting at `prefix`. zod itself
 * may throw while reading a hostile value (a getter or a `Proxy` that throws): such a value is
 * unreadable input, reported as an issue, never thrown.
 */
export function parseArgument<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly (string | number)[],
): Parsed<z.output<S>> {
  try {
    const result = schema.safeParse(ownPropertiesOf(value));
    // The output, too, answers only for its own properties: zod builds it on Object.prototype, so an
    // optional field left out would read through to a polluted prototype (R15).
    if (result.success) return { success: true, data: ownPropertiesOf(result.data) as z.output<S> };
    const issues = result.error.issues.map((issue) => ({
      // zod paths may hold symbols in general; our schemas only have string keys and indexes.
      path: [...prefix, ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))],
      message: issue.message,
    }));
    return { success: false, issues };
  } catch {
    return {
      success: false,
      issues: [{ path: [...prefix], message: "the value could not be read (a getter or proxy threw)" }],
    };
  }
}

/**
 * Start-up parsing of a factory's options: the parsed options, or a {@link ConfigurationError}
 * thrown before any I/O, listing every problem.
 */
export function parseOptionsOrThrow<S extends z.ZodType>(factory: string, schema: S, options: unknown): z.output<S> {
  const parsed = parseArgument(schema, options, []);
  if (parsed.success) return parsed.data;
  throw new ConfigurationError(factory, parsed.issues);
}
