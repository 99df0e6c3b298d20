import type { SharingEvent } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import type { Member, PendingShare } from "../domain/member.js";
import { GLOBAL } from "../domain/region.js";
import type { EventsQuery, PendingSharesQuery, VersionedPolicy, VisibleImagesQuery } from "../ports/store.js";
import type { SqlQueryable } from "./client.js";
import { parameterList } from "./params.js";
import {
  booleanColumn,
  EVENT_COLUMNS,
  eventFrom,
  imageColumns,
  imageFrom,
  LEGACY_EVENT_COLUMNS,
  numberColumn,
  optionalTextColumn,
  policyColumns,
  policyFrom,
  textColumn,
  totalColumn,
} from "./rows.js";
import type { TableNames } from "./schema.js";

// The store's read questions, each ONE statement (one round trip), each answered from indexes
// (see migrations.ts and the EXPLAIN tests): primary keys for the look-ups, and for every list
// an index whose order is the list's order, so a page reads about `limit` index entries
// whatever the store's size.

/** Epoch milliseconds of the service clock's `now`, compared with `members.expires_ms` (R18: expired from `expiresAt` on). */
export const epochMs = (timestamp: string): number => Date.parse(timestamp);

/** `AND <column> = $n` for one region; nothing for "global". */
function regionCondition(p: ReturnType<typeof parameterList>, region: string, column: string): string {
  return region === GLOBAL ? "" : ` AND ${column} = ${p.add(region)}`;
}

/**
 * Own images and accepted, unexpired shares in one keyset page, in three branches each reading
 * at most `limit` rows in list order: own images (owner index), shares that never expire (a
 * partial index in list order), and expiring shares found by a range scan `expires_ms > now`
 * (so expired shares are never visited). The database merges the three short runs.
 */
export async function listVisibleImages(db: SqlQueryable, t: TableNames, query: VisibleImagesQuery): Promise<Image[]> {
  const p = parameterList();
  const account = p.add(query.accountId);
  const limit = p.add(query.limit);
  const region = query.region === GLOBAL ? null : p.add(query.region);
  const ownRegion = region === null ? "" : ` AND i.region = ${region}`;
  const sharedRegion = region === null ? "" : ` AND m.image_region = ${region}`;
  const after = query.after === null ? null : { createdAt: p.add(query.after.createdAt), id: p.add(query.after.id) };
  const ownAfter = after === null ? "" : ` AND (i.created_at, i.id) < (${after.createdAt}, ${after.id})`;
  const sharedAfter = after === null ? "" : ` AND (m.image_created_at, m.image_id) < (${after.createdAt}, ${after.id})`;
  const now = p.add(epochMs(query.now));
  const shared = (expiry: string) =>
    `(SELECT ${imageColumns("i")} FROM ${t.members} m JOIN ${t.images} i ON i.id = m.image_id
       WHERE m.consumer_account_id = ${account} AND m.status = 'accepted' AND ${expiry}${sharedRegion}${sharedAfter}
       ORDER BY m.image_created_at DESC, m.image_id DESC LIMIT ${limit})`;
  const text = `
    SELECT * FROM (
      (SELECT ${imageColumns("i")} FROM ${t.images} i
        WHERE i.owner_account_id = ${account}${ownRegion}${ownAfter}
        ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit})
      UNION ALL ${shared("m.expires_ms IS NULL")}
      UNION ALL ${shared(`m.expires_ms > ${now}`)}
    ) AS visible
    ORDER BY i_created DESC, i_id DESC LIMIT ${limit}`;
  // Prepared too (a handful of texts: region or not, cursor or not); the EXPLAIN tests hold every
  // plan to its indexes.
  const { rows } = await db.query(text, p.values, { prepare: true });
  return rows.map(imageFrom);
}

/**
 * The account's pending, unexpired shares with their images, newest *share* first (the
 * member's createdAt, then image id): shares that never expire from a partial index in that
 * order, expiring ones by a range scan on `expires_ms > now`, merged.
 */
