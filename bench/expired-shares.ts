import { createImageSharing, createInMemoryStore, type Principal } from "cloud-image-sharing";
import { type Budget, type Latency, measureLatency } from "./measure.js";

// R18 keeps expired shares (the producer still sees them until it removes them), so they can
// pile up in a consumer's indexes. This measures the consumer's first image page with 100 live
// accepted shares, once alone and once beside 10,000 accepted shares that have expired: the
// two medians should be alike, since lists find unexpired shares by expiry, not by walking.

/** The first page's latency without and with the pile of expired shares. */
export type ExpiredSharesResult = {
  readonly expiredShares: number;
  readonly withoutExpired: Latency;
  readonly withExpired: Latency;
};

const BUDGET: Budget = { minOps: 300, maxOps: 5_000, maxMs: 800, warmupOps: 300 };

async function consumerPageLatency(expired: number): Promise<Latency> {
  let now = Date.parse("2026-01-01T00:00:00.000Z");
  const store = createInMemoryStore({ accounts: [{ id: "producer" }, { id: "consumer" }] });
  const sharing = createImageSharing({
    store,
    regions: ["IAD"],
    memberQuota: Number.POSITIVE_INFINITY,
    clock: () => new Date(now),
  });
  const producer: Principal = { userId: "p", accountId: "producer", roles: ["admin"] };
  const consumer: Principal = { userId: "c", accountId: "consumer", roles: ["admin"] };
  const shareAccepted = async (expiresAt?: string) => {
    now += 1;
    const image = (await sharing.createImage(producer, { name: "golden", region: "IAD" }))._unsafeUnwrap();
    await sharing.shareImage(producer, {
      imageId: image.id,
      consumerAccountId: "consumer",
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
    await sharing.acceptImage(consumer, { imageId: image.id });
  };
  // Shares that expire in one hour, created first, interleaved in time with nothing else.
  for (let i = 0; i < expired; i += 1) await shareAccepted(new Date(now + 3_600_000).toISOString());
  for (let i = 0; i < 100; i += 1) await shareAccepted();
  now += 7_200_000; // every expiring share has now expired
  const first = await sharing.listImages(consumer, { limit: 100 });
  if (!first.isOk() || first.value.items.length !== 100)
    throw new Error("the consumer's page should hold its 100 live shares");
  return measureLatency(() => sharing.listImages(consumer, { limit: 100 }), BUDGET);
}

/** Runs both cases. */
export async function expiredSharesListing(expired = 10_000): Promise<ExpiredSharesResult> {
  return {
    expiredShares: expired,
    withoutExpired: await consumerPageLatency(0),
    withExpired: await consumerPageLatency(expired),
  };
}
