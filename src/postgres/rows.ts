import { EventTypeSchema, type ImageEvent, type SharingEvent } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import { type Member, MemberStatusSchema } from "../domain/member.js";
import type { SharingPolicy } from "../domain/sharing-policy.js";
import type { VersionedPolicy } from "../ports/store.js";
import type { SqlRow } from "./client.js";

// Rows in, fresh domain values out. Every column is checked, so a schema that drifted from
// what this release expects fails as `StorageFailure` (reason "invalid-response") with a clear
// message, never as a half-typed object further down.

/** A value read from the database that is not what this release's schema says it is. */
export class UnreadableRow extends TypeError {
  override readonly name = "UnreadableRow";
}

/** A text column's value; throws {@link UnreadableRow} when the column is missing or not text. */
export function textColumn(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new UnreadableRow(`column ${column}: expected text, got ${typeof value}`);
  return value;
}

/** A nullable text column: `undefined` for NULL. */
export function optionalTextColumn(row: SqlRow, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : textColumn(row, column);
}

/** A number column as any driver returns it (number, string, bigint). */
function toNumber(value: unknown): number {
  return typeof value === "number"
    ? value
    : typeof value === "string" || typeof value === "bigint"
      ? Number(value)
      : Number.NaN;
}

/** A whole-number column (int4 arrives as a number, int8 and numeric as a number or a string, by driver). */
export function numberColumn(row: SqlRow, column: string): number {
  const value = row[column];
  const parsed = toNumber(value);
  if (!Number.isSafeInteger(parsed))
    throw new UnreadableRow(`column ${column}: expected a whole number, got ${String(value)}`);
  return parsed;
}

/** A sum of sizes (numeric): exact up to 2^53, rounded past it, as the domain documents. */
export function totalColumn(row: SqlRow, column: string): number {
  const value = row[column];
  const parsed = toNumber(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new UnreadableRow(`column ${column}: expected a total, got ${String(value)}`);
  return parsed;
}

/** A boolean column. */
export function booleanColumn(row: SqlRow, column: string): boolean {
  const value = row[column];
  if (typeof value !== "boolean") throw new UnreadableRow(`column ${column}: expected a boolean, got ${typeof value}`);
  return value;
}

/** A text[] column (both drivers parse arrays). */
export function textArrayColumn(row: SqlRow, column: string): string[] {
  const value = row[column];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    throw new UnreadableRow(`column ${column}: expected text[]`);
  return [...value];
}

/** A json column: parsed by both drivers, but a driver configured to leave json as text is read too. */
export function jsonColumn(row: SqlRow, column: string): unknown {
  const value = row[column];
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new UnreadableRow(`column ${column}: expected json`);
  }
}

/**
 * The values of the boot-path facts statement's json array, in order, named as {@link imageFrom}
 * (plus `i_version`) and {@link memberFrom} (prefix `m`) read them.
 */
export const FACT_ARRAY_COLUMNS = [
  "i_id",
  "i_owner",
  "i_name",
  "i_region",
  "i_size",
  "i_created",
  "i_updated",
  "i_version",
  "m_image",
  "m_consumer",
  "m_status",
  "m_created",
  "m_updated",
  "m_expires",
] as const;

/** A json array of values as a row with the given column names (the same checks then read it). */
export function rowOfArray(value: unknown, columns: readonly string[]): SqlRow {
  if (!Array.isArray(value) || value.length !== columns.length)
    throw new UnreadableRow(`expected a json array of ${columns.length} values`);
  const row: SqlRow = {};
  for (let i = 0; i < columns.length; i += 1) row[columns[i] as string] = value[i];
  return row;
}

/** The image columns of `alias`, named as {@link imageFrom} reads them (prefix `i_`). */
export const imageColumns = (alias: string): string =>
  `${alias}.id AS i_id, ${alias}.owner_account_id AS i_owner, ${alias}.name AS i_name, ${alias}.region AS i_region, ` +
  `${alias}.size_bytes AS i_size, ${alias}.created_at AS i_created, ${alias}.updated_at AS i_updated`;

/** The image in a row selected with {@link imageColumns}. */
export function imageFrom(row: SqlRow): Image {
  return {
    id: textColumn(row, "i_id"),
    ownerAccountId: textColumn(row, "i_owner"),
    name: textColumn(row, "i_name"),
    region: textColumn(row, "i_region"),
    sizeBytes: numberColumn(row, "i_size"),
    createdAt: textColumn(row, "i_created"),
    updatedAt: textColumn(row, "i_updated"),
  };
}

/** The member statuses this release knows (a list page reads one per row: a set look-up, not a zod parse). */
const MEMBER_STATUSES: ReadonlySet<unknown> = new Set(MemberStatusSchema.options);
const isMemberStatus = (value: unknown): value is Member["status"] => MEMBER_STATUSES.has(value);

/** The member columns of `alias`, named as {@link memberFrom} reads them (`prefix` keeps two members apart in one row). */
export const memberColumns = (alias: string, prefix = "m"): string =>
  `${alias}.image_id AS ${prefix}_image, ${alias}.consumer_account_id AS ${prefix}_consumer, ${alias}.status AS ${prefix}_status, ` +
  `${alias}.created_at AS ${prefix}_created, ${alias}.updated_at AS ${prefix}_updated, ${alias}.expires_at AS ${prefix}_expires`;

