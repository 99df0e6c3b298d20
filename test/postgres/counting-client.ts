import type { SqlClient, SqlQueryable } from "cloud-image-sharing/postgres";

// A SqlClient wrapper that counts round trips: every statement the store sends, with
// BEGIN and COMMIT counted for every transaction (they are round trips too).

export type CountingClient = {
  readonly client: SqlClient;
  /** Round trips since the last reset. */
  count(): number;
  /** The statements since the last reset (BEGIN/COMMIT included). */
  readonly statements: string[];
  reset(): void;
};

export function countingClient(inner: SqlClient): CountingClient {
  const statements: string[] = [];
  const counted = (target: SqlQueryable): SqlQueryable => ({
    query: (text, params) => {
      statements.push(text);
      return target.query(text, params);
    },
  });
  return {
    client: {
      ...counted(inner),
      transaction: async (work) => {
        statements.push("BEGIN");
        const value = await inner.transaction((tx) => work(counted(tx)));
        statements.push("COMMIT");
        return value;
      },
    },
    count: () => statements.length,
    statements,
    reset: () => {
      statements.length = 0;
    },
  };
}
