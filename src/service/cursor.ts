import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod/v4";
import type { SortKey } from "../domain/page.js";

// Cursors are opaque to callers and bound to the list that issued them: a payload naming the
// list (method, account, region selector) and the position, signed with the service's key. A
// cursor the library did not issue (forged, edited, truncated) or one from another list fails
// the signature or the binding, and the caller gets a ValidationError on `cursor`.

/** Which list a cursor pages: the method, the account and the region selector. */
export type CursorScope = {
  readonly list: "listImages" | "listPendingShares";
  readonly accountId: string;
  readonly region: string;
};

/** Encodes and checks cursors with one key. */
export type CursorCodec = {
  /** The cursor that continues `scope` after `key`. */
  encode(scope: CursorScope, key: SortKey): string;
  /** The position of a cursor issued for `scope`, or `null` for anything else. */
  decode(scope: CursorScope, cursor: string): SortKey | null;
};

/** Bytes of the HMAC-SHA256 tag kept (128 bits), and its length in base64url. */
const TAG_BYTES = 16;
const TAG_LENGTH = 22;

const PayloadSchema = z.tuple([z.literal(1), z.string(), z.string(), z.string(), z.string(), z.string()]);

/** A key for signing cursors when the host gives none: random, so cursors are good for this service instance only. */
export function randomCursorSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** A codec signing with `secret` (the option `cursorSecret`; hosts running several instances share one). */
export function createCursorCodec(secret: string): CursorCodec {
  const tag = (payload: string) =>
    createHmac("sha256", secret).update(payload).digest().subarray(0, TAG_BYTES).toString("base64url");
  return {
    encode(scope, key) {
      const payload = Buffer.from(
        JSON.stringify([1, scope.list, scope.accountId, scope.region, key.createdAt, key.id]),
      ).toString("base64url");
      return payload + tag(payload);
    },
    decode(scope, cursor) {
      if (cursor.length <= TAG_LENGTH) return null;
      const payload = cursor.slice(0, -TAG_LENGTH);
      // Constant-time: a forger learns nothing from how long a wrong tag takes to refuse.
      if (!timingSafeEqual(Buffer.from(cursor.slice(-TAG_LENGTH)), Buffer.from(tag(payload)))) return null;
      try {
        const parsed = PayloadSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
        if (!parsed.success) return null;
        const [, list, accountId, region, createdAt, id] = parsed.data;
        return list === scope.list && accountId === scope.accountId && region === scope.region
          ? { createdAt, id }
          : null;
      } catch {
        return null;
      }
    },
  };
}