/** The member in a row selected with {@link memberColumns}; `expiresAt` is absent, not `undefined`, when NULL. */
export function memberFrom(row: SqlRow, prefix = "m"): Member {
  const expiresAt = optionalTextColumn(row, `${prefix}_expires`);
  const status = row[`${prefix}_status`];
  if (!isMemberStatus(status)) throw new UnreadableRow(`column ${prefix}_status: not a member status`);
  const imageId = textColumn(row, `${prefix}_image`);
  const consumerAccountId = textColumn(row, `${prefix}_consumer`);
  const createdAt = textColumn(row, `${prefix}_created`);
  const updatedAt = textColumn(row, `${prefix}_updated`);
  // No spread: the boot check reads one member per call, the member list one per row.
  return expiresAt === undefined
    ? { imageId, consumerAccountId, status, createdAt, updatedAt }
    : { imageId, consumerAccountId, status, createdAt, updatedAt, expiresAt };
}

/** A `json_build_object` of a member, with the keys {@link memberFrom} reads. */
export const memberJson = (alias: string): string =>
  `json_build_object('m_image', ${alias}.image_id, 'm_consumer', ${alias}.consumer_account_id, 'm_status', ${alias}.status, ` +
  `'m_created', ${alias}.created_at, 'm_updated', ${alias}.updated_at, 'm_expires', ${alias}.expires_at)`;

/** The members in a json array of {@link memberJson} objects (`null`: none). */
export function membersFromJson(value: unknown): Member[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new UnreadableRow("members: expected a json array");
  return value.map((entry) => {
    if (typeof entry !== "object" || entry === null) throw new UnreadableRow("members: expected json objects");
    return memberFrom(entry as SqlRow);
  });
}

/** The columns of an event (alias `e`), with the names {@link eventFrom} reads. */
export const EVENT_COLUMNS =
  "e.id AS event_id, e.type, e.occurred_at, e.image_id, e.owner_account_id, e.consumer_account_id, " +
  "e.actor_account_id, e.actor_user_id, e.expires_at, e.by_policy, e.account_id, e.xid, e.position";

/** The same columns from a 0.1 per-account copy of an event (alias `a`), which knows neither expiry, policy nor xid. */
export const LEGACY_EVENT_COLUMNS =
  "a.event_id, a.type, a.occurred_at, a.image_id, a.owner_account_id, a.consumer_account_id, " +
  "a.actor_account_id, a.actor_user_id, NULL::text AS expires_at, false AS by_policy, NULL::text AS account_id, '0'::xid8 AS xid, a.position";

/** The event in a row selected with {@link EVENT_COLUMNS}; optional fields are absent, not `undefined`, when NULL. */
export function eventFrom(row: SqlRow): SharingEvent {
  const type = row.type;
  const actorUserId = optionalTextColumn(row, "actor_user_id");
  const withActor = actorUserId === undefined ? {} : { actorUserId };
  if (type === "SharingPolicyChanged") {
    return {
      id: textColumn(row, "event_id"),
      type,
      occurredAt: textColumn(row, "occurred_at"),
      accountId: textColumn(row, "account_id"),
      ...withActor,
    };
  }
  const parsedType = EventTypeSchema.safeParse(type);
  if (!parsedType.success) throw new UnreadableRow("column type: not an event type");
  const consumerAccountId = optionalTextColumn(row, "consumer_account_id");
  const expiresAt = optionalTextColumn(row, "expires_at");
  const event: ImageEvent = {
    id: textColumn(row, "event_id"),
    type: parsedType.data,
    occurredAt: textColumn(row, "occurred_at"),
    imageId: textColumn(row, "image_id"),
    ownerAccountId: textColumn(row, "owner_account_id"),
    ...(consumerAccountId === undefined ? {} : { consumerAccountId }),
    actorAccountId: textColumn(row, "actor_account_id"),
    ...withActor,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(booleanColumn(row, "by_policy") ? { byPolicy: true as const } : {}),
  };
  return event;
}

/** The policy columns of `alias`, named as {@link policyFrom} reads them. */
export const policyColumns = (alias: string): string =>
  `${alias}.account_id AS p_account, ${alias}.auto_accept_from AS p_auto, ${alias}.block_from AS p_block, ` +
  `${alias}.updated_at AS p_updated, ${alias}.version AS p_version`;

/** The policy in a row selected with {@link policyColumns}, or `null` when the LEFT JOIN found none. */
export function policyFrom(row: SqlRow): VersionedPolicy | null {
  if (row.p_account === null || row.p_account === undefined) return null;
  const policy: SharingPolicy = {
    accountId: textColumn(row, "p_account"),
    autoAcceptFrom: textArrayColumn(row, "p_auto"),
    blockFrom: textArrayColumn(row, "p_block"),
    updatedAt: optionalTextColumn(row, "p_updated") ?? null,
  };
  return { policy, version: numberColumn(row, "p_version") };
}
