// The JSON schemas Glance serves under /v2/schemas, in the shape glance/schema.py's `raw()`
// gives them, listing exactly the fields this facade produces.
//
// Why it matters: the glance client builds its command-line options from GET /v2/schemas/image
// (glanceclient/common/utils.py `schema_args`: one `--<property>` option per property) and
// validates every image and member it receives against these schemas (warlock). So:
// - a property named like one of the client's own options breaks it: real Glance's `stores`
//   collides with `image-create-via-import --stores`, and argparse refuses the duplicate;
// - every declared property becomes an image-create option, so only what POST /v2/images
//   accepts or shows read-only is declared (`region` and `source` travel as extra string
//   properties, which the image schema allows, as Glance's does);
// - the member schema is closed (`additionalProperties: false`, as Glance's), so R18's
//   `expires_at` and `expired` are declared there;
// - Glance constrains `image_id` to a UUID; this library's ids are any 1–255 printable ASCII
//   characters, so the pattern is left out (a host with non-UUID ids would otherwise break the client).

const IMAGE_PROPERTIES = {
  id: { type: "string", readOnly: true, description: "An identifier for the image" },
  name: { type: "string", minLength: 1, maxLength: 255, description: "Descriptive name for the image" },
  status: { type: "string", readOnly: true, enum: ["active"], description: "Status of the image" },
  visibility: {
    type: "string",
    enum: ["shared"],
    description: "Scope of image accessibility: every image can be shared with other accounts",
  },
  owner: { type: "string", maxLength: 255, description: "Owner of the image (the account that created it)" },
  size: { type: ["null", "integer"], readOnly: true, description: "Size of image file in bytes" },
  created_at: { type: "string", readOnly: true, description: "Date and time of image registration" },
  updated_at: { type: "string", readOnly: true, description: "Date and time of the last image modification" },
  self: { type: "string", readOnly: true, description: "An image self url" },
  file: { type: "string", readOnly: true, description: "An image file url" },
  schema: { type: "string", readOnly: true, description: "An image schema url" },
} as const;

const MEMBER_PROPERTIES = {
  member_id: { type: "string", description: "An identifier for the image member (tenantId)" },
  image_id: { type: "string", description: "An identifier for the image" },
  created_at: { type: "string", description: "Date and time of image member creation" },
  updated_at: { type: "string", description: "Date and time of last modification of image member" },
  status: { type: "string", enum: ["pending", "accepted", "rejected"], description: "The status of this image member" },
  expires_at: { type: "string", description: "When the share stops granting anything (absent: never)" },
  expired: { type: "boolean", description: "True, to the producer, once the share has expired" },
  schema: { readOnly: true, type: "string" },
} as const;

/** GET /v2/schemas/image: Glance's permissive image schema (extra properties are strings). */
export const IMAGE_SCHEMA = {
  name: "image",
  properties: IMAGE_PROPERTIES,
  additionalProperties: { type: "string" },
  links: [
    { rel: "self", href: "{self}" },
    { rel: "enclosure", href: "{file}" },
    { rel: "describedby", href: "{schema}" },
  ],
} as const;

/** GET /v2/schemas/member: Glance's closed member schema. */
export const MEMBER_SCHEMA = { name: "member", properties: MEMBER_PROPERTIES, additionalProperties: false } as const;

/** A collection schema as glance/schema.py `CollectionSchema.raw()` builds one. */
function collectionSchema<const Name extends string, Item>(name: Name, item: Item) {
  return {
    name,
    properties: {
      [name]: { type: "array", items: item },
      first: { type: "string" },
      next: { type: "string" },
      schema: { type: "string" },
    },
    links: [
      { rel: "first", href: "{first}" },
      { rel: "next", href: "{next}" },
      { rel: "describedby", href: "{schema}" },
    ],
  };
}

/** GET /v2/schemas/images. */
export const IMAGES_SCHEMA = collectionSchema("images", IMAGE_SCHEMA);

/** GET /v2/schemas/members. */
export const MEMBERS_SCHEMA = collectionSchema("members", MEMBER_SCHEMA);

/** The schemas by the name in their path, `/v2/schemas/{name}` (a Map: `__proto__` is not a schema). */
export const SCHEMAS_BY_NAME: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ["image", IMAGE_SCHEMA],
  ["images", IMAGES_SCHEMA],
  ["member", MEMBER_SCHEMA],
  ["members", MEMBERS_SCHEMA],
]);
