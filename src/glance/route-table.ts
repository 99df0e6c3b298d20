import {
  createImageRoute,
  deleteImageRoute,
  listImagesRoute,
  patchImageRoute,
  showImageRoute,
} from "./image-routes.js";
import { SCHEMAS_BY_NAME } from "./json-schemas.js";
import {
  createMemberRoute,
  deleteMemberRoute,
  listMembersRoute,
  showMemberRoute,
  updateMemberRoute,
} from "./member-routes.js";
import { jsonReply } from "./responses.js";
import type { RouteHandler } from "./route-context.js";
import { showSharingPolicyRoute, updateSharingPolicyRoute } from "./sharing-policy-routes.js";

// Every authenticated route of the facade, in one table, matched segment by segment. No router
// dependency: a dozen fixed shapes with two parameters do not need one, and this keeps the
// sub-path free of anything but the core's own peers.

/** A path pattern: literal segments, and `{image_id}` / `{member_id}` for the parameters. */
type Pattern = readonly string[];

type RouteDefinition =
  | { readonly pattern: Pattern; readonly methods: Readonly<Partial<Record<string, RouteHandler>>> }
  | { readonly pattern: Pattern; readonly notImplemented: string };

const schemaRoute =
  (name: string): RouteHandler =>
  async () =>
    jsonReply(200, SCHEMAS_BY_NAME.get(name));

const IMAGE = "{image_id}";
const MEMBER = "{member_id}";

/** The facade's routes, then Glance's routes this service does not provide (501). */
const ROUTES: readonly RouteDefinition[] = [
  { pattern: ["v2", "images"], methods: { GET: listImagesRoute, POST: createImageRoute } },
  {
    pattern: ["v2", "images", IMAGE],
    methods: { GET: showImageRoute, PATCH: patchImageRoute, DELETE: deleteImageRoute },
  },
  { pattern: ["v2", "images", IMAGE, "members"], methods: { GET: listMembersRoute, POST: createMemberRoute } },
  {
    pattern: ["v2", "images", IMAGE, "members", MEMBER],
    methods: { GET: showMemberRoute, PUT: updateMemberRoute, DELETE: deleteMemberRoute },
  },
  { pattern: ["v2", "x-sharing-policy"], methods: { GET: showSharingPolicyRoute, PUT: updateSharingPolicyRoute } },
  ...["image", "images", "member", "members"].map((name) => ({
    pattern: ["v2", "schemas", name],
    methods: { GET: schemaRoute(name) },
  })),
  { pattern: ["v2", "images", IMAGE, "file"], notImplemented: "Image data upload and download" },
  { pattern: ["v2", "images", IMAGE, "stage"], notImplemented: "Image data staging" },
  { pattern: ["v2", "images", IMAGE, "import"], notImplemented: "Image data import" },
  { pattern: ["v2", "images", IMAGE, "locations"], notImplemented: "Image locations" },
  { pattern: ["v2", "images", IMAGE, "tags", "{tag}"], notImplemented: "Image tags" },
  { pattern: ["v2", "images", IMAGE, "actions", "{action}"], notImplemented: "Image deactivation and reactivation" },
];

/** What the table says about a request. */
export type RouteMatch =
  | {
      readonly kind: "route";
      readonly handler: RouteHandler;
      readonly params: { readonly imageId: string; readonly memberId: string };
    }
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] }
  | { readonly kind: "not-implemented"; readonly feature: string }
  | { readonly kind: "not-found" };

/** Finds the route for a method and the path's decoded segments. */
export function matchRoute(method: string, segments: readonly string[]): RouteMatch {
  for (const route of ROUTES) {
    const params = bind(route.pattern, segments);
    if (params === null) continue;
    if ("notImplemented" in route) return { kind: "not-implemented", feature: route.notImplemented };
    const handler = Object.hasOwn(route.methods, method) ? route.methods[method] : undefined;
    if (handler === undefined) return { kind: "method-not-allowed", allowed: Object.keys(route.methods) };
    return { kind: "route", handler, params };
  }
  return { kind: "not-found" };
}

/** The parameters of `segments` under `pattern`, or `null` when they do not match it. */
function bind(pattern: Pattern, segments: readonly string[]): { imageId: string; memberId: string } | null {
  if (pattern.length !== segments.length) return null;
  const params = { imageId: "", memberId: "" };
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? "";
    // An empty parameter ("/v2/images/") names nothing: no route, rather than an empty id.
    if (part.startsWith("{") && segment === "") return null;
    if (part === IMAGE) params.imageId = segment;
    else if (part === MEMBER) params.memberId = segment;
    else if (!part.startsWith("{") && part !== segment) return null;
  }
  return params;
}
