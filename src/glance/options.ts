import type { ImageSharing, Principal, ValidationIssue } from "cloud-image-sharing";
import { ConfigurationError, RegionCodeSchema } from "cloud-image-sharing";

/**
 * Turns a request into the principal acting in it, or `null` for "not authenticated" (401).
 * It sees the method, URL and headers (typically `X-Auth-Token`, which the glance client sends
 * percent-encoded), never the body. It may be async. If it throws or rejects, the request is
 * answered 500 without details.
 */
export type GlanceAuthenticate = (request: Request) => Principal | null | Promise<Principal | null>;

/** The options of {@link createGlanceApi}. */
export type GlanceApiOptions = {
  /** The service the facade speaks for (`createImageSharing(...)`). */
  readonly sharing: ImageSharing;
  /** The endpoint's region, one of the service's catalog: images are created and listed there (R6). */
  readonly region: string;
  readonly authenticate: GlanceAuthenticate;
};

/** The methods of `ImageSharing` the facade calls. */
const SHARING_METHODS = [
  "createImage",
  "updateImage",
  "deleteImage",
  "getImage",
  "listImages",
  "shareImage",
  "unshareImage",
  "listMembers",
  "listPendingShares",
  "acceptImage",
  "rejectImage",
  "getSharingPolicy",
  "setSharingPolicy",
] as const;

/**
 * The options, checked at start-up: a misconfigured endpoint throws a `ConfigurationError`
 * (test `error.name`) listing every problem, before it answers anything. Own properties only.
 */
export function checkGlanceApiOptions(options: unknown): GlanceApiOptions {
  const issues: ValidationIssue[] = [];
  if (typeof options !== "object" || options === null) {
    throw new ConfigurationError("createGlanceApi", [
      { path: [], message: "options are an object { sharing, region, authenticate }" },
    ]);
  }
  const own = (key: string): unknown =>
    Object.hasOwn(options, key) ? (options as Record<string, unknown>)[key] : undefined;
  const sharing = own("sharing");
  if (typeof sharing !== "object" || sharing === null) {
    issues.push({ path: ["sharing"], message: "an ImageSharing (from createImageSharing) is required" });
  } else {
    for (const method of SHARING_METHODS) {
      if (typeof (sharing as Record<string, unknown>)[method] !== "function")
        issues.push({ path: ["sharing", method], message: "must be a function" });
    }
  }
  const region = own("region");
  const parsedRegion = RegionCodeSchema.safeParse(region);
  if (!parsedRegion.success)
    issues.push({ path: ["region"], message: parsedRegion.error.issues.map((issue) => issue.message).join("; ") });
  const authenticate = own("authenticate");
  if (typeof authenticate !== "function")
    issues.push({ path: ["authenticate"], message: "a function (request) => principal | null is required" });
  if (issues.length > 0) throw new ConfigurationError("createGlanceApi", issues);
  return {
    sharing: sharing as ImageSharing,
    region: region as string,
    authenticate: authenticate as GlanceAuthenticate,
  };
}