export async function listPendingShares(
  db: SqlQueryable,
  t: TableNames,
  query: PendingSharesQuery,
): Promise<PendingShare[]> {
  const p = parameterList();
  const account = p.add(query.accountId);
  const limit = p.add(query.limit);
  const region = regionCondition(p, query.region, "m.image_region");
  const after =
    query.after === null
      ? ""
      : ` AND (m.created_at, m.image_id) < (${p.add(query.after.createdAt)}, ${p.add(query.after.id)})`;
  const now = p.add(epochMs(query.now));
  // The member's image, account and status are known from the query itself (its image row, the
  // account asked for, 'pending'): only its own times travel, three columns a row fewer to decode.
  const branch = (expiry: string) =>
    `(SELECT ${imageColumns("i")}, m.created_at AS m_created, m.updated_at AS m_updated, m.expires_at AS m_expires
       FROM ${t.members} m JOIN ${t.images} i ON i.id = m.image_id
       WHERE m.consumer_account_id = ${account} AND m.status = 'pending' AND ${expiry}${region}${after}
       ORDER BY m.created_at DESC, m.image_id DESC LIMIT ${limit})`;
  const { rows } = await db.query(
    `SELECT * FROM (${branch("m.expires_ms IS NULL")} UNION ALL ${branch(`m.expires_ms > ${now}`)}) AS pending
      ORDER BY m_created DESC, i_id DESC LIMIT ${limit}`,
    p.values,
    { prepare: true },
  );
  return rows.map((row) => {
    const image = imageFrom(row);
    const expiresAt = optionalTextColumn(row, "m_expires");
    const createdAt = textColumn(row, "m_created");
    const updatedAt = textColumn(row, "m_updated");
    const consumerAccountId = query.accountId;
    // No spread per row: `expiresAt` is absent, not `undefined`, when NULL.
    const member: Member =
      expiresAt === undefined
        ? { imageId: image.id, consumerAccountId, status: "pending", createdAt, updatedAt }
        : { imageId: image.id, consumerAccountId, status: "pending", createdAt, updatedAt, expiresAt };
    return { image, member };
  });
}

/** Count and bytes of the account's own images: one primary-key look-up of its running total. */
export async function getStorageUsage(
  db: SqlQueryable,
  t: TableNames,
  accountId: string,
): Promise<{ imageCount: number; bytes: number }> {
  const { rows } = await db.query(`SELECT image_count, bytes FROM ${t.storageUsage} WHERE owner_account_id = $1`, [
    accountId,
  ]);
  const row = rows[0];
  return row === undefined
    ? { imageCount: 0, bytes: 0 }
    : { imageCount: numberColumn(row, "image_count"), bytes: totalColumn(row, "bytes") };
}

/**
 * The visibility horizon of the feed, as a CTE `horizon(h)`: events of transactions with an xid
 * below `h` may be shown. Events are read in (xid, position) order, and xids are handed out
 * when a transaction starts writing, not when it commits: a writer still running with an older
 * xid may yet commit events that sort *before* events already committed. Showing those younger
 * events now would let a reader paging with `after` skip the older ones. So `h` is the oldest
 * transaction that was running when this statement's snapshot was taken and that either is
 * writing events (it holds the ROW EXCLUSIVE lock on the events table: a commit statement takes
 * its locks before it gets an xid) or has ended since (its events, if any, are not in this
 * snapshot). Transactions that write no events (autovacuum, other tables, other schemas) hold
 * nothing back; with no event writer running, `h` is the snapshot's xmax and every committed
 * event is shown (read-your-writes).
 */
