import type { ImageFacts } from "../ports/store.js";
import type { SqlQueryable, SqlRow } from "./client.js";
import { FACT_ARRAY_COLUMNS, imageFrom, jsonColumn, memberFrom, numberColumn, rowOfArray } from "./rows.js";
import type { TableNames } from "./schema.js";
import { batchedPerTurn, type Waiting } from "./turn-batch.js";

// The boot check's facts — an image and one account's member record — are the store's hottest
// read. The calls of one turn of the event loop (turn-batch.ts) are answered by ONE statement for
// all of them. One call alone is the single statement, so a lone request waits for nothing.

/** The most calls one statement answers; more are split. */
export const MAX_BATCH = 256;

/** The two values the hot facts statement takes. */
export type BasicFactsQuery = { readonly imageId: string; readonly accountId: string };

/** The json array of {@link FACT_ARRAY_COLUMNS} for the image `i` and member `me` of a statement. */
export const FACTS_JSON = `json_build_array(i.id, i.owner_account_id, i.name, i.region, i.size_bytes, i.created_at,
  i.updated_at, i.version, me.image_id, me.consumer_account_id, me.status, me.created_at, me.updated_at, me.expires_at)`;

/** The facts in a row of a statement selecting {@link FACTS_JSON} `AS facts`; no row: no such image. */
export function basicFactsFrom(row: SqlRow | undefined): ImageFacts {
  if (row === undefined) return { image: null, member: null };
  const values = rowOfArray(jsonColumn(row, "facts"), FACT_ARRAY_COLUMNS);
  const member = values.m_image !== null && values.m_image !== undefined ? memberFrom(values, "m") : null;
  return { image: { image: imageFrom(values), version: numberColumn(values, "i_version") }, member };
}

/** The statement answering many calls: one row per call whose image exists, with its ordinal `k` (from 1). */
function batchStatement(t: TableNames): string {
  return `SELECT q.k, ${FACTS_JSON} AS facts
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(image_id, account_id, k)
    JOIN ${t.images} i ON i.id = q.image_id
    LEFT JOIN ${t.members} me ON me.image_id = i.id AND me.consumer_account_id = q.account_id`;
}

/**
 * Reads basic facts, batching the calls of one turn (see above). `single` answers a lone call;
 * a batch rejects every caller with the statement's error if the statement fails, and a caller
 * whose row cannot be read with that error alone.
 */
export function factsBatcher(
  db: SqlQueryable,
  t: TableNames,
  single: (query: BasicFactsQuery) => Promise<ImageFacts>,
): (query: BasicFactsQuery) => Promise<ImageFacts> {
  const text = batchStatement(t);

  // Never rejects: every way it fails reaches the callers (settling a settled promise does nothing).
  const answer = async (batch: readonly Waiting<BasicFactsQuery, ImageFacts>[]) => {
    try {
      const imageIds = batch.map((w) => w.query.imageId);
      const accountIds = batch.map((w) => w.query.accountId);
      const { rows } = await db.query(text, [imageIds, accountIds], { prepare: true });
      const byOrdinal = new Map<number, SqlRow>();
      for (const row of rows) byOrdinal.set(numberColumn(row, "k"), row);
      batch.forEach((waiting, index) => {
        try {
          waiting.resolve(basicFactsFrom(byOrdinal.get(index + 1)));
        } catch (cause) {
          waiting.reject(cause);
        }
      });
    } catch (cause) {
      for (const waiting of batch) waiting.reject(cause);
    }
  };

  // A turn's calls as they came (a lone call above all: nothing to copy), or in slices of MAX_BATCH.
  const split = (batch: readonly Waiting<BasicFactsQuery, ImageFacts>[]) =>
    batch.length <= MAX_BATCH
      ? [batch]
      : Array.from({ length: Math.ceil(batch.length / MAX_BATCH) }, (_, i) =>
          batch.slice(i * MAX_BATCH, (i + 1) * MAX_BATCH),
        );
  return batchedPerTurn({ split, single, many: answer });
}
