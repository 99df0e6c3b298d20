import type { SqlClient, SqlQueryable } from "cloud-image-sharing/postgres";

// A SqlClient wrapper for tests: records every statement the store sends (with its
// parameters), counts them, and can make any of them fail the way a driver would.

/** One statement as the store sent it. */
export type RecordedStatement = {
  readonly text: string;
  readonly params: readonly unknown[];
  readonly inTransaction: boolean;
};

/** Decides, per statement, whether it fails: return the error to reject with, or `undefined`. */
export type Fault = (statement: {
  readonly number: number;
  readonly text: string;
  readonly transaction: number;
}) => unknown;

/** An error as `pg` and PGlite report it: an Error with the SQLSTATE in `code`. */
export function sqlError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** The wrapper and its controls. */
export type ScriptedClient = {
  readonly client: SqlClient;
  /** Statements sent since the last {@link ScriptedClient.reset}. */
  readonly statements: RecordedStatement[];
  /** Transactions begun since the last reset. */
  transactions(): number;
  /** Makes statements fail as `fault` decides (replacing any previous fault). */
  inject(fault: Fault | null): void;
  /** Runs the SQL `replacement` returns instead of the statement (when it returns one). */
  substitute(
    replacement:
      | ((statement: {
          readonly number: number;
          readonly text: string;
          readonly transaction: number;
        }) => string | undefined)
      | null,
  ): void;
  /** Forgets recorded statements and counters (the fault stays). */
  reset(): void;
};

/** Wraps `inner`; with no fault injected it behaves exactly like `inner`. */
export function scriptedClient(inner: SqlClient): ScriptedClient {
  const statements: RecordedStatement[] = [];
  let transactions = 0;
  let fault: Fault | null = null;
  let replacement: Parameters<ScriptedClient["substitute"]>[0] = null;

  const wrap = (target: SqlQueryable, transaction: number): SqlQueryable => ({
    query: async (text, params) => {
      statements.push({ text, params: [...(params ?? [])], inTransaction: transaction > 0 });
      const statement = { number: statements.length, text, transaction };
      const failure = fault?.(statement);
      if (failure !== undefined) throw failure;
      const instead = replacement?.(statement);
      if (instead !== undefined) return target.query(instead);
      return target.query(text, params);
    },
  });

  return {
    client: {
      ...wrap(inner, 0),
      transaction: (work) => {
        transactions += 1;
        const number = transactions;
        return inner.transaction((tx) => work(wrap(tx, number)));
      },
    },
    statements,
    transactions: () => transactions,
    inject: (next) => {
      fault = next;
    },
    substitute: (next) => {
      replacement = next;
    },
    reset: () => {
      statements.length = 0;
      transactions = 0;
    },
  };
}
