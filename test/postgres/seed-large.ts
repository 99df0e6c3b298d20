import type { SqlQueryable } from "cloud-image-sharing/postgres";

// A store big enough that the planner has a real choice: many owners, images in every region,
// shares in every status and an event feed per account — written straight in SQL (fast), with
// the same columns and invariants the store writes.

/** How big the seeded store is. */
export const LARGE = { accounts: 2_000, images: 20_000, sharesPerImage: 3, regions: ["DFW", "ORD", "IAD", "LON", "HKG", "SYD"] } as const;

/** A heavy account: owns 4 000 images and has 2 000 accepted and 2 000 pending shares (pages must not read them all). */
export const HEAVY_ACCOUNT = "acct-heavy";

/** The account the EXPLAIN cases look at: like most accounts, it owns ~10 images and is the consumer of ~30 shares. */
export const PROBE_ACCOUNT = "acct-0007";

/** Seeds `schema` (already migrated and empty) and refreshes the planner's statistics. */
export async function seedLarge(db: SqlQueryable, schema: string): Promise<void> {
  const s = `"${schema}"`;
  const { accounts, images, sharesPerImage, regions } = LARGE;
  const regionArray = `ARRAY[${regions.map((r) => `'${r}'`).join(", ")}]`;
  const account = (expr: string) => `'acct-' || lpad(((${expr}) % ${accounts})::text, 4, '0')`;
  // Image n: owner n % accounts, region n % 6, created n seconds after 2026-01-01.
  const createdAt = (n: string) => `to_char(timestamp '2026-01-01' + (${n}) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await db.query(`INSERT INTO ${s}.accounts (id) SELECT ${account("a")} FROM generate_series(0, ${accounts - 1}) a`);
  await db.query(
    `INSERT INTO ${s}.images (id, owner_account_id, name, region, size_bytes, created_at, updated_at, version)
     SELECT 'img-' || lpad(n::text, 6, '0'), ${account("n")}, 'image ' || n, (${regionArray})[1 + n % ${regions.length}],
            n * 1000, ${createdAt("n")}, ${createdAt("n")}, 1
       FROM generate_series(1, ${images}) n`,
  );
  // Share k of image n goes to account (n * 7 + k * 13) % accounts (never the owner), status by k.
  await db.query(
    `INSERT INTO ${s}.members (image_id, consumer_account_id, status, created_at, updated_at, image_region, image_created_at)
     SELECT i.id, ${account("n * 7 + k * 13 + 1")}, (ARRAY['pending', 'accepted', 'rejected'])[1 + (n + k) % 3],
            i.created_at, i.created_at, i.region, i.created_at
       FROM generate_series(1, ${images}) n
       CROSS JOIN generate_series(1, ${sharesPerImage}) k
       JOIN ${s}.images i ON i.id = 'img-' || lpad(n::text, 6, '0')
      WHERE ${account("n * 7 + k * 13 + 1")} <> i.owner_account_id`,
  );
  await db.query(`INSERT INTO ${s}.accounts (id) VALUES ('${HEAVY_ACCOUNT}')`);
  await db.query(
    `INSERT INTO ${s}.images (id, owner_account_id, name, region, size_bytes, created_at, updated_at, version)
     SELECT 'img-' || lpad(n::text, 6, '0'), '${HEAVY_ACCOUNT}', 'image ' || n, (${regionArray})[1 + n % ${regions.length}],
            n * 1000, ${createdAt("n")}, ${createdAt("n")}, 1
       FROM generate_series(${images + 1}, ${images + 4000}) n`,
  );
  await db.query(
    `INSERT INTO ${s}.members (image_id, consumer_account_id, status, created_at, updated_at, image_region, image_created_at)
     SELECT i.id, '${HEAVY_ACCOUNT}', CASE WHEN n % 2 = 0 THEN 'accepted' ELSE 'pending' END, i.created_at, i.created_at, i.region, i.created_at
       FROM generate_series(1, 4000) n JOIN ${s}.images i ON i.id = 'img-' || lpad((n * 5)::text, 6, '0')`,
  );
  await db.query(
    `INSERT INTO ${s}.events (id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id)
     SELECT 'evt-' || i.id, 'ImageCreated', i.created_at, i.id, i.owner_account_id, NULL, i.owner_account_id, 'seed' FROM ${s}.images i`,
  );
  await db.query(
    `INSERT INTO ${s}.account_events (account_id, position, event_id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id)
     SELECT e.owner_account_id, row_number() OVER (PARTITION BY e.owner_account_id ORDER BY e.id), e.id, e.type, e.occurred_at, e.image_id,
            e.owner_account_id, NULL, e.actor_account_id, e.actor_user_id
       FROM ${s}.events e`,
  );
  await db.query(
    `INSERT INTO ${s}.event_feeds (account_id, last_position) SELECT account_id, max(position) FROM ${s}.account_events GROUP BY account_id`,
  );
  await db.query(`ANALYZE ${s}.accounts, ${s}.images, ${s}.members, ${s}.events, ${s}.account_events, ${s}.event_feeds`);
}
