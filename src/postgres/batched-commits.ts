import type { CommitReceipt, StoreCommit } from "../ports/store.js";
import {
  EVENT_ROW_COLUMNS,
  eventRow,
  insertEvents,
  MEMBER_ROW_COLUMNS,
  MEMBER_UPSERT,
  memberRow,
} from "./change-rows.js";
import type { SqlQueryable } from "./client.js";
import { numberColumn, textColumn } from "./rows.js";
import type { TableNames } from "./schema.js";
import { answerWith, batchedPerTurn, type Waiting } from "./turn-batch.js";

// Member changes — a share, an accept, a reject, an unshare — committed while one turn of the
// event loop runs (turn-batch.ts) are applied by ONE statement when they concern distinct images:
// the same version-checked write of each image row, member write and events as a lone commit's
// statement (commit.ts), for every commit of the batch at once, each gated by its own image row.
// - A commit whose image row did not match (a lost race) wrote nothing; it is run again alone,
//   which reports why.
// - If the statement fails, each of its commits fails with that error, as it would alone (the
//   store re-runs serialization failures and deadlocks, which wrote nothing; after a lost
//   connection the outcome is unknown either way).
// - Commits of one image never share a statement (PostgreSQL applies only one of two updates of a
//   row in one statement): they go to the next one. Creations, deletions and renames also update
//   the owner's usage row, and always run alone.

/** The most commits one statement applies. */
export const MAX_COMMIT_BATCH = 64;

/**
 * Whether {@link commitBatcher} may put this commit in a batch: a change of exactly one member
 * (put or removed) of an existing image, with one or two events of that image.
 */
export function isBatchable(commit: StoreCommit): boolean {
  const puts = commit.putMembers ?? [];
  const deletes = commit.deleteMembers ?? [];
  return (
    commit.image === undefined &&
    commit.expectedVersion !== null &&
    puts.length + deletes.length === 1 &&
    puts.every((m) => m.imageId === commit.imageId) &&
    commit.events.length >= 1 &&
    commit.events.length <= 2 &&
    commit.events.every((e) => e.imageId === commit.imageId)
  );
}

/** The statement applying a batch; arrays in, one row (image id, new version) per commit that matched. */
function batchStatement(t: TableNames): string {
  const members = MEMBER_ROW_COLUMNS.map(([, type], i) => `$${8 + i}::${type}[]`).join(", ");
  const memberNames = MEMBER_ROW_COLUMNS.map(([name]) => name).join(", ");
  const events = EVENT_ROW_COLUMNS.map(([, type], i) => `$${14 + i}::${type}[]`).join(", ");
  const eventNames = EVENT_ROW_COLUMNS.map(([name]) => name).join(", ");
  return `WITH q AS (
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[]) AS q(image_id, expected, policy_account, policy_version)),
    img AS (UPDATE ${t.images} i SET version = nextval(${t.imageVersionsLiteral}) FROM q
      WHERE i.id = q.image_id AND i.version = q.expected
        AND (q.policy_account IS NULL OR (SELECT pv.version FROM ${t.sharingPolicies} pv WHERE pv.account_id = q.policy_account FOR SHARE)
             IS NOT DISTINCT FROM q.policy_version)
      RETURNING i.id, i.region, i.created_at, i.version),
    gone AS (DELETE FROM ${t.members} m USING img, unnest($5::text[], $6::text[]) AS d(image_id, consumer)
      WHERE d.image_id = img.id AND m.image_id = d.image_id AND m.consumer_account_id = d.consumer),
    put AS (INSERT INTO ${t.members}
        (image_id, consumer_account_id, status, created_at, updated_at, expires_at, expires_ms, image_region, image_created_at)
      SELECT img.id, u.consumer, u.status, u.created_at, u.updated_at, u.expires_at, u.expires_ms, img.region, img.created_at
        FROM img JOIN unnest($7::text[], ${members}) AS u(image_id, ${memberNames}) ON u.image_id = img.id
      ${MEMBER_UPSERT}),
    logged AS (${insertEvents(t, `unnest(${events}) WITH ORDINALITY AS ev(${eventNames}, k)`, "WHERE ev.image_id IN (SELECT id FROM img)")})
    SELECT id, version FROM img`;
}

/** The parameters of a batch, in {@link batchStatement}'s order. */
function batchParams(commits: readonly StoreCommit[]): unknown[] {
  const column = <T>(rows: readonly T[][], c: number): T[] => rows.map((row) => row[c] as T);
  const puts = commits.flatMap((c) => (c.putMembers ?? []).map((m) => ({ imageId: c.imageId, row: memberRow(m) })));
  const deletes = commits.flatMap((c) => (c.deleteMembers ?? []).map((consumer) => [c.imageId, consumer]));
  const events = commits.flatMap((c) => c.events.map(eventRow));
  const memberRows = puts.map((p) => p.row);
  const eventColumns = EVENT_ROW_COLUMNS.map((_, c) => column(events, c).map((v) => v ?? null));
  return [
    commits.map((c) => c.imageId),
    commits.map((c) => c.expectedVersion),
    commits.map((c) => c.expectedConsumerPolicy?.accountId ?? null),
    commits.map((c) => c.expectedConsumerPolicy?.version ?? null),
    deletes.map((d) => d[0]),
    deletes.map((d) => d[1]),
    puts.map((p) => p.imageId),
    ...MEMBER_ROW_COLUMNS.map((_, c) => column(memberRows, c).map((v) => v ?? null)),
    ...eventColumns,
  ];
}

/** Splits commits into groups with one commit per image at most, in arrival order. */
function distinctImages(batch: readonly Waiting<StoreCommit, CommitReceipt>[]) {
  if (batch.length === 1) return [batch];
  const groups: { images: Set<string>; members: Waiting<StoreCommit, CommitReceipt>[] }[] = [];
  for (const waiting of batch) {
    const imageId = waiting.query.imageId;
    let group = groups.find((g) => !g.images.has(imageId) && g.members.length < MAX_COMMIT_BATCH);
    if (group === undefined) {
      group = { images: new Set(), members: [] };
      groups.push(group);
    }
    group.images.add(imageId);
    group.members.push(waiting);
  }
  return groups.map((g) => g.members);
}

/**
 * Applies member-change commits, batching those of one turn (see above). `single` applies one
 * commit alone (answering its receipt, or rejecting with why it was refused).
 */
export function commitBatcher(
  db: SqlQueryable,
  t: TableNames,
  single: (commit: StoreCommit) => Promise<CommitReceipt>,
): (commit: StoreCommit) => Promise<CommitReceipt> {
  const text = batchStatement(t);

  // Never rejects: every commit of the batch is settled, by the statement or by `single`.
  const apply = async (batch: readonly Waiting<StoreCommit, CommitReceipt>[]) => {
    const versions = new Map<string, number>();
    try {
      const { rows } = await db.query(text, batchParams(batch.map((w) => w.query)), { prepare: true });
      for (const row of rows) versions.set(textColumn(row, "id"), numberColumn(row, "version"));
    } catch (cause) {
      for (const waiting of batch) waiting.reject(cause);
      return;
    }
    for (const waiting of batch) {
      const version = versions.get(waiting.query.imageId);
      // Unmatched: nothing of it was written; alone, it is refused with its reason.
      if (version === undefined) answerWith(waiting, single);
      else waiting.resolve({ version });
    }
  };

  return batchedPerTurn({ split: distinctImages, single, many: apply });
}
