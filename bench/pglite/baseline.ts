import type { SqlQueryable } from "cloud-image-sharing/postgres";

// The hand-written baseline of issue 10: the same questions answered with ONE indexed statement
// each, on the same tables and the same client, with no library around it — no validation, no
// RBAC, no rule checks beyond what the statement itself implies. Its statements are prepared as
// the store's are (`{ prepare: true }`: pg prepares them per connection; PGlite ignores it). What
// the library costs on top of this is the ratio the benchmark prints.
//
// The questions are 0.2's: a share that expires counts until it has expired (R18), so the lists
// read the shares that never expire and the unexpired expiring ones — two index runs joined by
// UNION ALL, the fastest form we found by hand (one run with `expires_ms IS NULL OR expires_ms > now`
// costs more, measured: 295 against 262 µs for the pending page). An earlier baseline left the
// expiring shares out, a question 0.1 asked and 0.2 no longer does.

/** The baseline's questions; each call is one statement. */
export type Baseline = {
  /** May `account` boot `imageId` in `region`: own image, or an accepted unexpired share, in the image's region. */
  boot(account: string, imageId: string, region: string, nowMs: number): Promise<boolean>;
  /** A page of own images and accepted, unexpired shares, newest first (`region` null: global). */
  listImages(account: string, region: string | null, limit: number, nowMs: number): Promise<number>;
  /** A page of pending, unexpired shares with the member's times, newest share first. */
  listPendingShares(account: string, limit: number, nowMs: number): Promise<number>;
  /** Adds a pending member and its ImageShared event. */
  share(imageId: string, owner: string, consumer: string, now: string, eventId: string): Promise<void>;
  /** Accepts a pending member and records ShareAccepted. */
  accept(imageId: string, consumer: string, now: string, eventId: string): Promise<void>;
};

const PREPARED = { prepare: true } as const;

/** The baseline over the tables in `schema` (`null`: the search_path). */
export function handWritten(db: SqlQueryable, schema: string | null): Baseline {
  const s = schema === null ? "" : `"${schema}".`;
  const imageColumns = "i.id, i.owner_account_id, i.name, i.region, i.size_bytes, i.created_at, i.updated_at";
  return {
    async boot(account, imageId, region, nowMs) {
      const { rows } = await db.query(
        `SELECT i.owner_account_id, i.region, m.status, m.expires_ms FROM ${s}images i
           LEFT JOIN ${s}members m ON m.image_id = i.id AND m.consumer_account_id = $2 WHERE i.id = $1`,
        [imageId, account],
        PREPARED,
      );
      const row = rows[0];
      if (row === undefined || row.region !== region) return false;
      if (row.owner_account_id === account) return true;
      return row.status === "accepted" && (row.expires_ms === null || Number(row.expires_ms) > nowMs);
    },
    async listImages(account, region, limit, nowMs) {
      const params: unknown[] = [account, limit, nowMs];
      const ownRegion = region === null ? "" : ` AND i.region = $4`;
      const sharedRegion = region === null ? "" : ` AND m.image_region = $4`;
      if (region !== null) params.push(region);
      const shared = (expiry: string) =>
        `(SELECT ${imageColumns} FROM ${s}members m JOIN ${s}images i ON i.id = m.image_id
           WHERE m.consumer_account_id = $1 AND m.status = 'accepted' AND ${expiry}${sharedRegion}
           ORDER BY m.image_created_at DESC, m.image_id DESC LIMIT $2)`;
      const { rows } = await db.query(
        `(SELECT ${imageColumns} FROM ${s}images i WHERE i.owner_account_id = $1${ownRegion} ORDER BY i.created_at DESC, i.id DESC LIMIT $2)
         UNION ALL ${shared("m.expires_ms IS NULL")}
         UNION ALL ${shared("m.expires_ms > $3")}
         ORDER BY created_at DESC, id DESC LIMIT $2`,
        params,
        PREPARED,
      );
      return rows.length;
    },
    async listPendingShares(account, limit, nowMs) {
      const pending = (expiry: string) =>
        `(SELECT ${imageColumns}, m.created_at AS m_created, m.updated_at AS m_updated, m.expires_at AS m_expires
           FROM ${s}members m JOIN ${s}images i ON i.id = m.image_id
           WHERE m.consumer_account_id = $1 AND m.status = 'pending' AND ${expiry}
           ORDER BY m.created_at DESC, m.image_id DESC LIMIT $2)`;
      const { rows } = await db.query(
        `${pending("m.expires_ms IS NULL")} UNION ALL ${pending("m.expires_ms > $3")} ORDER BY m_created DESC, id DESC LIMIT $2`,
        [account, limit, nowMs],
        PREPARED,
      );
      return rows.length;
    },
    async share(imageId, owner, consumer, now, eventId) {
      await db.query(
        `WITH m AS (
           INSERT INTO ${s}members (image_id, consumer_account_id, status, created_at, updated_at, image_region, image_created_at)
           SELECT id, $2, 'pending', $3, $3, region, created_at FROM ${s}images WHERE id = $1 RETURNING image_id)
         INSERT INTO ${s}events (id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, xid, position)
         SELECT $4, 'ImageShared', $3, image_id, $5, $2, $5, pg_current_xact_id(), nextval('${s}event_positions') FROM m`,
        [imageId, consumer, now, eventId, owner],
        PREPARED,
      );
    },
    async accept(imageId, consumer, now, eventId) {
      await db.query(
        `WITH m AS (
           UPDATE ${s}members SET status = 'accepted', updated_at = $3 WHERE image_id = $1 AND consumer_account_id = $2 AND status = 'pending'
           RETURNING image_id)
         INSERT INTO ${s}events (id, type, occurred_at, image_id, consumer_account_id, actor_account_id, xid, position)
         SELECT $4, 'ShareAccepted', $3, image_id, $2, $2, pg_current_xact_id(), nextval('${s}event_positions') FROM m`,
        [imageId, consumer, now, eventId],
        PREPARED,
      );
    },
  };
}
