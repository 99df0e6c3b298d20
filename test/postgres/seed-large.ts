import type { Image, Member } from "cloud-image-sharing";
import { importCatalog, type SqlClient } from "cloud-image-sharing/postgres";

// A store big enough that the planner has a real choice: many owners, images in every region,
// shares in every status, expired and expiring shares, and an event feed per account —
// written through importCatalog (which keeps the rules and writes the events), then ANALYZEd.

/** How big the seeded store is. */
export const LARGE = {
  accounts: 2_000,
  images: 20_000,
  sharesPerImage: 3,
  regions: ["DFW", "ORD", "IAD", "LON", "HKG", "SYD"],
} as const;

/**
 * A heavy account: owns 4,000 images, has 2,000 accepted and 2,000 pending shares that never
 * expire, 10,000 shares that expired (pages must not walk them) and 50 that expire later.
 */
export const HEAVY_ACCOUNT = "acct-heavy";

/** The account the EXPLAIN cases look at: like most accounts, it owns ~10 images and is the consumer of ~30 shares. */
export const PROBE_ACCOUNT = "acct-0007";

/** The seeded expiries: the expired ones end before NOW, the expiring ones after it. */
export const EXPIRED_AT = "2026-01-02T00:00:00.000Z";
export const NOW = "2026-01-03T00:00:00.000Z";
export const EXPIRES_LATER_AT = "2026-02-01T00:00:00.000Z";

const account = (n: number) => `acct-${String(n % LARGE.accounts).padStart(4, "0")}`;
const imageIdOf = (n: number) => `img-${String(n).padStart(6, "0")}`;
const createdAt = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
const STATUSES = ["pending", "accepted", "rejected"] as const;

/** The seeded catalog (deterministic). */
export function largeCatalog(): { accounts: { id: string }[]; images: Image[]; members: Member[] } {
  const accounts = [...Array.from({ length: LARGE.accounts }, (_, a) => ({ id: account(a) })), { id: HEAVY_ACCOUNT }];
  const images: Image[] = [];
  const imageOf = (n: number, owner: string): Image => ({
    id: imageIdOf(n),
    ownerAccountId: owner,
    name: `image ${n}`,
    region: LARGE.regions[n % LARGE.regions.length] ?? "IAD",
    sizeBytes: n * 1000,
    createdAt: createdAt(n),
    updatedAt: createdAt(n),
  });
  for (let n = 1; n <= LARGE.images; n += 1) images.push(imageOf(n, account(n)));
  for (let n = LARGE.images + 1; n <= LARGE.images + 4000; n += 1) images.push(imageOf(n, HEAVY_ACCOUNT));
  const members: Member[] = [];
  const share = (n: number, consumer: string, status: Member["status"], second: number, expiresAt?: string) =>
    members.push({
      imageId: imageIdOf(n),
      consumerAccountId: consumer,
      status,
      createdAt: createdAt(second),
      updatedAt: createdAt(second),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
  for (let n = 1; n <= LARGE.images; n += 1) {
    for (let k = 1; k <= LARGE.sharesPerImage; k += 1) {
      const consumer = account(n * 7 + k * 13 + 1);
      if (consumer !== account(n)) share(n, consumer, STATUSES[(n + k) % 3] ?? "pending", n + k);
    }
  }
  // The heavy consumer: every 5th image, accepted or pending, never expiring …
  for (let n = 1; n <= 4000; n += 1) share(n * 5, HEAVY_ACCOUNT, n % 2 === 0 ? "accepted" : "pending", n * 5 + 4);
  // … 10,000 expired shares and 50 expiring later, on the other images.
  let expired = 0;
  for (let n = 1; n <= LARGE.images && expired < 10_050; n += 1) {
    if (n % 5 === 0) continue;
    const later = expired >= 10_000;
    share(n, HEAVY_ACCOUNT, expired % 2 === 0 ? "accepted" : "pending", n + 5, later ? EXPIRES_LATER_AT : EXPIRED_AT);
    expired += 1;
  }
  return { accounts, images, members };
}

/** Seeds `schema` (already migrated and empty) and refreshes the planner's statistics. */
export async function seedLarge(db: SqlClient, schema: string): Promise<void> {
  const imported = await importCatalog(db, largeCatalog(), {
    schema,
    regions: [...LARGE.regions],
    memberQuota: Number.POSITIVE_INFINITY,
  });
  if (imported.isErr()) throw new Error(`seed: ${imported.error.message}`);
  const s = `"${schema}"`;
  // A sharing policy for every other account (the table must be large enough for the planner to prefer its index).
  await db.query(
    `INSERT INTO ${s}.sharing_policies (account_id, auto_accept_from, block_from, updated_at, version)
     SELECT 'acct-' || lpad(a::text, 4, '0'), ARRAY['acct-' || lpad(((a + 1) % ${LARGE.accounts})::text, 4, '0')], ARRAY[]::text[], $1, 1
       FROM generate_series(0, ${LARGE.accounts - 1}, 2) a`,
    [NOW],
  );
  await db.query(
    `ANALYZE ${s}.accounts, ${s}.images, ${s}.members, ${s}.events, ${s}.account_events, ${s}.storage_usage, ${s}.sharing_policies`,
  );
}
