import type { SqlQueryable } from "../../src/postgres/index.js";
import { timed } from "../measure.js";
import { REGIONS, STATUS_CODES, type World } from "../world.js";

// Bulk loading of the benchmark world into a migrated, empty database: a handful of
// `INSERT … SELECT FROM unnest(…)` statements, each taking whole columns of the world as one
// comma-separated text parameter. The rows are the ones the store itself would write for the
// same world (bench/world.ts: ids, timestamps, sizes, statuses), so the service reads them as
// its own; `run.ts` checks a sample of them against `imageAt` / `memberAt` before timing.

/** Seconds each loading phase took. */
export type LoadSeconds = { readonly images: number; readonly members: number; readonly events: number; readonly analyze: number };

/** One typed array as a text parameter, read back with `string_to_array($n, ',')::int[]`. */
const column = (values: Int32Array | Uint8Array | Uint16Array): string => values.join(",");
const intArray = (placeholder: string): string => `string_to_array(${placeholder}, ',')::int[]`;

const REGION_ARRAY = `ARRAY[${REGIONS.map((r) => `'${r}'`).join(", ")}]`;
const STATUS_ARRAY = `ARRAY[${STATUS_CODES.map((s) => `'${s}'`).join(", ")}]`;

/**
 * The ISO-8601 text `new Date(Date.UTC(2024, 0, 1) + ms).toISOString()` gives (world.ts's
 * timestamps), computed in SQL. `ms` is an SQL expression in milliseconds.
 */
const isoAt = (ms: string): string => `to_char(timestamp '2024-01-01' + (${ms}) * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function loadImages(db: SqlQueryable, world: World): Promise<void> {
  await db.query(
    `INSERT INTO images (id, owner_account_id, name, region, size_bytes, created_at, updated_at, version)
     SELECT 'img-' || (n - 1), 'acc-' || owner, 'image ' || (n - 1), (${REGION_ARRAY})[region + 1],
            mib::bigint * 1048576, ${isoAt("(n - 1) * 1000")}, ${isoAt("(n - 1) * 1000")}, 1
       FROM unnest(${intArray("$1")}, ${intArray("$2")}, ${intArray("$3")}) WITH ORDINALITY AS w(owner, region, mib, n)`,
    [column(world.imageOwner), column(world.imageRegion), column(world.imageSizeMiB)],
  );
}

async function loadMembers(db: SqlQueryable, world: World): Promise<void> {
  // Member j (0-based) was created (images + j) seconds after the base; decided 500 ms later.
  const created = `(${world.images} + n - 1) * 1000`;
  await db.query(
    `INSERT INTO members (image_id, consumer_account_id, status, created_at, updated_at, image_region, image_created_at)
     SELECT i.id, 'acc-' || w.consumer, (${STATUS_ARRAY})[w.status + 1], ${isoAt(created)},
            ${isoAt(`${created} + CASE WHEN w.status = 0 THEN 0 ELSE 500 END`)}, i.region, i.created_at
       FROM unnest(${intArray("$1")}, ${intArray("$2")}, ${intArray("$3")}) WITH ORDINALITY AS w(image, consumer, status, n)
       JOIN images i ON i.id = 'img-' || w.image`,
    [column(world.memberImage), column(world.memberConsumer), column(world.memberStatus)],
  );
}

/**
 * The events the service would have recorded: ImageCreated per image, ImageShared per member,
 * ShareAccepted / ShareRejected per decided member; each filed in the feed of every account it
 * concerns (owner, and consumer), numbered in time order, with the feed counters to match.
 */
async function loadEvents(db: SqlQueryable): Promise<void> {
  const eventId = (n: string) => `'00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0')`;
  await db.query(
    `INSERT INTO events (id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id)
     SELECT ${eventId("row_number() OVER (ORDER BY occurred_at, image_id, type)")}, type, occurred_at, image_id, owner, consumer, actor, actor_user
       FROM (
         SELECT 'ImageCreated' AS type, created_at AS occurred_at, id AS image_id, owner_account_id AS owner, NULL::text AS consumer,
                owner_account_id AS actor, 'user-' || substr(owner_account_id, 5) AS actor_user
           FROM images
         UNION ALL
         SELECT 'ImageShared', m.created_at, m.image_id, i.owner_account_id, m.consumer_account_id,
                i.owner_account_id, 'admin-' || substr(i.owner_account_id, 5)
           FROM members m JOIN images i ON i.id = m.image_id
         UNION ALL
         SELECT CASE m.status WHEN 'accepted' THEN 'ShareAccepted' ELSE 'ShareRejected' END, m.updated_at, m.image_id, i.owner_account_id,
                m.consumer_account_id, m.consumer_account_id, 'admin-' || substr(m.consumer_account_id, 5)
           FROM members m JOIN images i ON i.id = m.image_id WHERE m.status <> 'pending'
       ) AS e`,
  );
  await db.query(
    `INSERT INTO account_events (account_id, position, event_id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id)
     SELECT account, row_number() OVER (PARTITION BY account ORDER BY occurred_at, id), id, type, occurred_at, image_id,
            owner_account_id, consumer_account_id, actor_account_id, actor_user_id
       FROM (
         SELECT owner_account_id AS account, * FROM events
         UNION ALL
         SELECT consumer_account_id, * FROM events WHERE consumer_account_id IS NOT NULL AND consumer_account_id <> owner_account_id
       ) AS filed`,
  );
  await db.query(`INSERT INTO event_feeds (account_id, last_position) SELECT account_id, max(position) FROM account_events GROUP BY account_id`);
}

/**
 * Loads `world` into the migrated, empty default schema of `db` and refreshes the planner's
 * statistics. Accounts `acc-0 … acc-(accounts-1)` go into the directory.
 */
export async function loadWorld(db: SqlQueryable, world: World): Promise<LoadSeconds> {
  const images = await timed(async () => {
    await db.query(`INSERT INTO accounts (id) SELECT 'acc-' || a FROM generate_series(0, ${world.accounts - 1}) a`);
    await loadImages(db, world);
  });
  const members = await timed(() => loadMembers(db, world));
  const events = await timed(() => loadEvents(db));
  const analyze = await timed(() => db.query("ANALYZE accounts, images, members, events, account_events, event_feeds"));
  return { images: images.seconds, members: members.seconds, events: events.seconds, analyze: analyze.seconds };
}
