import type { ImageSharing, Principal } from "cloud-image-sharing";
import { RegionCodeSchema } from "cloud-image-sharing";

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
] as const;

/** One problem in the options, with its path (the shape of the core's `ConfigurationError.issues`). */
type OptionIssue = { path: (string | number)[]; message: string };

/**
 * The options, checked at start-up: a misconfigured endpoint throws a `ConfigurationError`
 * (test `error.name`) listing every problem, before it answers anything. Own properties only.
 */
export function checkGlanceApiOptions(options: unknown): GlanceApiOptions {
  const issues: OptionIssue[] = [];
  if (typeof options !== "object" || options === null) {
    throw configurationError([{ path: [], message: "options are an object { sharing, region, authenticate }" }]);
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
  if (issues.length > 0) throw configurationError(issues);
  return {
    sharing: sharing as ImageSharing,
    region: region as string,
    authenticate: authenticate as GlanceAuthenticate,
  };
}

/** An `Error` named `ConfigurationError` with `issues`, as the core's factories throw. */
function configurationError(issues: OptionIssue[]): Error {
  const message = `createGlanceApi: invalid options: ${issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ")}`;
  return Object.assign(new Error(message), { name: "ConfigurationError", issues });
}
