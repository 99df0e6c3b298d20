// The database surface the store needs, and wrappers for the two drivers it supports. No type
// here comes from `pg` or `@electric-sql/pglite`: the `./postgres` entry (its .d.ts included)
// compiles and loads for a host that installed only one of them, or neither, even with
// `skipLibCheck: false`. `PgPoolLike` and `PGliteLike` are the shapes the wrappers use, and a
// `pg.Pool` or a `PGlite` fits them as they are.

/** A row as the database returns it; the store checks every column it reads. */
export type SqlRow = Record<string, unknown>;

/** How to run one statement. */
export type QueryOptions = {
  /**
   * The statement is a hot one, sent again and again with the same text: a driver MAY prepare
   * it once per connection and then only bind and execute it (measured on PostgreSQL 15: a
   * `readImageFacts` round trip 0.46 ms unprepared, 0.18 ms prepared). A driver MAY ignore it.
   */
  readonly prepare?: boolean;
};

/** Runs one parameterised statement (`$1`, `$2`, …) and returns its rows. */
export interface SqlQueryable {
  /**
   * Runs `text` with `params` bound to `$1…$n` and resolves to the rows it returned (empty for
   * a statement without rows). Arrays are bound as Postgres arrays (`$1::text[]`). MUST reject
   * on any database error, with the driver's error (whose `code` is the SQLSTATE, e.g.
   * `"40001"`) as the reason.
   */
  query(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<{ rows: SqlRow[] }>;
}

/**
 * The whole database surface the Postgres store needs. Every store method is one statement
 * (`query`); `transaction` is used only by `migrate` and `importCatalog`. Use
 * {@link fromPgPool} or {@link fromPGlite}, or implement it over any other driver.
 */
export interface SqlClient extends SqlQueryable {
  /**
   * Runs `work` inside one transaction on one connection: commits when `work` resolves, rolls
   * back and rejects with the same reason when it rejects (or when COMMIT fails).
   */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/** What a `pg` query resolves to, as far as the store reads it. */
/** What a `pg` query resolves to, as far as the store reads it. */
export type PgResultLike = { rows: SqlRow[] };

/** The part of a checked-out `pg` `PoolClient` the wrapper uses. */
export interface PgPoolClientLike {
  query(text: string, values?: unknown[]): Promise<PgResultLike>;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * The part of a `pg` `Pool` the wrapper uses: `query`, and the *callback* form of `connect`
 * (see {@link fromPgPool} for why the callback form).
 */
export interface PgPoolLike {
  query(text: string, values?: unknown[]): Promise<PgResultLike>;
  /** The config form of `query`: with a `name`, pg prepares the statement once per connection. */
  query(config: { text: string; values: unknown[]; name: string }): Promise<PgResultLike>;
  connect(
    callback: (
      error: Error | undefined | null,
      client: PgPoolClientLike | undefined,
      release: (destroy?: Error | boolean) => void,
    ) => void,
  ): void;
}

/** Copies parameters for drivers whose types want a mutable array. */
const paramsOf = (params: readonly unknown[] | undefined): unknown[] => (params === undefined ? [] : [...params]);

/**
 * Runs BEGIN, the work, COMMIT on one connection; ROLLBACK on any failure, BEGIN's included. A
 * connection whose ROLLBACK fails is marked lost: it is destroyed, never handed to the next caller.
 */
async function inTransaction<T>(
  connection: PgPoolClientLike,
  work: (tx: SqlQueryable) => Promise<T>,
  markLost: () => void,
): Promise<T> {
  const tx: SqlQueryable = {
    query: async (text, params) => ({ rows: (await connection.query(text, paramsOf(params))).rows }),
  };
  try {
    await connection.query("BEGIN");
    const value = await work(tx);
    await connection.query("COMMIT");
    return value;
  } catch (cause) {
    try {
      await connection.query("ROLLBACK");
    } catch {
      markLost();
    }
    throw cause;
  }
}

/** Options of {@link fromPgPool}. */
export type FromPgPoolOptions = {
  /**
   * Prepare the store's hot statements (reads of a decision's facts, commits) once per
   * connection (default `true`). Turn it off behind a pooler that cannot keep named prepared
   * statements (PgBouncer before 1.21 in transaction mode).
   */
  readonly preparedStatements?: boolean;
};

/**
 * Wraps a `pg` `Pool`. Single statements go through `pool.query` (pg-pool guards the connection
 * while it runs); each transaction checks a connection out of its own.
 *
 * Connection faults never crash the host (R15). A checked-out connection whose server ends the
 * session (`pg_terminate_backend`, FATAL 57P01, a restart) emits `error`; with no listener that
 * event is an uncaught exception. pg-pool hands a released connection to a waiting `connect()`
 * synchronously, while the driver may still be parsing the rest of the same TCP chunk — a
 * FATAL right behind the ReadyForQuery is then emitted before an `await pool.connect()` could
 * resume. So the wrapper uses the callback form of `connect` and attaches its `error` listener
 * inside the callback, in the same tick the pool hands the connection over; a connection that
 * reported an error (or whose ROLLBACK failed) is destroyed on release, never reused.
 *
 * The pool's own `error` event (an *idle* connection dying) is the host's to observe, as pg's
 * documentation requires: `pool.on("error", log)`. Without it, pg-pool re-emits that error on
 * the pool, and an unheard `error` event ends the process.
 *
 * @example
 * import pg from "pg";
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on("error", (error) => logger.warn({ error }, "idle database connection lost"));
 * const client = fromPgPool(pool);
 */
export function fromPgPool(pool: PgPoolLike, options: FromPgPoolOptions = {}): SqlClient {
  const prepared = options.preparedStatements ?? true;
  // Statements by text length, then compared: a commit's text is built afresh on every call, and
  // hashing 2 kB of it for a Map key cost more than comparing it with the one or two known texts
  // of its length. The known text object itself is what pg then gets, so its own check of
  // "this name, this text" is a pointer comparison.
  const byLength = new Map<number, { readonly text: string; readonly name: string }[]>();
  let named = 0;
  /**
   * The prepared statement for a text: a name per distinct text (pg refuses one name for two
   * texts on a connection), or `undefined` once 10,000 are named: the store's hot statements are
   * a few dozen texts per schema, so only a host churning through schemas gets there, and then
   * runs them unprepared.
   */
  const statementOf = (text: string): { readonly text: string; readonly name: string } | undefined => {
    const sameLength = byLength.get(text.length);
    const known = sameLength?.find((statement) => statement.text === text);
    if (known !== undefined || named >= 10_000) return known;
    named += 1;
    const statement = { text, name: `cis_${named}` };
    if (sameLength === undefined) byLength.set(text.length, [statement]);
    else sameLength.push(statement);
    return statement;
  };
  return {
    query: async (text, params, queryOptions) => {
      const values = paramsOf(params);
      const statement = prepared && queryOptions?.prepare === true ? statementOf(text) : undefined;
      const result =
        statement === undefined
          ? await pool.query(text, values)
          : await pool.query({ text: statement.text, values, name: statement.name });
      return { rows: result.rows };
    },
    transaction: (work) =>
      new Promise((resolve, reject) => {
        pool.connect((error, connection, release) => {
          if (error || connection === undefined) {
            reject(error ?? new Error("the pool handed out no connection"));
            return;
          }
          // Truthy: destroy the connection on release instead of returning it to the pool.
          let lost: Error | boolean = false;
          const onConnectionError = (cause: Error) => {
            lost = cause;
          };
          // Synchronously, before anything else can run (see above).
          connection.on("error", onConnectionError);
          // The connection goes back (or is destroyed) before the caller resumes.
          const done = () => {
            connection.removeListener("error", onConnectionError);
            release(lost);
          };
          inTransaction(connection, work, () => {
            lost = lost || true;
          }).then(
            (value) => {
              done();
              resolve(value);
            },
            (cause: unknown) => {
              done();
              reject(cause);
            },
          );
        });
      }),
  };
}

/** The result of a PGlite query, as far as the store reads it. */
/** What a PGlite query resolves to, as far as the store reads it. */
export type PGliteResultLike = { rows: unknown[] };

/** The part of a PGlite transaction the wrapper uses. */
export interface PGliteTransactionLike {
  query(text: string, params?: unknown[]): Promise<PGliteResultLike>;
}

/** The part of a PGlite instance the store uses (a `PGlite`, or a PGlite worker client). */
export interface PGliteLike {
  query(text: string, params?: unknown[]): Promise<PGliteResultLike>;
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
}

/** PGlite types rows as `unknown`; a row of a query result is always an object of columns. */
const rowsOf = (result: PGliteResultLike): SqlRow[] => result.rows as SqlRow[];

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
    query: async (text, params) => ({ rows: rowsOf(await db.query(text, paramsOf(params))) }),
    transaction: (work) =>
      db.transaction((tx) =>
        work({ query: async (text, params) => ({ rows: rowsOf(await tx.query(text, paramsOf(params))) }) }),
      ),
  };
}
