import { SharingErrors } from "../domain/errors.js";
import type { SharingEvent } from "../domain/events.js";
import type { Member } from "../domain/member.js";
import type { CommitReceipt, PolicyCommit, StoreCommit } from "../ports/store.js";
import {
  EVENT_ROW_COLUMNS,
  eventRow,
  insertEvents,
  MEMBER_ROW_COLUMNS,
  MEMBER_UPSERT,
  memberRow,
  type Params,
  rowsFrom,
} from "./change-rows.js";
import type { SqlQueryable, SqlRow } from "./client.js";
import { parameterList } from "./params.js";
import { numberColumn, optionalTextColumn } from "./rows.js";
import type { TableNames } from "./schema.js";
import { Refusal } from "./sql-errors.js";

// A change is ONE statement: no BEGIN/COMMIT round trips. It is a data-modifying CTE whose
// first step (`img`) writes the image row at the expected version — UPDATE … WHERE version =
// $expected, INSERT … ON CONFLICT DO NOTHING, or DELETE … WHERE version = $expected — and whose
// later steps (members, events, feed entries, usage) take their rows FROM that step, so they
// act only when it matched. One statement is one transaction: all of it or nothing. The image
// row is the lock of the unit (image + members): two racing commits on one image serialise on
// it and the loser matches zero rows (R16). Every array is ONE parameter (`unnest($n::text[])`),
// so a statement has a fixed number of parameters whatever the number of rows (the wire
// protocol's limit is 65,535).

const lostRace = (imageId?: string) => new Refusal(SharingErrors.concurrentModification(imageId));
const invalid = (why: string) =>
  new Refusal(SharingErrors.storageFailure(new Error(`invalid commit: ${why}`), "invalid-response"));

/** A problem visible from the commit alone (the in-memory store refuses these too, after its version check). */
function shapeProblem(commit: StoreCommit): string | null {
  const image = commit.image;
  if (commit.putMembers?.some((m) => m.imageId !== commit.imageId))
    return "a member belongs to another image than the commit's";
  if (image === undefined || image === null) {
    if (commit.expectedVersion === null) return "the image does not exist";
    if (image === null && (commit.putMembers?.length ?? 0) > 0)
      return "members cannot be put on an image being deleted";
    return null;
  }
  if (image.id !== commit.imageId) return "the image's id differs from the commit's imageId";
  return null;
}

/**
 * Whether the commit's expectations still hold (the image's version, and the consumer policy's
 * if given); one statement, only on the rare path of an invalid commit, so that a lost race is
 * reported first, as the in-memory store does.
 */
async function expectationsHold(db: SqlQueryable, t: TableNames, commit: StoreCommit): Promise<boolean> {
  const policy = commit.expectedConsumerPolicy;
  const { rows } = await db.query(
    `SELECT (SELECT version FROM ${t.images} WHERE id = $1) AS image_version,
            (SELECT version FROM ${t.sharingPolicies} WHERE account_id = $2) AS policy_version`,
    [commit.imageId, policy?.accountId ?? null],
  );
  const row = rows[0] ?? {};
  const versionOf = (column: string) =>
    row[column] === null || row[column] === undefined ? null : numberColumn(row, column);
  return (
    versionOf("image_version") === commit.expectedVersion &&
    (policy === undefined || versionOf("policy_version") === policy.version)
  );
}

/** Columns of the image step's RETURNING, which later steps read. */
const RETURNING = "RETURNING id, owner_account_id, region, created_at, size_bytes, version";

/**
 * The step writing the events, acting only when the step `gate` returned a row. An event
 * records its transaction (xid8) and a position from a sequence: the feeds read it in that
 * order (see `listEvents`), so no counter row per account is locked.
 */
function eventSteps(p: Params, t: TableNames, events: readonly SharingEvent[], gate: string): string[] {
  if (events.length === 0) return [];
  const rows = rowsFrom(p, "ev", EVENT_ROW_COLUMNS, events.map(eventRow), 2);
  return [`logged AS (${insertEvents(t, rows, `WHERE EXISTS (SELECT 1 FROM ${gate})`)})`];
}

