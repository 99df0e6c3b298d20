import type { ValidationIssue } from "./errors.js";

/**
 * Thrown at start-up only, by the factories (`createImageSharing`, `createInMemoryStore`, the
 * Postgres store factories, `migrate`'s options), before any I/O, listing every problem found
 * in the options: a misconfigured service fails fast instead of at its first request.
 *
 * Test `error.name === "ConfigurationError"` rather than `instanceof`: an ESM and a CommonJS
 * copy of this class may both be loaded in one process.
 */
export class ConfigurationError extends Error {
  /** Every problem, with its path from the options' root (same shape as `ValidationError.issues`). */
  readonly issues: ValidationIssue[];

  constructor(factory: string, issues: ValidationIssue[]) {
    super(
      `${factory}: invalid options: ${issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ")}`,
    );
    this.name = "ConfigurationError";
    this.issues = issues;
  }
}
