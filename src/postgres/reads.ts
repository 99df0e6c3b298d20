import type { SharingEvent } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import type { Member, PendingShare } from "../domain/member.js";
import { GLOBAL } from "../domain/region.js";
import type { EventsQuery, VersionedImage, VisibleImagesQuery } from "../ports/store.js";
import type { SqlQueryable } from "./client.js";
import { parameterList } from "./params.js";
import { EVENT_COLUMNS, eventFrom, IMAGE_COLUMNS, imageFrom, MEMBER_COLUMNS, memberFrom, numberColumn } from "./rows.js";
import type { TableNames } from "./schema.js";

// The store's read queries. Each one is answered from an index (see migrations.ts and the
// EXPLAIN tests): primary keys for the look-ups, and for every list an index whose order is
// the list's order, so a page reads about `limit` index entries whatever the store's size.

/** The image and its version (primary key). */
export async function selectImage(db: SqlQueryable, t: TableNames, imageId: string): Promise<VersionedImage | null> {
  const { rows } = await db.query(`SELECT ${IMAGE_COLUMNS}, version FROM ${t.images} WHERE id = $1`, [imageId]);
  const row = rows[0];
  return row === undefined ? null : { image: imageFrom(row), version: numberColumn(row, "version") };
}

/** One member record (primary key). */
export async function selectMember(db: SqlQueryable, t: TableNames, imageId: string, consumerAccountId: string): Promise<Member | null> {
  const { rows } = await db.query(`SELECT ${MEMBER_COLUMNS("m")} FROM ${t.members} m WHERE m.image_id = $1 AND m.consumer_account_id = $2`, [
    imageId,
    consumerAccountId,
  ]);
  const row = rows[0];
  return row === undefined ? null : memberFrom(row);
}

/** Every member of the image (primary-key prefix; at most the member quota of rows to sort). */
export async function selectMembers(db: SqlQueryable, t: TableNames, imageId: string): Promise<Member[]> {
  const { rows } = await db.query(
    `SELECT ${MEMBER_COLUMNS("m")} FROM ${t.members} m WHERE m.image_id = $1 ORDER BY m.created_at DESC, m.consumer_account_id DESC`,
    [imageId],
  );
  return rows.map(memberFrom);
}

/** How many members the image has (primary-key prefix). */
export async function countMembers(db: SqlQueryable, t: TableNames, imageId: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*) AS member_count FROM ${t.members} WHERE image_id = $1`, [imageId]);
  // An aggregate always returns one row.
  return numberColumn(rows[0] ?? {}, "member_count");
}

/** Whether the account directory holds the account (primary key). */
export async function accountExists(db: SqlQueryable, t: TableNames, accountId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 AS found FROM ${t.accounts} WHERE id = $1`, [accountId]);
  return rows.length > 0;
}

/**
 * Own images and accepted shares in one keyset page: each side reads at most `limit` rows
 * from its own index in list order, and the database merges the two short runs.
 */
export async function selectVisibleImages(db: SqlQueryable, t: TableNames, query: VisibleImagesQuery): Promise<Image[]> {
  const p = parameterList();
  const account = p.add(query.accountId);
  const limit = p.add(query.limit);
  const region = query.region === GLOBAL ? null : p.add(query.region);
  const after = query.after === null ? null : { createdAt: p.add(query.after.createdAt), id: p.add(query.after.id) };
  const own = [`i.owner_account_id = ${account}`];
  const shared = [`m.consumer_account_id = ${account}`, `m.status = 'accepted'`];
  if (region !== null) {
    own.push(`i.region = ${region}`);
    shared.push(`m.image_region = ${region}`);
  }
  if (after !== null) {
    own.push(`(i.created_at, i.id) < (${after.createdAt}, ${after.id})`);
    shared.push(`(m.image_created_at, m.image_id) < (${after.createdAt}, ${after.id})`);
  }
  const imageColumnsOf = (alias: string) =>
    IMAGE_COLUMNS.split(", ")
      .map((c) => `${alias}.${c}`)
      .join(", ");
  const text = `
    SELECT ${IMAGE_COLUMNS} FROM (
      (SELECT ${imageColumnsOf("i")} FROM ${t.images} i
        WHERE ${own.join(" AND ")}
        ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit})
      UNION ALL
      (SELECT ${imageColumnsOf("i")} FROM ${t.members} m JOIN ${t.images} i ON i.id = m.image_id
        WHERE ${shared.join(" AND ")}
        ORDER BY m.image_created_at DESC, m.image_id DESC LIMIT ${limit})
    ) AS visible
    ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
  const { rows } = await db.query(text, p.values);
  return rows.map(imageFrom);
}

/** The account's pending shares with their images, newest image first (consumer/status index). */
export async function selectPendingShares(db: SqlQueryable, t: TableNames, accountId: string, region: string): Promise<PendingShare[]> {
  const p = parameterList();
  const conditions = [`m.consumer_account_id = ${p.add(accountId)}`, `m.status = 'pending'`];
  if (region !== GLOBAL) conditions.push(`m.image_region = ${p.add(region)}`);
  const { rows } = await db.query(
    `SELECT ${IMAGE_COLUMNS.split(", ")
      .map((c) => `i.${c}`)
      .join(", ")}, ${MEMBER_COLUMNS("m")}
       FROM ${t.members} m JOIN ${t.images} i ON i.id = m.image_id
      WHERE ${conditions.join(" AND ")}
      ORDER BY m.image_created_at DESC, m.image_id DESC`,
    p.values,
  );
  return rows.map((row) => ({ image: imageFrom(row), member: memberFrom(row) }));
}

/** Count and bytes of the account's own images (owner index). */
export async function selectStorageUsage(db: SqlQueryable, t: TableNames, accountId: string): Promise<{ imageCount: number; bytes: number }> {
  const { rows } = await db.query(
    `SELECT count(*) AS image_count, coalesce(sum(size_bytes), 0) AS bytes FROM ${t.images} WHERE owner_account_id = $1`,
    [accountId],
  );
  // An aggregate always returns one row.
  const row = rows[0] ?? {};
  return { imageCount: numberColumn(row, "image_count"), bytes: numberColumn(row, "bytes") };
}

/** A page of the account's feed in commit order; `null` when `after` is not in that feed. */
export async function selectEvents(db: SqlQueryable, t: TableNames, query: EventsQuery): Promise<SharingEvent[] | null> {
  let start = 0;
  if (query.after !== null) {
    const { rows } = await db.query(`SELECT position FROM ${t.accountEvents} WHERE account_id = $1 AND event_id = $2`, [
      query.accountId,
      query.after,
    ]);
    if (rows[0] === undefined) return null;
    start = numberColumn(rows[0], "position");
  }
  const { rows } = await db.query(
    `SELECT ${EVENT_COLUMNS} FROM ${t.accountEvents} WHERE account_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
    [query.accountId, start, query.limit],
  );
  return rows.map(eventFrom);
}
