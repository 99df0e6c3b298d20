import { SharingErrors } from "../domain/errors.js";
import { accountsConcernedBy, type SharingEvent } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import type { Member } from "../domain/member.js";
import type { StoreCommit } from "../ports/store.js";
import type { SqlQueryable } from "./client.js";
import { parameterList } from "./params.js";
import { numberColumn, textColumn } from "./rows.js";
import type { TableNames } from "./schema.js";
import { RollbackWith } from "./sql-errors.js";

// One commit = one transaction. The image row is the lock of the whole unit (image + members):
// every commit first writes that row with `version = version + 1 … WHERE version = expected`,
// so two racing commits on one image serialise there and the loser finds zero rows (R16).

/** Where the image lives and since when; members keep a copy for their list indexes. */
type ImagePlace = { readonly region: string; readonly createdAt: string };

const lostRace = (imageId: string) => new RollbackWith(SharingErrors.concurrentModification(`image ${imageId}`));
const invalid = (why: string) => new RollbackWith(SharingErrors.storageFailure(new Error(`invalid commit: ${why}`)));

/** A problem visible from the commit alone (the in-memory store reports these as StorageFailure too). */
function shapeProblem(commit: StoreCommit): string | null {
  const image = commit.image;
  if (image !== undefined && image !== null && image.id !== commit.imageId) return "the image's id differs from the commit's imageId";
  if (image === null && (commit.putMembers?.length ?? 0) > 0) return "members cannot be put on an image being deleted";
  if (commit.putMembers?.some((m) => m.imageId !== commit.imageId)) return "a member belongs to another image than the commit's";
  return null;
}

/**
 * Why the commit was refused, read after the write found no row: a lost race when the image's
 * version is not the expected one (as the in-memory store, the race is reported first), else
 * the given problem.
 */
async function refusal(tx: SqlQueryable, t: TableNames, commit: StoreCommit, problem: string): Promise<RollbackWith> {
  const { rows } = await tx.query(`SELECT version FROM ${t.images} WHERE id = $1`, [commit.imageId]);
  const current = rows[0] === undefined ? null : numberColumn(rows[0], "version");
  return current !== commit.expectedVersion ? lostRace(commit.imageId) : invalid(problem);
}

