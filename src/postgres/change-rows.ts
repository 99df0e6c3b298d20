import type { SharingEvent } from "../domain/events.js";
import type { Member } from "../domain/member.js";
import type { parameterList } from "./params.js";
import { epochMs } from "./reads.js";
import type { TableNames } from "./schema.js";

// How a change's members and events travel in a statement: as rows of fixed columns, bound as
// scalar parameters for a few rows or as one array per column for more, and the INSERT and upsert
// that take them. Shared by the lone commit (commit.ts) and the batch (batched-commits.ts).

/** The parameter list a statement is built with. */
export type Params = ReturnType<typeof parameterList>;

/**
 * Rows as a FROM item `alias(columns…, k)`, `k` being each row's ordinal: up to `scalarRows`
 * rows as a VALUES list of scalar parameters (cheaper to bind and to plan: the common share and
 * accept), more as one array parameter per column, unnested in order — either way a fixed
 * number of parameters per shape of commit.
 */
export function rowsFrom(
  p: Params,
  alias: string,
  columns: readonly (readonly [string, string])[],
  rows: unknown[][],
  scalarRows: number,
): string {
  const names = `${alias}(${columns.map(([name]) => name).join(", ")}, k)`;
  if (rows.length <= scalarRows) {
    const values = rows.map(
      (row, r) => `(${columns.map(([, type], c) => `${p.add(row[c] ?? null)}::${type}`).join(", ")}, ${r + 1})`,
    );
    return `(VALUES ${values.join(", ")}) AS ${names}`;
  }
  const arrays = columns.map(([, type], c) => `${p.add(rows.map((row) => row[c] ?? null))}::${type}[]`);
  return `unnest(${arrays.join(", ")}) WITH ORDINALITY AS ${names}`;
}

/** The event columns as {@link rowsFrom} takes them (`by_policy` travels as text, 't' or 'f'). */
export const EVENT_ROW_COLUMNS = [
  ["id", "text"],
  ["type", "text"],
  ["occurred_at", "text"],
  ["image_id", "text"],
  ["owner_account_id", "text"],
  ["consumer_account_id", "text"],
  ["actor_account_id", "text"],
  ["actor_user_id", "text"],
  ["expires_at", "text"],
  ["by_policy", "text"],
  ["account_id", "text"],
] as const;

/** One event as a row of {@link EVENT_ROW_COLUMNS}. */
export function eventRow(e: SharingEvent): unknown[] {
  if (e.type === "SharingPolicyChanged")
    return [e.id, e.type, e.occurredAt, null, null, null, null, e.actorUserId, null, "f", e.accountId];
  return [
    e.id,
    e.type,
    e.occurredAt,
    e.imageId,
    e.ownerAccountId,
    e.consumerAccountId,
    e.actorAccountId,
    e.actorUserId,
    e.expiresAt,
    e.byPolicy === true ? "t" : "f",
    null,
  ];
}

/**
 * INSERT of the events in the FROM item `source` (an `ev(…{@link EVENT_ROW_COLUMNS}, k)`,
 * filtered by `where`), in `k` order, each with its transaction's xid and a feed position.
 */
export function insertEvents(t: TableNames, source: string, where: string): string {
  return `INSERT INTO ${t.events}
       (id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id, expires_at, by_policy, account_id, xid, position)
       SELECT ev.id, ev.type, ev.occurred_at, ev.image_id, ev.owner_account_id, ev.consumer_account_id, ev.actor_account_id, ev.actor_user_id,
              ev.expires_at, ev.by_policy::boolean, ev.account_id, pg_current_xact_id(), nextval(${t.eventPositionsLiteral})
         FROM ${source} ${where} ORDER BY ev.k`;
}

/** The member columns as {@link rowsFrom} takes them. */
export const MEMBER_ROW_COLUMNS = [
  ["consumer", "text"],
  ["status", "text"],
  ["created_at", "text"],
  ["updated_at", "text"],
  ["expires_at", "text"],
  ["expires_ms", "bigint"],
] as const;

/** One member as a row of {@link MEMBER_ROW_COLUMNS}. */
export function memberRow(m: Member): unknown[] {
  return [
    m.consumerAccountId,
    m.status,
    m.createdAt,
    m.updatedAt,
    m.expiresAt,
    m.expiresAt === undefined ? null : epochMs(m.expiresAt),
  ];
}

/** The member upsert's conflict clause: a put overwrites the member's status, times and expiry. */
export const MEMBER_UPSERT = `ON CONFLICT (image_id, consumer_account_id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at, expires_ms = excluded.expires_ms`;