/** The member steps: remove, then create or overwrite (the last put of one consumer wins; a put wins over a removal in the same commit). */
function memberSteps(p: Params, t: TableNames, commit: StoreCommit): string[] {
  const byConsumer = new Map<string, Member>();
  for (const member of commit.putMembers ?? []) byConsumer.set(member.consumerAccountId, member);
  const removed = [...new Set(commit.deleteMembers ?? [])].filter((consumer) => !byConsumer.has(consumer));
  const steps: string[] = [];
  if (removed.length > 0) {
    steps.push(
      `gone AS (DELETE FROM ${t.members} m WHERE m.image_id = ${p.add(commit.imageId)} AND m.consumer_account_id = ANY(${p.add(removed)}::text[])
         AND EXISTS (SELECT 1 FROM img))`,
    );
  }
  const put = [...byConsumer.values()];
  if (put.length > 0) {
    const rows = put.map(memberRow);
    steps.push(
      `put AS (INSERT INTO ${t.members}
         (image_id, consumer_account_id, status, created_at, updated_at, expires_at, expires_ms, image_region, image_created_at)
         SELECT img.id, u.consumer, u.status, u.created_at, u.updated_at, u.expires_at, u.expires_ms, img.region, img.created_at
           FROM img, ${rowsFrom(p, "u", MEMBER_ROW_COLUMNS, rows, 1)}
         ${MEMBER_UPSERT})`,
    );
  }
  return steps;
}

/**
 * The condition a share decided on the consumer's sharing policy adds to the image step (R17,
 * R16): that policy is still at the version the decision read (`null`: still none). The row is
 * read `FOR SHARE`: a policy change committed before the statement fails the commit; one in flight
 * is waited for and then seen (so it fails the commit too); one starting later waits for this
 * commit and orders after the share, which it does not touch (a policy is not retroactive).
 */
function policyCondition(p: Params, t: TableNames, commit: StoreCommit): string {
  const expected = commit.expectedConsumerPolicy;
  if (expected === undefined) return "";
  return ` AND (SELECT pv.version FROM ${t.sharingPolicies} pv WHERE pv.account_id = ${p.add(expected.accountId)} FOR SHARE) IS NOT DISTINCT FROM ${p.add(expected.version)}::bigint`;
}

/** The image step and the usage step that goes with it (usage changes only with an image's creation, deletion or size). */
function imageSteps(p: Params, t: TableNames, commit: StoreCommit): string[] {
  const id = p.add(commit.imageId);
  const nextVersion = `nextval(${t.imageVersionsLiteral})`;
  const { image, expectedVersion } = commit;
  const policy = policyCondition(p, t, commit);
  if (expectedVersion === null) {
    if (image === undefined || image === null)
      throw new RangeError("unreachable: a create without an image is a shape problem");
    const values = [
      image.ownerAccountId,
      image.name,
      image.region,
      image.sizeBytes,
      image.createdAt,
      image.updatedAt,
    ].map((v) => p.add(v));
    return [
      `img AS (INSERT INTO ${t.images} (id, owner_account_id, name, region, size_bytes, created_at, updated_at, version)
         SELECT ${id}, ${values.join(", ")}, ${nextVersion} WHERE true${policy} ON CONFLICT (id) DO NOTHING ${RETURNING})`,
      `usage AS (INSERT INTO ${t.storageUsage} AS u (owner_account_id, image_count, bytes) SELECT owner_account_id, 1, size_bytes FROM img
         ON CONFLICT (owner_account_id) DO UPDATE SET image_count = u.image_count + 1, bytes = u.bytes + excluded.bytes)`,
    ];
  }
  const version = p.add(expectedVersion);
  if (image === null) {
    // The members go with the image (R13), in the same statement.
    return [
      `img AS (DELETE FROM ${t.images} WHERE id = ${id} AND version = ${version}${policy} ${RETURNING})`,
      `cascade AS (DELETE FROM ${t.members} m WHERE m.image_id IN (SELECT id FROM img))`,
      `usage AS (UPDATE ${t.storageUsage} u SET image_count = u.image_count - 1, bytes = u.bytes - img.size_bytes
         FROM img WHERE u.owner_account_id = img.owner_account_id)`,
    ];
  }
  if (image === undefined) {
    return [
      `img AS (UPDATE ${t.images} SET version = ${nextVersion} WHERE id = ${id} AND version = ${version}${policy} ${RETURNING})`,
    ];
  }
  // An image's owner, region and createdAt never change (indexes and member copies rely on it):
  // the WHERE holds them, and a commit changing one matches nothing and is refused as invalid.
  return [
    `old AS (SELECT size_bytes FROM ${t.images} WHERE id = ${id})`,
    `img AS (UPDATE ${t.images} SET version = ${nextVersion}, name = ${p.add(image.name)}, size_bytes = ${p.add(image.sizeBytes)},
       updated_at = ${p.add(image.updatedAt)}
       WHERE id = ${id} AND version = ${version} AND owner_account_id = ${p.add(image.ownerAccountId)} AND region = ${p.add(image.region)}
         AND created_at = ${p.add(image.createdAt)}${policy} ${RETURNING})`,
    `usage AS (UPDATE ${t.storageUsage} u SET bytes = u.bytes + img.size_bytes - old.size_bytes
       FROM img, old WHERE u.owner_account_id = img.owner_account_id AND img.size_bytes <> old.size_bytes)`,
  ];
}

