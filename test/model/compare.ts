import assert from "node:assert/strict";
import type { SharingError } from "cloud-image-sharing";
import type { Result } from "neverthrow";
import type { ModelError, ModelResult } from "./reference-state.js";

// Comparing what the service answered with what the model predicted. Only the fields the SPEC
// names are compared (SPEC section 4: "more fields are allowed"), so an adapter that returns
// extra columns still passes. Comparison uses node:assert so the runner works under any test runner.

/** Any plain record. */
type Fields = Record<string, unknown>;

const IMAGE_FIELDS = ["id", "ownerAccountId", "name", "region", "sizeBytes", "createdAt", "updatedAt"] as const;
const VIEW_FIELDS = [...IMAGE_FIELDS, "source"] as const;
const MEMBER_FIELDS = ["imageId", "consumerAccountId", "status", "createdAt", "updatedAt"] as const;
const EVENT_FIELDS = ["id", "type", "occurredAt", "imageId", "ownerAccountId", "consumerAccountId", "actorAccountId", "actorUserId"] as const;
const USAGE_FIELDS = ["accountId", "imageCount", "bytes"] as const;

/** The named fields of `value` that are present (an optional field that is absent stays absent). */
function pick(value: unknown, fields: readonly string[]): Fields {
  const source = value as Fields;
  const picked: Fields = {};
  for (const field of fields) if (source[field] !== undefined) picked[field] = source[field];
  return picked;
}

/** The SPEC fields of an image (source included when present). */
export const imageFields = (value: unknown): Fields => pick(value, VIEW_FIELDS);
/** The SPEC fields of a member. */
export const memberFields = (value: unknown): Fields => pick(value, MEMBER_FIELDS);
/** The fields of an event; `withoutId` drops the id (ids are learnt by observation). */
export const eventFields = (value: unknown, withoutId = false): Fields =>
  pick(value, withoutId ? EVENT_FIELDS.filter((f) => f !== "id") : EVENT_FIELDS);
/** The fields of a storage usage. */
export const usageFields = (value: unknown): Fields => pick(value, USAGE_FIELDS);
/** The fields of a pending share. */
export const pendingFields = (value: unknown): Fields => {
  const share = value as { image: unknown; member: unknown };
  return { image: pick(share.image, IMAGE_FIELDS), member: memberFields(share.member) };
};

/** The error details SPEC section 4 defines for each type, as the model expresses them. */
function errorDetails(error: SharingError): ModelError {
  switch (error.type) {
    case "AlreadyShared":
      return { type: error.type, status: error.status };
    case "MemberQuotaExceeded":
      return { type: error.type, quota: error.quota };
    case "RegionMismatch":
      return { type: error.type, imageRegion: error.imageRegion, requestedRegion: error.requestedRegion };
    case "UnknownRegion":
      return { type: error.type, region: error.region };
    default:
      return { type: error.type };
  }
}

/**
 * Asserts that the service's answer is the model's: both ok with equal projected values, or both
 * errors of the same type and details. Returns the service's ok value for further use.
 */
export function assertSameAnswer<T>(
  label: string,
  actual: Result<T, SharingError>,
  expected: ModelResult<unknown>,
  project: (value: T) => unknown,
  projectExpected: (value: never) => unknown = project as (value: never) => unknown,
): T | undefined {
  if (actual.isErr()) {
    const got = errorDetails(actual.error);
    assert.deepStrictEqual(
      got,
      expected.ok ? { ok: expected.value } : expected.error,
      `${label}: service answered ${actual.error.type}: ${actual.error.message}`,
    );
    return undefined;
  }
  assert.ok(
    expected.ok,
    `${label}: service answered ok ${JSON.stringify(actual.value)}, model expected ${JSON.stringify(expected.ok ? null : expected.error)}`,
  );
  assert.deepStrictEqual(project(actual.value), projectExpected(expected.value as never), `${label}: ok values differ`);
  return actual.value;
}
