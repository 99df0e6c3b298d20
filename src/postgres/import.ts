import { err, ok, type Result } from "neverthrow";
import { z } from "zod/v4";
import { type CatalogImport, CatalogImportSchema, type ImportReport } from "../domain/catalog.js";
import { type SharingErrorOf, SharingErrors, type StoreError, type ValidationIssue } from "../domain/errors.js";
import type { Member } from "../domain/member.js";
import { parseArgument, parseOptionsOrThrow } from "../domain/parse.js";
import { DEFAULT_REGIONS, RegionCodeSchema } from "../domain/region.js";
import { type Catalog, checkCatalog, memberKey } from "../policy/import.js";
import { DEFAULT_MEMBER_QUOTA } from "../policy/quota.js";
import type { SqlClient, SqlQueryable } from "./client.js";
import { epochMs } from "./reads.js";
import { numberColumn, textColumn } from "./rows.js";
import { SchemaNameSchema, type TableNames, tableNames } from "./schema.js";
import { settle } from "./sql-errors.js";

// Bulk import (issue 10): a host moving an existing catalog in (e.g. from a Glance database)
// writes it through here instead of hand-written SQL into the library's tables. Every rule is
// kept (policy/import.ts decides, on the facts read here), the events are written as the
// service would have recorded them, and it is fast: rows travel as array parameters
// (`unnest($1::text[], …)`), a batch per statement, everything in one transaction.

/** Options of {@link importCatalog}. */
export const ImportCatalogOptionsSchema = z.strictObject({
  /** The schema holding the tables (the one given to `migrate`); default: the connection's search_path. */
  schema: SchemaNameSchema.optional(),
  /** The service's region catalog: every image must live in one (default: the service's default regions). */
  regions: z.array(RegionCodeSchema).min(1).optional(),
  /** The service's member quota, stored members included; `Infinity` for no limit. */
  memberQuota: z.union([z.number().int().min(0), z.literal(Number.POSITIVE_INFINITY)]).default(DEFAULT_MEMBER_QUOTA),
  /** Rows per statement. */
  batchSize: z.number().int().min(1).max(1_000_000).default(50_000),
});

/** What {@link importCatalog} takes besides the catalog. */
export type ImportCatalogOptions = z.input<typeof ImportCatalogOptionsSchema>;

/** What a member row copies from its image. */
type ImagePlace = { readonly ownerAccountId: string; readonly region: string; readonly createdAt: string };

/** Rolls the import's transaction back when the catalog breaks a rule (checked after the stored facts were read and locked). */
class CatalogRefused extends Error {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super("the catalog breaks the service's rules");
    this.issues = issues;
  }
}

