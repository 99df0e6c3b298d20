import { EventTypeSchema, type SharingEvent } from "../domain/events.js";
import type { Image } from "../domain/image.js";
import { type Member, MemberStatusSchema } from "../domain/member.js";
import type { SqlRow } from "./client.js";

// Rows in, fresh domain values out. Every column is checked, so a schema that drifted from
// what this release expects fails as `StorageFailure` with a clear message, never as a
// half-typed object further down.

/** A text column's value; throws (→ StorageFailure) when the column is missing or not text. */
export function textColumn(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new TypeError(`column ${column}: expected text, got ${typeof value}`);
  return value;
}

/** A whole-number column (int4 arrives as a number, int8 and numeric as a number or a string, by driver). */
export function numberColumn(row: SqlRow, column: string): number {
  const value = row[column];
  const parsed = typeof value === "number" ? value : typeof value === "string" || typeof value === "bigint" ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) throw new TypeError(`column ${column}: expected a whole number, got ${String(value)}`);
  return parsed;
}

/** The columns every image query selects, with the names {@link imageFrom} reads. */
export const IMAGE_COLUMNS = "id, owner_account_id, name, region, size_bytes, created_at, updated_at";

/** The image in a row selected with {@link IMAGE_COLUMNS}. */
export function imageFrom(row: SqlRow): Image {
  return {
    id: textColumn(row, "id"),
    ownerAccountId: textColumn(row, "owner_account_id"),
    name: textColumn(row, "name"),
    region: textColumn(row, "region"),
    sizeBytes: numberColumn(row, "size_bytes"),
    createdAt: textColumn(row, "created_at"),
    updatedAt: textColumn(row, "updated_at"),
  };
}

/** The member columns, prefixed `m_` so they can sit beside an image's columns in one row. */
export const MEMBER_COLUMNS = (alias: string) =>
  `${alias}.image_id AS m_image_id, ${alias}.consumer_account_id AS m_consumer_account_id, ${alias}.status AS m_status, ${alias}.created_at AS m_created_at, ${alias}.updated_at AS m_updated_at`;

/** The member in a row selected with {@link MEMBER_COLUMNS}. */
export function memberFrom(row: SqlRow): Member {
  return {
    imageId: textColumn(row, "m_image_id"),
    consumerAccountId: textColumn(row, "m_consumer_account_id"),
    status: MemberStatusSchema.parse(textColumn(row, "m_status")),
    createdAt: textColumn(row, "m_created_at"),
    updatedAt: textColumn(row, "m_updated_at"),
  };
}

/** The columns of an event row, with the names {@link eventFrom} reads. */
export const EVENT_COLUMNS = "event_id, type, occurred_at, image_id, owner_account_id, consumer_account_id, actor_account_id, actor_user_id";

/** The event in a row selected with {@link EVENT_COLUMNS}; `consumerAccountId` is absent, not `undefined`, when NULL. */
export function eventFrom(row: SqlRow): SharingEvent {
  const consumer = row.consumer_account_id;
  return {
    id: textColumn(row, "event_id"),
    type: EventTypeSchema.parse(textColumn(row, "type")),
    occurredAt: textColumn(row, "occurred_at"),
    imageId: textColumn(row, "image_id"),
    ownerAccountId: textColumn(row, "owner_account_id"),
    ...(consumer === null || consumer === undefined ? {} : { consumerAccountId: textColumn(row, "consumer_account_id") }),
    actorAccountId: textColumn(row, "actor_account_id"),
    actorUserId: textColumn(row, "actor_user_id"),
  };
}