/** Why a commit whose image step matched nothing was refused, from the image row as the statement's snapshot saw it. */
function refusalOf(commit: StoreCommit, row: SqlRow): Refusal {
  const seen = row.s_version === null || row.s_version === undefined ? null : numberColumn(row, "s_version");
  if (seen !== commit.expectedVersion) return lostRace(commit.imageId);
  const image = commit.image;
  if (
    image !== undefined &&
    image !== null &&
    seen !== null &&
    (optionalTextColumn(row, "s_owner") !== image.ownerAccountId ||
      optionalTextColumn(row, "s_region") !== image.region ||
      optionalTextColumn(row, "s_created") !== image.createdAt)
  ) {
    return invalid("an image's owner, region and createdAt never change");
  }
  // The snapshot had the expected version, but a commit that landed since moved it on.
  return lostRace(commit.imageId);
}

/**
 * Applies a commit in one statement and answers the image's new version, or throws a
 * {@link Refusal} (a lost race, an invalid commit) having changed nothing. Mirrors the in-memory store: version check first, then shape;
 * a delete takes the members with it; the events are appended with the change.
 */
export async function applyCommit(db: SqlQueryable, t: TableNames, commit: StoreCommit): Promise<CommitReceipt> {
  const problem = shapeProblem(commit);
  if (problem !== null) {
    throw (await expectationsHold(db, t, commit)) ? invalid(problem) : lostRace(commit.imageId);
  }
  const p = parameterList();
  // A delete takes every member with it (its own step); member steps are for the other commits.
  const members = commit.image === null ? [] : memberSteps(p, t, commit);
  const steps = [...imageSteps(p, t, commit), ...members, ...eventSteps(p, t, commit.events, "img")];
  // Always one row: the image step's RETURNING (none when it matched nothing, and then nothing was
  // written) beside the image row as the statement's snapshot saw it, which says why.
  const { rows } = await db.query(
    `WITH ${steps.join(",\n")}
     SELECT img.version AS new_version, s.version AS s_version, s.owner_account_id AS s_owner, s.region AS s_region,
            s.created_at AS s_created
       FROM (SELECT 1) AS one LEFT JOIN img ON true LEFT JOIN ${t.images} s ON s.id = ${p.add(commit.imageId)}`,
    p.values,
    // One text per shape of commit (which steps it has): a few dozen, each prepared once per connection.
    { prepare: true },
  );
  const row = rows[0] ?? {};
  if (row.new_version === null || row.new_version === undefined) throw refusalOf(commit, row);
  // The new version (a delete returns the deleted row's, and leaves none).
  return { version: commit.image === null ? null : numberColumn(row, "new_version") };
}

/** Writes a sharing policy and its event in one statement, if the policy is at the expected version (R17). */
export async function applyPolicyCommit(db: SqlQueryable, t: TableNames, commit: PolicyCommit): Promise<void> {
  const { policy, expectedVersion, event } = commit;
  if (event.accountId !== policy.accountId) throw lostRace();
  const p = parameterList();
  const account = p.add(policy.accountId);
  const lists = [
    `${p.add(policy.autoAcceptFrom)}::text[]`,
    `${p.add(policy.blockFrom)}::text[]`,
    p.add(policy.updatedAt),
  ];
  const write =
    expectedVersion === null
      ? `pol AS (INSERT INTO ${t.sharingPolicies} (account_id, auto_accept_from, block_from, updated_at, version)
           VALUES (${account}, ${lists.join(", ")}, 1) ON CONFLICT (account_id) DO NOTHING RETURNING account_id)`
      : `pol AS (UPDATE ${t.sharingPolicies} SET auto_accept_from = ${lists[0]}, block_from = ${lists[1]}, updated_at = ${lists[2]},
           version = version + 1 WHERE account_id = ${account} AND version = ${p.add(expectedVersion)} RETURNING account_id)`;
  const steps = [write, ...eventSteps(p, t, [event], "pol")];
  const { rows } = await db.query(`WITH ${steps.join(",\n")} SELECT (SELECT count(*) FROM pol) AS matched`, p.values, {
    prepare: true,
  });
  if (numberColumn(rows[0] ?? {}, "matched") === 0) throw lostRace();
}
