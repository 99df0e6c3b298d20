import { err, ok, type Result } from "neverthrow";
import { z } from "zod/v4";
import { type CatalogImport, CatalogImportSchema, type ImportReport, ImportRulesSchema } from "../domain/catalog.js";
import { type SharingErrorOf, SharingErrors, type StoreError, type ValidationIssue } from "../domain/errors.js";
import { parseArgument, parseOptionsOrThrow } from "../domain/parse.js";
import { type Catalog, checkCatalog, memberKey } from "../policy/import.js";
import type { SqlClient, SqlQueryable } from "./client.js";
import { type ImagePlace, writeCatalog } from "./import-write.js";
import { numberColumn, textColumn } from "./rows.js";
import { SchemaNameSchema, type TableNames, tableNames } from "./schema.js";
import { settle } from "./sql-errors.js";

// Bulk import: a host moving an existing catalog in (e.g. from a Glance database)
// writes it through here instead of hand-written SQL into the library's tables. Every rule is
// kept (policy/import.ts decides, on the facts read here), the events are written as the
// service would have recorded them, and it is fast: rows travel as array parameters
// (`unnest($1::text[], …)`), a batch per statement, everything in one transaction.

/** Options of {@link importCatalog}. */
export const ImportCatalogOptionsSchema = z.strictObject({
  /** The service's rules: its region catalog and member quota (see `ImportRulesSchema`). */
  ...ImportRulesSchema.shape,
  /** The schema holding the tables (the one given to `migrate`); default: the connection's search_path. */
  schema: SchemaNameSchema.optional(),
  /** Rows per statement. */
  batchSize: z.number().int().min(1).max(1_000_000).default(50_000),
});

/** What {@link importCatalog} takes besides the catalog. */
export type ImportCatalogOptions = z.input<typeof ImportCatalogOptionsSchema>;

/** Rolls the import's transaction back when the catalog breaks a rule (checked after the stored facts were read and locked). */
class CatalogRefused extends Error {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super("the catalog breaks the service's rules");
    this.issues = issues;
  }
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
          const issues = checkCatalog(data, stored, { regions, memberQuota });
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