/** Splits `items` into runs of at most `size`. */
function* batches<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** The stored facts the catalog touches, read inside the import's transaction (stored images it adds members to are locked first). */
async function storedFacts(tx: SqlQueryable, t: TableNames, catalog: Catalog) {
  const newImages = new Set(catalog.images.map((i) => i.id));
  const touched = [...new Set(catalog.members.map((m) => m.imageId).filter((id) => !newImages.has(id)))];
  const images = new Map<string, { ownerAccountId: string; memberCount: number; region: string; createdAt: string }>();
  // Members added to a stored image change it: a new version (R16: a decision read before the
  // import cannot commit over it), taken with the row lock that keeps its member count still.
  if (touched.length > 0) {
    const { rows } = await tx.query(
      `UPDATE ${t.images} i SET version = nextval(${t.imageVersionsLiteral}) WHERE i.id = ANY($1::text[])
       RETURNING i.id, i.owner_account_id, i.region, i.created_at, (SELECT count(*) FROM ${t.members} m WHERE m.image_id = i.id) AS member_count`,
      [touched],
    );
    for (const row of rows) {
      images.set(textColumn(row, "id"), {
        ownerAccountId: textColumn(row, "owner_account_id"),
        memberCount: numberColumn(row, "member_count"),
        region: textColumn(row, "region"),
        createdAt: textColumn(row, "created_at"),
      });
    }
  }
  if (newImages.size > 0) {
    const { rows } = await tx.query(
      `SELECT id, owner_account_id, region, created_at FROM ${t.images} WHERE id = ANY($1::text[])`,
      [[...newImages]],
    );
    for (const row of rows) {
      images.set(textColumn(row, "id"), {
        ownerAccountId: textColumn(row, "owner_account_id"),
        memberCount: 0,
        region: textColumn(row, "region"),
        createdAt: textColumn(row, "created_at"),
      });
    }
  }
  const listed = new Set(catalog.accounts.map((a) => a.id));
  const consumers = [...new Set(catalog.members.map((m) => m.consumerAccountId).filter((id) => !listed.has(id)))];
  const knownAccounts = new Set<string>();
  if (consumers.length > 0) {
    const { rows } = await tx.query(`SELECT id FROM ${t.accounts} WHERE id = ANY($1::text[])`, [consumers]);
    for (const row of rows) knownAccounts.add(textColumn(row, "id"));
  }
  const members = new Set<string>();
  const onStored = catalog.members.filter((m) => images.has(m.imageId));
  if (onStored.length > 0) {
    const { rows } = await tx.query(
      `SELECT m.image_id, m.consumer_account_id FROM unnest($1::text[], $2::text[]) AS k(image_id, consumer_account_id)
         JOIN ${t.members} m ON m.image_id = k.image_id AND m.consumer_account_id = k.consumer_account_id`,
      [onStored.map((m) => m.imageId), onStored.map((m) => m.consumerAccountId)],
    );
    for (const row of rows) members.add(memberKey(textColumn(row, "image_id"), textColumn(row, "consumer_account_id")));
  }
  return { knownAccounts, images, members };
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
async function writeCatalog(
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

/**
 * The catalog parsed by its schemas. Fast path for the usual input (plain objects and arrays
 * whose every field is an own property): zod reads it as it is, without the own-properties copy
 * (3 µs an entry, a third of a large import's JavaScript time). Anything else — a prototype, an
 * inherited field, a problem — takes the general path, which reads own properties only and
 * reports every issue.
 */
function parseCatalog(catalog: unknown): ReturnType<typeof parseArgument<typeof CatalogImportSchema>> {
  const plain = (value: unknown): value is Record<string, unknown> => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
  };
  const ownFields = (entries: unknown, required: readonly string[], optional: readonly string[]): boolean => {
    if (entries === undefined) return true;
    if (!Array.isArray(entries)) return false;
    for (let i = 0; i < entries.length; i += 1) {
      // A hole would read an inherited element.
      if (!Object.hasOwn(entries, i)) return false;
      const entry: unknown = entries[i];
      if (
        !plain(entry) ||
        !required.every((key) => Object.hasOwn(entry, key)) ||
        !optional.every((key) => !(key in entry) || Object.hasOwn(entry, key))
      )
        return false;
    }
    return true;
  };
  if (
    plain(catalog) &&
    ["accounts", "images", "members"].every((key) => !(key in catalog) || Object.hasOwn(catalog, key)) &&
    ownFields(catalog.accounts, ["id"], []) &&
    ownFields(catalog.images, ["id", "ownerAccountId", "name", "region", "sizeBytes", "createdAt", "updatedAt"], []) &&
    ownFields(catalog.members, ["imageId", "consumerAccountId", "status", "createdAt", "updatedAt"], ["expiresAt"])
  ) {
    const fast = CatalogImportSchema.safeParse(catalog);
    if (fast.success) return { success: true, data: fast.data };
  }
  return parseArgument(CatalogImportSchema, catalog, []);
}

/**
 * Imports an existing catalog — directory entries, images, members — into a migrated Postgres
 * store, keeping every rule the service keeps (see `checkCatalog` in `cloud-image-sharing/policy`:
 * new ids, known regions, members of images in the catalog or stored, no self-share, known
 * consumers, no duplicate member, the member quota with stored members counted). All or
 * nothing: one transaction; a broken rule is a `ValidationError` listing the problems (paths
 * into the catalog) and nothing is written.
 *
 * Events written, as the service would have recorded them (ids are fresh UUIDs; no acting user,
 * since none acted in this service):
 * - `ImageCreated` per image, at its `createdAt`, acting account the owner;
 * - `ImageShared` per member, at its `createdAt`, acting account the owner, with `expiresAt`;
 * - `ShareAccepted` / `ShareRejected` per member imported `accepted` / `rejected`, at its
 *   `updatedAt`, acting account the consumer.
 * They appear in each feed in import order (images first, then members in catalog order), after
 * everything committed before the import.
 *
 * Members added to a stored image give it a new version (a decision read before the import
 * cannot commit over it). Call it once per chunk of a large catalog (images before the members
 * that name them); each call is its own transaction. Throws a `ConfigurationError` for invalid
 * options, before any I/O; never throws or rejects afterwards.
 *
 * @example
 * const report = await importCatalog(client, { accounts: [{ id: "200001" }], images, members }, { regions: ["IAD", "LON"] });
 */
export function importCatalog(
  client: SqlClient,
  catalog: CatalogImport,
  options?: ImportCatalogOptions,
): Promise<Result<ImportReport, StoreError | SharingErrorOf<"ValidationError">>> {
  const { schema, regions, memberQuota, batchSize } = parseOptionsOrThrow(
    "importCatalog",
    ImportCatalogOptionsSchema,
    options ?? {},
  );
  const t = tableNames(schema);
  return (async () => {
    const parsed = parseCatalog(catalog);
    if (!parsed.success) return err(SharingErrors.validation(parsed.issues));
    const data: Catalog = parsed.data;
    const written = await settle(async (): Promise<number | ValidationIssue[]> => {
      try {
        return await client.transaction(async (tx) => {
          // Before this transaction writes anything (and so gets an xid): it is a feed writer
          // from its start, so readers hold back entries younger than it (see listEvents).
          await tx.query(`LOCK TABLE ${t.events} IN ROW EXCLUSIVE MODE`);
          const stored = await storedFacts(tx, t, data);
          const issues = checkCatalog(data, stored, { regions: regions ?? DEFAULT_REGIONS, memberQuota });
          if (issues.length > 0) throw new CatalogRefused(issues);
          const places = new Map<string, ImagePlace>(stored.images);
          for (const image of data.images) places.set(image.id, image);
          return writeCatalog(tx, t, data, places, batchSize);
        });
      } catch (cause) {
        if (cause instanceof CatalogRefused) return cause.issues;
        throw cause;
      }
    }, 0);
    if (written.isErr()) return err(written.error);
    if (typeof written.value !== "number") return err(SharingErrors.validation(written.value));
    return ok({
      accounts: data.accounts.length,
      images: data.images.length,
      members: data.members.length,
      events: written.value,
    });
  })();
}
