import type { Member } from "../domain/member.js";
import type { Catalog } from "../policy/import.js";
import type { SqlQueryable } from "./client.js";
import { epochMs } from "./reads.js";
import type { TableNames } from "./schema.js";

/** What a member row copies from its image. */
export type ImagePlace = { readonly ownerAccountId: string; readonly region: string; readonly createdAt: string };

/** Splits `items` into runs of at most `size`. */
function* batches<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** The columns of the event rows a batch writes. */
type EventRows = {
  type: string[];
  occurredAt: string[];
  imageId: string[];
  owner: string[];
  consumer: (string | null)[];
  actor: string[];
  expiresAt: (string | null)[];
};

const emptyEventRows = (): EventRows => ({
  type: [],
  occurredAt: [],
  imageId: [],
  owner: [],
  consumer: [],
  actor: [],
  expiresAt: [],
});

/**
 * Writes the events of one batch. The whole import is one transaction (one xid), so positions
 * need no sequence: `base + k` keeps them unique and in order across the batches, and event ids
 * are `import-<xid>-<position>` (unique, and increasing, so the primary key grows at its edge).
 * (Measured: separate statements for rows and their events beat one CTE doing both, whose
 * unnested input is materialised and read twice.)
 */
async function writeEvents(tx: SqlQueryable, t: TableNames, rows: EventRows, base: number): Promise<number> {
  if (rows.type.length === 0) return 0;
  await tx.query(
    `INSERT INTO ${t.events} (id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, expires_at, xid, position)
     SELECT 'import-' || pg_current_xact_id()::text || '-' || lpad(($8::bigint + u.k)::text, 12, '0'),
            u.type, u.occurred_at, u.image_id, u.owner_account_id, u.consumer_account_id, u.actor_account_id, u.expires_at,
            pg_current_xact_id(), $8::bigint + u.k
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
            WITH ORDINALITY AS u(type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, expires_at, k)`,
    [rows.type, rows.occurredAt, rows.imageId, rows.owner, rows.consumer, rows.actor, rows.expiresAt, base],
  );
  return rows.type.length;
}

/** Writes the catalog, batch by batch, inside the caller's transaction; returns how many events it wrote. */
export async function writeCatalog(
  tx: SqlQueryable,
  t: TableNames,
  catalog: Catalog,
  places: ReadonlyMap<string, ImagePlace>,
  batchSize: number,
): Promise<number> {
  let events = 0;
  if (catalog.accounts.length > 0) {
    await tx.query(`INSERT INTO ${t.accounts} (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING`, [
      catalog.accounts.map((a) => a.id),
    ]);
  }
  for (const batch of batches(catalog.images, batchSize)) {
    await tx.query(
      `INSERT INTO ${t.images} (id, owner_account_id, name, region, size_bytes, created_at, updated_at, version)
       SELECT u.*, nextval(${t.imageVersionsLiteral}) FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[]) AS u`,
      [
        batch.map((i) => i.id),
        batch.map((i) => i.ownerAccountId),
        batch.map((i) => i.name),
        batch.map((i) => i.region),
        batch.map((i) => i.sizeBytes),
        batch.map((i) => i.createdAt),
        batch.map((i) => i.updatedAt),
      ],
    );
    await tx.query(
      `INSERT INTO ${t.storageUsage} AS s (owner_account_id, image_count, bytes)
       SELECT owner, count(*), sum(size) FROM unnest($1::text[], $2::numeric[]) AS u(owner, size) GROUP BY owner
       ON CONFLICT (owner_account_id) DO UPDATE SET image_count = s.image_count + excluded.image_count, bytes = s.bytes + excluded.bytes`,
      [batch.map((i) => i.ownerAccountId), batch.map((i) => i.sizeBytes)],
    );
    const rows = emptyEventRows();
    for (const image of batch) {
      rows.type.push("ImageCreated");
      rows.occurredAt.push(image.createdAt);
      rows.imageId.push(image.id);
      rows.owner.push(image.ownerAccountId);
      rows.consumer.push(null);
      rows.actor.push(image.ownerAccountId);
      rows.expiresAt.push(null);
    }
    events += await writeEvents(tx, t, rows, events);
  }
  for (const batch of batches(catalog.members, batchSize)) {
    // checkCatalog made sure every member's image is in the catalog or stored.
    const placeOf = (m: Member): ImagePlace =>
      places.get(m.imageId) ?? { ownerAccountId: "", region: "", createdAt: "" };
    // The members carry their image's region and createdAt (list indexes), from the catalog: no join.
    await tx.query(
      `INSERT INTO ${t.members} (image_id, consumer_account_id, status, created_at, updated_at, expires_at, expires_ms, image_region, image_created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])`,
      [
        batch.map((m) => m.imageId),
        batch.map((m) => m.consumerAccountId),
        batch.map((m) => m.status),
        batch.map((m) => m.createdAt),
        batch.map((m) => m.updatedAt),
        batch.map((m) => m.expiresAt ?? null),
        batch.map((m) => (m.expiresAt === undefined ? null : epochMs(m.expiresAt))),
        batch.map((m) => placeOf(m).region),
        batch.map((m) => placeOf(m).createdAt),
      ],
    );
    const rows = emptyEventRows();
    const add = (
      type: string,
      member: Member,
      occurredAt: string,
      actor: string,
      owner: string,
      expiresAt: string | null,
    ) => {
      rows.type.push(type);
      rows.occurredAt.push(occurredAt);
      rows.imageId.push(member.imageId);
      rows.owner.push(owner);
      rows.consumer.push(member.consumerAccountId);
      rows.actor.push(actor);
      rows.expiresAt.push(expiresAt);
    };
    for (const member of batch) {
      const owner = placeOf(member).ownerAccountId;
      add("ImageShared", member, member.createdAt, owner, owner, member.expiresAt ?? null);
      if (member.status === "accepted")
        add("ShareAccepted", member, member.updatedAt, member.consumerAccountId, owner, null);
      if (member.status === "rejected")
        add("ShareRejected", member, member.updatedAt, member.consumerAccountId, owner, null);
    }
    events += await writeEvents(tx, t, rows, events);
  }
  return events;
}
