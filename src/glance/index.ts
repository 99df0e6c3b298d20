// cloud-image-sharing/glance: the OpenStack Image API v2 (Glance) over HTTP, built on an
// `ImageSharing` from the main entry (imported by package name, so both share one core).
// Web-standard `fetch` for any framework, a node:http `listener`; no router dependency.

export { createGlanceApi, type GlanceApi } from "./create-glance-api.js";
export type { ErrorBody, ErrorDetail, GlanceErrorStatus, HttpError } from "./http-error.js";
export type { NodeListener } from "./node-listener.js";
export type { GlanceApiOptions, GlanceAuthenticate } from "./options.js";
export { MAX_BODY_BYTES } from "./request-body.js";
export { GLANCE_OVERRIDES, glanceStatusOf } from "./sharing-error-status.js";
