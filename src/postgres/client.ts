import type { PGliteInterface } from "@electric-sql/pglite";
import type { Pool, PoolClient } from "pg";

// Type-only imports: the `./postgres` entry loads without `pg` or PGlite installed; a host
// brings the one it uses and wraps it here.

/** A row as the database returns it; the store checks every column it reads. */
export type SqlRow = Record<string, unknown>;

/** Runs one parameterised statement (`$1`, `$2`, …) and returns its rows. */
export interface SqlQueryable {
  /**
   * Runs `text` with `params` bound to `$1…$n` and resolves to the rows it returned (empty for
   * a statement without rows). MUST reject on any database error, with the driver's error
   * (whose `code` is the SQLSTATE, e.g. `"40001"`) as the reason.
   */
  query(text: string, params?: readonly unknown[]): Promise<{ rows: SqlRow[] }>;
}

/**
 * The whole database surface the Postgres store needs: single statements, and transactions.
 * Use {@link fromPgPool} or {@link fromPGlite}, or implement it over any other driver.
 */
export interface SqlClient extends SqlQueryable {
  /**
   * Runs `work` inside one transaction on one connection: commits when `work` resolves, rolls
   * back and rejects with the same reason when it rejects (or when COMMIT fails).
   */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/** Copies parameters for drivers whose types want a mutable array. */
const paramsOf = (params: readonly unknown[] | undefined): unknown[] => (params === undefined ? [] : [...params]);

/**
 * Wraps a `pg` `Pool`. Each transaction takes a connection of its own; a connection whose
 * ROLLBACK fails (it was dropped mid-transaction) is destroyed instead of returned to the pool.
 *
 * @example
 * import pg from "pg";
 * const client = fromPgPool(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 */
export function fromPgPool(pool: Pool): SqlClient {
  const on = (connection: Pool | PoolClient): SqlQueryable => ({
    query: async (text, params) => {
      const result = await connection.query<SqlRow>(text, paramsOf(params));
      return { rows: result.rows };
    },
  });
  return {
    ...on(pool),
    transaction: async (work) => {
      const connection = await pool.connect();
      // Truthy: destroy the connection on release instead of returning it to the pool.
      let broken: Error | boolean = false;
      // A checked-out client whose connection dies emits "error"; unheard, that event would
      // crash the host process. Heard, it marks the connection for destruction on release.
      const onConnectionError = (error: Error) => {
        broken = error;
      };
      connection.on("error", onConnectionError);
      try {
        await connection.query("BEGIN");
        const value = await work(on(connection));
        await connection.query("COMMIT");
        return value;
      } catch (cause) {
        try {
          await connection.query("ROLLBACK");
        } catch {
          broken = true;
        }
        throw cause;
      } finally {
        connection.off("error", onConnectionError);
        connection.release(broken);
      }
    },
  };
}

/** The part of a PGlite instance the store uses (a `PGlite`, or a PGlite worker client). */
export type PGliteLike = Pick<PGliteInterface, "query" | "transaction">;

/**
 * Wraps a PGlite database (in-process Postgres, handy for tests, demos and single-process
 * apps). PGlite runs one statement at a time, so transactions are serialised by PGlite itself.
 *
 * @example
 * import { PGlite } from "@electric-sql/pglite";
 * const client = fromPGlite(new PGlite());
 */
export function fromPGlite(db: PGliteLike): SqlClient {
  return {
    query: async (text, params) => {
      const result = await db.query<SqlRow>(text, paramsOf(params));
      return { rows: result.rows };
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async (text, params) => {
            const result = await tx.query<SqlRow>(text, paramsOf(params));
            return { rows: result.rows };
          },
        }),
      ),
  };
}
