import type { ImageSharing, Principal } from "cloud-image-sharing";
import type { Reply } from "./responses.js";

/** Everything a route handler needs: the service, the endpoint's region, who asks, and what. */
export type RouteContext = {
  readonly sharing: ImageSharing;
  /** The endpoint's region: images are created and listed there (R6). */
  readonly region: string;
  readonly principal: Principal;
  readonly request: Request;
  /** The path's `{image_id}` and `{member_id}`, percent-decoded (`""` where the route has none). */
  readonly params: { readonly imageId: string; readonly memberId: string };
  readonly query: URLSearchParams;
};

/** A route's answer to one authenticated request. */
export type RouteHandler = (context: RouteContext) => Promise<Reply>;
