import type { SqlClient, SqlQueryable, SqlRow } from "../../src/postgres/index.js";

// The statements a service call sends, and the plans the database picks for them. The store's
// client is wrapped so every statement is recorded with its parameters while recording is on;
// each one is then EXPLAINed on the loaded database with those same parameters.

/** One statement as the store sent it. */
export type Statement = { readonly text: string; readonly params: readonly unknown[] };

/** A client that records the statements it runs while `recording` is true. */
export type RecordingClient = {
  readonly client: SqlClient;
  /** Runs `call` with recording on and returns the statements it sent (deduplicated by text and parameters). */
  record(call: () => Promise<unknown>): Promise<Statement[]>;
};

/** Wraps `inner` so statements can be recorded; outside `record`, it adds one boolean test per query. */
export function recordingClient(inner: SqlClient): RecordingClient {
  let recorded: Statement[] | null = null;
  const recordingOn = (on: SqlQueryable): SqlQueryable => ({
    query: (text, params) => {
      recorded?.push({ text, params: params ?? [] });
      return on.query(text, params);
    },
  });
  const client: SqlClient = {
    ...recordingOn(inner),
    transaction: (work) => inner.transaction((tx) => work(recordingOn(tx))),
  };
  return {
    client,
    async record(call) {
      recorded = [];
      try {
        await call();
        const seen = new Map<string, Statement>();
        for (const s of recorded) seen.set(`${s.text}\u0000${JSON.stringify(s.params)}`, s);
        return [...seen.values()];
      } finally {
        recorded = null;
      }
    },
  };
}

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };

const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

/** The plan of one statement: its text (as EXPLAIN prints it), the indexes it reads, and its sequential scans. */
export type Plan = {
  readonly statement: Statement;
  readonly text: string;
  readonly indexes: string[];
  /** Tables read by a Seq Scan (should be none). */
  readonly seqScans: string[];
};

/** Tables that must never be read by a sequential scan: they grow with the store. */
export const LARGE_TABLES: ReadonlySet<string> = new Set(["images", "members", "events", "account_events"]);

/** EXPLAINs `statement` with its own parameters (no ANALYZE: the plan, not a run). */
export async function planOf(db: SqlQueryable, statement: Statement): Promise<Plan> {
  const text = await db.query(`EXPLAIN (FORMAT TEXT) ${statement.text}`, statement.params);
  const json = await db.query(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.params);
  const raw: unknown = (json.rows[0] as SqlRow | undefined)?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
  const nodes = nodesOf(parsed[0].Plan);
  return {
    statement,
    text: text.rows.map((row) => String(row["QUERY PLAN"])).join("\n"),
    indexes: [...new Set(nodes.flatMap((n) => (n["Index Name"] === undefined ? [] : [n["Index Name"]])))],
    seqScans: nodes.filter((n) => n["Node Type"] === "Seq Scan").map((n) => n["Relation Name"] ?? "?"),
  };
}

/** The sequential scans of `plans` on a large table, as readable lines (empty when every read uses an index). */
export function forbiddenScans(plans: readonly Plan[]): string[] {
  return plans.flatMap((p) =>
    p.seqScans.filter((table) => LARGE_TABLES.has(table)).map((table) => `Seq Scan on ${table} in: ${p.statement.text.replace(/\s+/g, " ").trim()}`),
  );
}
