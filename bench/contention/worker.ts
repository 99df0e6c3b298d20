import { performance } from "node:perf_hooks";
import { createImageSharing, type ImageSharing, type Principal, type SharingError } from "cloud-image-sharing";
import { createPostgresStore, fromPgPool } from "cloud-image-sharing/postgres";
import type { Result } from "neverthrow";
import pg from "pg";
import { createPrng } from "../prng.js";
import { CONSUMERS, IMAGES, idsStartingWith, MIX, type Operation, OWNER, type WorkerReport } from "./shared.js";

// One process of the contention run: `IN_FLIGHT` lanes, each calling the service back to back
// for `seconds`, on the two contended images, through its own pool. Prints its WorkerReport as
// one JSON line.

const [schema, seedText, secondsText, inFlightText] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (url === undefined || schema === undefined)
  throw new Error("usage: DATABASE_URL=… worker.ts <schema> <seed> <seconds> <in-flight>");
const inFlight = Number(inFlightText ?? 8);
const pool = new pg.Pool({ connectionString: url, max: inFlight });
pool.on("error", () => undefined);
const store = createPostgresStore({ client: fromPgPool(pool), schema });
// The service's defaults, unless a diagnostic run overrides them (CI runs the defaults).
const tuning = {
  ...(process.env.CONTENTION_MAX_ATTEMPTS === undefined
    ? {}
    : { maxAttempts: Number(process.env.CONTENTION_MAX_ATTEMPTS) }),
  ...(process.env.CONTENTION_BACKOFF_MAX_MS === undefined
    ? {}
    : {
        retryBackoff: {
          baseMs: Number(process.env.CONTENTION_BACKOFF_BASE_MS ?? 2),
          maxMs: Number(process.env.CONTENTION_BACKOFF_MAX_MS),
        },
      }),
};
const options = { store, regions: ["IAD"], memberQuota: 128, ...tuning };
const sharing = createImageSharing(options);
const random = createPrng(Number(seedText ?? 1));

const admin = (accountId: string): Principal => ({
  userId: `admin-${accountId}`,
  accountId,
  roles: ["cloudImages:admin"],
});
const owner = admin(OWNER);

/** A service whose first new id is `imageId`: re-creates a deleted image under its old id. */
const recreating = (imageId: string): ImageSharing =>
  createImageSharing({ ...options, newId: idsStartingWith(imageId) });

const pick = <T>(items: readonly T[]): T => items[random.below(items.length)] as T;

/** The outcome of one call: "ok" or the error's type. */
const outcomeOf = async <T>(call: PromiseLike<Result<T, SharingError>>): Promise<string> => {
  const result = await call;
  return result.isErr() ? result.error.type : "ok";
};

/** One call of `operation` on `imageId` (and a random consumer). */
function call(operation: Operation, imageId: string): Promise<string> {
  const consumer = pick(CONSUMERS);
  switch (operation) {
    case "shareImage":
      return outcomeOf(sharing.shareImage(owner, { imageId, consumerAccountId: consumer }));
    case "unshareImage":
      return outcomeOf(sharing.unshareImage(owner, { imageId, consumerAccountId: consumer }));
    case "acceptImage":
      return outcomeOf(sharing.acceptImage(admin(consumer), { imageId }));
    case "rejectImage":
      return outcomeOf(sharing.rejectImage(admin(consumer), { imageId }));
    case "updateImage":
      return outcomeOf(sharing.updateImage(owner, { imageId, name: `name ${random.below(1000)}` }));
    case "deleteImage":
      return outcomeOf(sharing.deleteImage(owner, { imageId }));
    case "createImage":
      return outcomeOf(recreating(imageId).createImage(owner, { name: "re-created", region: "IAD" }));
  }
}

const report: WorkerReport = { calls: {}, errors: {}, seconds: 0 };
const count = (operation: Operation, outcome: string) => {
  const byOutcome = report.errors[operation] ?? {};
  report.errors[operation] = byOutcome;
  byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
};
const started = performance.now();
const deadline = started + Number(secondsText ?? 10) * 1000;
await Promise.all(
  Array.from({ length: inFlight }, async () => {
    while (performance.now() < deadline) {
      const operation = pick(MIX);
      const imageId = pick(IMAGES);
      // A delete is followed by the re-creation of the same id (R16: versions never restart),
      // so both images stay contended instead of staying deleted.
      for (const step of operation === "deleteImage" ? (["deleteImage", "createImage"] as const) : [operation]) {
        report.calls[step] = (report.calls[step] ?? 0) + 1;
        count(step, await call(step, imageId));
      }
    }
  }),
);
report.seconds = (performance.now() - started) / 1000;
await pool.end();
process.stdout.write(`${JSON.stringify(report)}\n`);
