import type { ImageView, Member } from "cloud-image-sharing";

// How the core's values look in Glance's JSON (glance/api/v2/images.py and image_members.py,
// `ResponseSerializer`). Every image of this library is "shared" in Glance's sense (it can have
// members) and "active" (it is a saved server image, not an upload in progress).

/** An image as Glance's `GET /v2/images/{id}` shows it, with this library's `region` and `source`. */
export type GlanceImage = {
  id: string;
  name: string;
  status: "active";
  visibility: "shared";
  owner: string;
  size: number;
  created_at: string;
  updated_at: string;
  self: string;
  file: string;
  schema: "/v2/schemas/image";
  /** Where the image lives (R6); Glance has no such field, so it travels as an extra string property. */
  region: string;
  /** `"own"` or `"shared"` from the caller's account's side (R2). */
  source: string;
};

/** A member as Glance shows it: `{ image_id, member_id, status, created_at, updated_at, schema }`, plus R18's expiry when set. */
export type GlanceMember = {
  image_id: string;
  member_id: string;
  status: string;
  created_at: string;
  updated_at: string;
  schema: "/v2/schemas/member";
  expires_at?: string;
  expired?: boolean;
};

/** The path of an image, its id percent-encoded (ids may hold `/`, `?` or `%`). */
export function imagePath(imageId: string): string {
  return `/v2/images/${encodeURIComponent(imageId)}`;
}

/** An image view in Glance's shape. */
export function toGlanceImage(image: ImageView): GlanceImage {
  const self = imagePath(image.id);
  return {
    id: image.id,
    name: image.name,
    status: "active",
    visibility: "shared",
    owner: image.ownerAccountId,
    size: image.sizeBytes,
    created_at: image.createdAt,
    updated_at: image.updatedAt,
    self,
    file: `${self}/file`,
    schema: "/v2/schemas/image",
    region: image.region,
    source: image.source,
  };
}

/**
 * A member in Glance's shape. `expiresAt`/`expired` (R18) are read defensively: a core that
 * does not set them yields a member without them, exactly Glance's shape.
 */
export function toGlanceMember(member: Member): GlanceMember {
  const view: GlanceMember = {
    image_id: member.imageId,
    member_id: member.consumerAccountId,
    status: member.status,
    created_at: member.createdAt,
    updated_at: member.updatedAt,
    schema: "/v2/schemas/member",
  };
  const { expiresAt, expired } = member as { expiresAt?: unknown; expired?: unknown };
  if (typeof expiresAt === "string") view.expires_at = expiresAt;
  if (typeof expired === "boolean") view.expired = expired;
  return view;
}
