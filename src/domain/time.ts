import { z } from "zod/v4";

/** An ISO-8601 UTC timestamp as produced by `Date.prototype.toISOString` from the injected clock. */
export const TimestampSchema = z.iso.datetime();

/** A timestamp string (see {@link TimestampSchema}). */
export type Timestamp = z.infer<typeof TimestampSchema>;
