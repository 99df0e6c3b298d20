import pg from "pg";
import { fromPgPool, type SqlClient } from "../../../src/postgres/client.js";
import { MARKER, startFatalProxy } from "./fatal-proxy.js";

// Run by client.test.ts in a child process (a crash must not take the test runner down):
// `node --import tsx child.ts <fixed|naive>` with DATABASE_URL set. One pooled connection runs
// a query whose ReadyForQuery arrives with a FATAL behind it, while a transaction waits in
// `pool.connect()` for that very connection. Prints a JSON line and exits 0 when the process
// survived; an uncaught exception exits non-zero.

/** 0.1's wrapper: attaches the connection's error listener only after `await pool.connect()`. */
function naiveTransaction(pool: pg.Pool): SqlClient["transaction"] {
  return async (work) => {
    const connection = await pool.connect();
    let lost: Error | boolean = false;
    connection.on("error", (error) => {
      lost = error;
    });
    try {
      await connection.query("BEGIN");
      const value = await work({
        query: async (text, params) => ({ rows: (await connection.query(text, params ? [...params] : [])).rows }),
      });
      await connection.query("COMMIT");
      return value;
    } finally {
      connection.release(lost);
    }
  };
}

const mode = process.argv[2];
const url = new URL(process.env.DATABASE_URL ?? "");
const proxy = await startFatalProxy({ host: url.hostname, port: Number(url.port || 5432) });
const proxied = new URL(url);
proxied.port = String(proxy.port);
const pool = new pg.Pool({ connectionString: proxied.toString(), max: 1 });
const poolErrors: string[] = [];
// The host's part (documented on fromPgPool): an idle connection's error reaches the pool.
pool.on("error", (error) => poolErrors.push(error.message));
if (process.env.DEBUG_POOL)
  for (const e of ["connect", "acquire", "release", "remove"])
    pool.on(e as "connect", (...a: unknown[]) => console.error(e, a.length > 1 ? String(a[0]) : ""));
const wrapped = fromPgPool(pool);
const client: SqlClient = mode === "naive" ? { ...wrapped, transaction: naiveTransaction(pool) } : wrapped;

await client.query("SELECT 1");
const marked = client.query(`SELECT '${MARKER}' AS marker`);
// Waits in pool.connect(): the pool hands it the connection the moment the marked query's ReadyForQuery is parsed.
const waiting = client.transaction((tx) => tx.query("SELECT 2 AS two"));
const first = await marked.then(
  (r) => ({ ok: true, rows: r.rows.length }),
  (e: Error) => ({ ok: false, error: e.message }),
);
const second = await waiting.then(
  () => ({ ok: true }),
  (e: Error) => ({ ok: false, error: e.message }),
);
// The pool recovers: a fresh connection answers.
const after = await client.query("SELECT 3 AS three").then(
  (r) => ({ ok: true, value: r.rows[0]?.three }),
  (e: Error) => ({ ok: false, error: e.message }),
);
await pool.end();
await proxy.close();
process.stdout.write(`${JSON.stringify({ mode, first, second, after, poolErrors })}\n`);
