// Version discovery (glance/api/versions.py). The glance client sends GET /versions before
// every command and goes on with API v2 only if some `versions[].id` starts with "v2".
//
// Which versions: the facade serves the image and member routes of v2.0 with the visibility
// semantics of v2.5 (an image that can have members is "shared"), so it lists v2.0–v2.5 and
// nothing newer. Clients probe newer features by version (glanceclient's `has_version("v2.12")`
// for image tasks) and are told, correctly, that this endpoint does not have them.

const VERSIONS = ["2.5", "2.4", "2.3", "2.2", "2.1", "2.0"] as const;

/** One entry of the discovery document. */
export type VersionEntry = { id: string; status: "CURRENT" | "SUPPORTED"; links: { rel: "self"; href: string }[] };

/**
 * The discovery document, `{ versions: [...] }`, each version linking to `<origin>/v2/`.
 * `origin` is the scheme and authority the client used (Glance's `application_url`).
 */
export function versionsDocument(origin: string): { versions: VersionEntry[] } {
  const href = `${origin}/v2/`;
  return {
    versions: VERSIONS.map((version, index) => ({
      id: `v${version}`,
      status: index === 0 ? "CURRENT" : "SUPPORTED",
      links: [{ rel: "self", href }],
    })),
  };
}