/** Creates the image (version 1); a concurrent creator of the same id makes this a lost race. */
async function insertImage(tx: SqlQueryable, t: TableNames, image: Image): Promise<ImagePlace> {
  const { rows } = await tx.query(
    `INSERT INTO ${t.images} (id, owner_account_id, name, region, size_bytes, created_at, updated_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [image.id, image.ownerAccountId, image.name, image.region, image.sizeBytes, image.createdAt, image.updatedAt],
  );
  if (rows.length === 0) throw lostRace(image.id);
  return { region: image.region, createdAt: image.createdAt };
}

/** Writes the image row at the expected version (bumping it); zero rows means refused. */
async function updateImage(tx: SqlQueryable, t: TableNames, commit: StoreCommit & { expectedVersion: number }): Promise<ImagePlace> {
  const p = parameterList();
  const sets = ["version = version + 1"];
  const where = [`id = ${p.add(commit.imageId)}`, `version = ${p.add(commit.expectedVersion)}`];
  const image = commit.image;
  if (image !== undefined && image !== null) {
    sets.push(`name = ${p.add(image.name)}`, `size_bytes = ${p.add(image.sizeBytes)}`, `updated_at = ${p.add(image.updatedAt)}`);
    // An image's owner, region and createdAt never change (indexes and member copies rely on it).
    where.push(`owner_account_id = ${p.add(image.ownerAccountId)}`, `region = ${p.add(image.region)}`, `created_at = ${p.add(image.createdAt)}`);
  }
  const { rows } = await tx.query(`UPDATE ${t.images} SET ${sets.join(", ")} WHERE ${where.join(" AND ")} RETURNING region, created_at`, p.values);
  const row = rows[0];
  if (row === undefined) throw await refusal(tx, t, commit, "an image's owner, region and createdAt never change");
  return { region: textColumn(row, "region"), createdAt: textColumn(row, "created_at") };
}

/** Deletes the image at the expected version; its members go with it (ON DELETE CASCADE, R13). */
async function deleteImage(tx: SqlQueryable, t: TableNames, imageId: string, expectedVersion: number): Promise<void> {
  const { rows } = await tx.query(`DELETE FROM ${t.images} WHERE id = $1 AND version = $2 RETURNING id`, [imageId, expectedVersion]);
  if (rows.length === 0) throw lostRace(imageId);
}

/** Removes, then creates or overwrites, the commit's members (the last put of one consumer wins). */
async function writeMembers(tx: SqlQueryable, t: TableNames, commit: StoreCommit, place: ImagePlace): Promise<void> {
  const removed = commit.deleteMembers ?? [];
  if (removed.length > 0) {
    const p = parameterList();
    const image = p.add(commit.imageId);
    const consumers = removed.map((id) => p.add(id)).join(", ");
    await tx.query(`DELETE FROM ${t.members} WHERE image_id = ${image} AND consumer_account_id IN (${consumers})`, p.values);
  }
  const byConsumer = new Map<string, Member>();
  for (const member of commit.putMembers ?? []) byConsumer.set(member.consumerAccountId, member);
  if (byConsumer.size === 0) return;
  const p = parameterList();
  const values = [...byConsumer.values()].map(
    (m) =>
      `(${p.add(m.imageId)}, ${p.add(m.consumerAccountId)}, ${p.add(m.status)}, ${p.add(m.createdAt)}, ${p.add(m.updatedAt)}, ${p.add(place.region)}, ${p.add(place.createdAt)})`,
  );
  await tx.query(
    `INSERT INTO ${t.members} (image_id, consumer_account_id, status, created_at, updated_at, image_region, image_created_at)
     VALUES ${values.join(", ")}
     ON CONFLICT (image_id, consumer_account_id)
     DO UPDATE SET status = excluded.status, created_at = excluded.created_at, updated_at = excluded.updated_at`,
    p.values,
  );
}

/**
 * Appends the events and files each one in the feed of every account it concerns. The feed
 * counters are locked in account-id order, so two commits never wait on each other in a cycle.
 */
async function appendEvents(tx: SqlQueryable, t: TableNames, events: readonly SharingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const p = parameterList();
  const rows = events.map(
    (e) =>
      `(${p.add(e.id)}, ${p.add(e.type)}, ${p.add(e.occurredAt)}, ${p.add(e.imageId)}, ${p.add(e.ownerAccountId)}, ${p.add(e.consumerAccountId ?? null)}, ${p.add(e.actorAccountId)}, ${p.add(e.actorUserId)})`,
  );
  await tx.query(
    `INSERT INTO ${t.events} (id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id) VALUES ${rows.join(", ")}`,
    p.values,
  );
  const feeds = new Map<string, SharingEvent[]>();
  for (const event of events) {
    for (const account of accountsConcernedBy(event)) feeds.set(account, [...(feeds.get(account) ?? []), event]);
  }
  const byAccount = [...feeds.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const counters = parameterList();
  const bumps = byAccount.map(([account, feed]) => `(${counters.add(account)}, ${counters.add(feed.length)}::bigint)`);
  const bumped = await tx.query(
    `INSERT INTO ${t.eventFeeds} (account_id, last_position) VALUES ${bumps.join(", ")}
     ON CONFLICT (account_id) DO UPDATE SET last_position = ${t.eventFeeds}.last_position + excluded.last_position
     RETURNING account_id, last_position`,
    counters.values,
  );
  const lastPositions = new Map(bumped.rows.map((row) => [textColumn(row, "account_id"), numberColumn(row, "last_position")]));
  const filed = parameterList();
  const entries = byAccount.flatMap(([account, feed]) => {
    // The counter now ends at this commit's last event for the account: number the feed up to it.
    const first = Number(lastPositions.get(account)) - feed.length + 1;
    return feed.map(
      (e, offset) =>
        `(${filed.add(account)}, ${filed.add(first + offset)}::bigint, ${filed.add(e.id)}, ${filed.add(e.type)}, ${filed.add(e.occurredAt)}, ${filed.add(e.imageId)}, ${filed.add(e.ownerAccountId)}, ${filed.add(e.consumerAccountId ?? null)}, ${filed.add(e.actorAccountId)}, ${filed.add(e.actorUserId)})`,
    );
  });
  await tx.query(
    `INSERT INTO ${t.accountEvents} (account_id, position, event_id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id)
     VALUES ${entries.join(", ")}`,
    filed.values,
  );
}

/**
 * Applies a commit inside the caller's transaction, or throws {@link RollbackWith} (a lost
 * race, an invalid commit) so the transaction rolls back with nothing applied. Mirrors the
 * in-memory store: version check first, then shape; delete cascades; events always appended.
 */
export async function applyCommit(tx: SqlQueryable, t: TableNames, commit: StoreCommit): Promise<void> {
  const problem = shapeProblem(commit);
  if (problem !== null) throw await refusal(tx, t, commit, problem);
  const { image, expectedVersion } = commit;
  if (expectedVersion === null) {
    if (image === undefined || image === null) throw await refusal(tx, t, commit, "the image does not exist");
    const place = await insertImage(tx, t, image);
    await writeMembers(tx, t, commit, place);
  } else if (image === null) {
    await deleteImage(tx, t, commit.imageId, expectedVersion);
  } else {
    const place = await updateImage(tx, t, { ...commit, expectedVersion });
    await writeMembers(tx, t, commit, place);
  }
  await appendEvents(tx, t, commit.events);
}