function feedHorizon(t: TableNames): string {
  return `snap AS (SELECT pg_current_snapshot() AS s),
     event_writers AS (
       SELECT x.transactionid::text::bigint AS xid32 FROM pg_locks r JOIN pg_locks x ON x.virtualtransaction = r.virtualtransaction
        WHERE r.locktype = 'relation' AND r.relation = '${t.events}'::regclass AND r.mode = 'RowExclusiveLock'
          AND x.locktype = 'transactionid'),
     horizon AS (
       SELECT coalesce(
         (SELECT min(y) FROM pg_snapshot_xip(snap.s) AS y
           WHERE pg_xact_status(y) <> 'in progress' OR (y::text::bigint % 4294967296) IN (SELECT xid32 FROM event_writers)),
         pg_snapshot_xmax(snap.s)) AS h
         FROM snap)`;
}

/**
 * A page of the account's feed in commit order, in ONE statement; `null` when `after` is not
 * in that feed. The feed is read straight from the events by three indexes in (xid, position)
 * order — the account as owner, as consumer, as the account of a policy event — plus the 0.1
 * events' per-account copies (xid 0, before every newer event), merged: each branch reads at
 * most a page. Events of a writer still running are held back, and so is every event that sorts
 * after them (see {@link feedHorizon}): a reader paging with `after` never skips one.
 */
export async function listEvents(db: SqlQueryable, t: TableNames, query: EventsQuery): Promise<SharingEvent[] | null> {
  const anchor =
    query.after === null
      ? `anchor AS (SELECT '0'::xid8 AS xid, 0::bigint AS position)`
      : `anchor AS (
           SELECT e.xid, e.position FROM ${t.events} e
            WHERE e.id = $3 AND e.position IS NOT NULL AND (e.owner_account_id = $1 OR e.consumer_account_id = $1 OR e.account_id = $1)
           UNION ALL
           SELECT '0'::xid8, a.position FROM ${t.accountEvents} a WHERE a.account_id = $1 AND a.event_id = $3)`;
  const after = "(e.xid, e.position) > (SELECT xid, position FROM anchor)";
  const visible = "e.xid < (SELECT h FROM horizon)";
  const branch = (who: string, index: string) =>
    `(SELECT ${EVENT_COLUMNS} FROM ${t.events} e WHERE ${who} AND ${index} AND ${after} AND ${visible} ORDER BY e.xid, e.position LIMIT $2)`;
  const { rows } = await db.query(
    `WITH ${feedHorizon(t)}, ${anchor}
     SELECT EXISTS (SELECT 1 FROM anchor) AS anchor_found, page.* FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (
         SELECT * FROM (
           (SELECT ${LEGACY_EVENT_COLUMNS} FROM ${t.accountEvents} a
             WHERE a.account_id = $1
               AND a.position > (SELECT CASE WHEN xid = '0' THEN position ELSE 9223372036854775807 END FROM anchor)
             ORDER BY a.position LIMIT $2)
           UNION ALL ${branch("e.owner_account_id = $1", "e.position IS NOT NULL")}
           UNION ALL ${branch("e.consumer_account_id = $1", "e.position IS NOT NULL AND e.consumer_account_id <> e.owner_account_id")}
           UNION ALL ${branch("e.account_id = $1", "e.position IS NOT NULL AND e.account_id IS NOT NULL")}
         ) AS feed ORDER BY xid, position LIMIT $2
       ) AS page ON true`,
    query.after === null ? [query.accountId, query.limit] : [query.accountId, query.limit, query.after],
  );
  if (rows[0] === undefined || !booleanColumn(rows[0], "anchor_found")) return null;
  return rows.filter((row) => row.event_id !== null && row.event_id !== undefined).map(eventFrom);
}

/** The account's sharing policy and its version (primary key); `null` when it never set one. */
export async function getSharingPolicy(
  db: SqlQueryable,
  t: TableNames,
  accountId: string,
): Promise<VersionedPolicy | null> {
  const { rows } = await db.query(`SELECT ${policyColumns("p")} FROM ${t.sharingPolicies} p WHERE p.account_id = $1`, [
    accountId,
  ]);
  return rows[0] === undefined ? null : policyFrom(rows[0]);
}
