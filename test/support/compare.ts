import assert from "node:assert/strict";
import type { SharingError } from "cloud-image-sharing";
import type { Result } from "neverthrow";
import type { ModelError, ModelResult } from "./oracle/state.js";

// Comparing what the service answered with what the oracle predicted. Only the fields the SPEC
// names are compared (SPEC section 4: "more fields are allowed"), so an adapter that returns
// extra columns still passes. node:assert keeps this usable under any test runner.

/** Any plain record. */
type Fields = Record<string, unknown>;

const IMAGE_FIELDS = [
  "id",
  "ownerAccountId",
  "name",
  "region",
  "sizeBytes",
  "createdAt",
  "updatedAt",
  "source",
] as const;
const MEMBER_FIELDS = [
  "imageId",
  "consumerAccountId",
  "status",
  "createdAt",
  "updatedAt",
  "expiresAt",
  "expired",
] as const;
const EVENT_FIELDS = [
  "id",
  "type",
  "occurredAt",
  "imageId",
  "ownerAccountId",
  "consumerAccountId",
  "actorAccountId",
  "actorUserId",
  "expiresAt",
  "byPolicy",
  "accountId",
] as const;
const USAGE_FIELDS = ["accountId", "imageCount", "bytes"] as const;
const POLICY_FIELDS = ["accountId", "autoAcceptFrom", "blockFrom", "updatedAt"] as const;

/** The named fields of `value` that are present (an optional field that is absent stays absent). */
function pick(value: unknown, fields: readonly string[]): Fields {
  const source = value as Fields;
  const picked: Fields = {};
  for (const field of fields) if (source[field] !== undefined) picked[field] = source[field];
  return picked;
}

/** The SPEC fields of an image (source included when present). */
export const imageFields = (value: unknown): Fields => pick(value, IMAGE_FIELDS);
/** The SPEC fields of a member (R18's `expiresAt` / `expired` included). */
export const memberFields = (value: unknown): Fields => pick(value, MEMBER_FIELDS);
/** The fields of an event; `withoutId` drops the id (ids are learnt by observation). */
export const eventFields = (value: unknown, withoutId = false): Fields =>
  pick(value, withoutId ? EVENT_FIELDS.filter((f) => f !== "id") : EVENT_FIELDS);
/** The fields of a storage usage. */
export const usageFields = (value: unknown): Fields => pick(value, USAGE_FIELDS);
/** The fields of a sharing policy (R17). */
export const policyFields = (value: unknown): Fields => pick(value, POLICY_FIELDS);
/** The fields of a pending share. */
export const pendingFields = (value: unknown): Fields => {
  const share = value as { image: unknown; member: unknown };
  return {
    image: pick(
      share.image,
      IMAGE_FIELDS.filter((f) => f !== "source"),
    ),
    member: memberFields(share.member),
  };
};

/** The details SPEC section 4 defines for each error type (never `message` or `cause`). */
const ERROR_DETAILS: Record<SharingError["type"], readonly string[]> = {
  ValidationError: [],
  ImageNotFound: ["imageId"],
  AccountNotFound: ["accountId"],
  MemberNotFound: ["imageId", "consumerAccountId"],
  Forbidden: ["imageId", "reason", "requiredRole", "status"],
  SelfShare: ["imageId"],
  AlreadyShared: ["imageId", "consumerAccountId", "status", "expired"],
  ReshareRequired: ["imageId"],
  MemberQuotaExceeded: ["imageId", "quota"],
  RegionMismatch: ["imageId", "imageRegion", "requestedRegion"],
  UnknownRegion: ["region"],
  ConcurrentModification: [],
  StorageFailure: ["reason", "outcomeUnknown"],
};

/** An error reduced to its type and key details, as the oracle expresses errors. */
export function errorDetails(error: SharingError): ModelError {
  return { type: error.type, ...pick(error, ERROR_DETAILS[error.type] ?? []) };
}

/**
 * Asserts that the service's answer is the oracle's: both ok with equal projected values, or
 * both errors of the same type and key details. Returns the service's ok value for further use.
 */
export function assertSameAnswer<T>(
  label: string,
  actual: Result<T, SharingError>,
  expected: ModelResult<unknown>,
  project: (value: T) => unknown,
  projectExpected: (value: never) => unknown = project as (value: never) => unknown,
): T | undefined {
  if (actual.isErr()) {
    assert.deepStrictEqual(
      errorDetails(actual.error),
      expected.ok ? { ok: projectExpected(expected.value as never) } : expected.error,
      `${label}: service answered ${actual.error.type}: ${actual.error.message}`,
    );
    return undefined;
  }
  assert.ok(
    expected.ok,
    `${label}: service answered ok ${JSON.stringify(actual.value)}, the oracle expected ${JSON.stringify(expected.ok ? null : expected.error)}`,
  );
  assert.deepStrictEqual(project(actual.value), projectExpected(expected.value as never), `${label}: ok values differ`);
  return actual.value;
}
