// What the contention run's parent and workers agree on.

/** The producer that owns both contended images. */
export const OWNER = "c-owner";
/** The consumers shares go to (few, so operations keep meeting each other). */
export const CONSUMERS: readonly string[] = Array.from({ length: 6 }, (_, i) => `c-consumer-${i}`);
/** The two contended images (deleted and re-created under the same ids during the run). */
export const IMAGES: readonly string[] = ["contended-a", "contended-b"];

/** The mix a lane draws from: every kind of change ("deleteImage" deletes, then re-creates the image under the same id). */
export const MIX = [
  "shareImage",
  "shareImage",
  "unshareImage",
  "acceptImage",
  "acceptImage",
  "rejectImage",
  "updateImage",
  "deleteImage",
] as const;
/** Every operation counted (re-creation included). */
export const OPERATIONS = [...MIX, "createImage"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** What one worker process reports. */
export type WorkerReport = {
  calls: Partial<Record<Operation, number>>;
  /** Outcomes per operation: "ok" or the error type. */
  errors: Partial<Record<Operation, Record<string, number>>>;
  seconds: number;
};

/** An id generator whose first id is `first` (re-creating a deleted image under its old id, R16), random UUIDs after. */
export function idsStartingWith(first: string): () => string {
  let used = false;
  return () => {
    if (used) return globalThis.crypto.randomUUID();
    used = true;
    return first;
  };
}
