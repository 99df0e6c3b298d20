// A small world for the Glance facade's tests: three accounts, users with each role, an
// in-memory store, the facade over it, and `call`, which sends one request through `api.fetch`
// (in-process, no socket) and reads the answer back.

import {
  createImageSharing,
  createInMemoryStore,
  type ImageSharing,
  type ImageSharingStore,
  type Principal,
} from "cloud-image-sharing";
import { createGlanceApi, type GlanceApi, type GlanceAuthenticate } from "cloud-image-sharing/glance";

/** The accounts: the producer shares with the consumer; `other` is a bystander. */
export const ACCOUNTS = { producer: "100001", consumer: "100002", other: "100003" } as const;

/** The endpoint's region, and another region of the same catalog. */
export const REGION = "IAD";
export const OTHER_REGION = "DFW";

const user = (userId: string, accountId: string, role: string): Principal => ({ userId, accountId, roles: [role] });

/** The users, by the token that authenticates them (the token is the user's name). */
export const USERS = {
  alice: user("alice", ACCOUNTS.producer, "cloudImages:admin"),
  amy: user("amy", ACCOUNTS.producer, "cloudImages:creator"),
  olga: user("olga", ACCOUNTS.producer, "cloudImages:observer"),
  bob: user("bob", ACCOUNTS.consumer, "cloudImages:admin"),
  carol: user("carol", ACCOUNTS.consumer, "cloudImages:observer"),
  dave: user("dave", ACCOUNTS.other, "cloudImages:admin"),
} as const satisfies Record<string, Principal>;

/** A user's name, which is also their token. */
export type UserName = keyof typeof USERS;

/** The authentication of these tests: `X-Auth-Token` is a user's name. */
export const authenticateByName: GlanceAuthenticate = (request) => {
  const token = request.headers.get("x-auth-token") ?? "";
  return Object.hasOwn(USERS, token) ? USERS[token as UserName] : null;
};

/** What a test sends besides method and path. */
export type CallOptions = {
  /** A value sent as JSON (with `Content-Type: application/json` unless `contentType` says otherwise). */
  readonly json?: unknown;
  /** A raw body, sent as it is. */
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
};

/** What came back: status, headers, the body as text, and parsed when it is JSON. */
export type CallResult = {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
};

/** A world: the service, its store, the facade, and a way to call it as one of the users. */
export type GlanceWorld = {
  readonly store: ImageSharingStore;
  readonly sharing: ImageSharing;
  readonly api: GlanceApi;
  readonly call: (as: UserName | null, method: string, path: string, options?: CallOptions) => Promise<CallResult>;
  /** Creates an image owned by `owner`'s account through the core, and returns its id. */
  readonly createImage: (owner: UserName, name: string, region?: string) => Promise<string>;
};

/** A fresh world; `memberQuota`, `store`, `newId` and `clock` as `createImageSharing` takes them. */
export function makeWorld(
  options: {
    memberQuota?: number;
    store?: ImageSharingStore;
    authenticate?: GlanceAuthenticate;
    newId?: () => string;
    clock?: () => Date;
  } = {},
): GlanceWorld {
  const store = options.store ?? createInMemoryStore({ accounts: Object.values(ACCOUNTS).map((id) => ({ id })) });
  const sharing = createImageSharing({
    store,
    regions: [REGION, OTHER_REGION],
    ...(options.memberQuota === undefined ? {} : { memberQuota: options.memberQuota }),
    ...(options.newId === undefined ? {} : { newId: options.newId }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const api = createGlanceApi({ sharing, region: REGION, authenticate: options.authenticate ?? authenticateByName });
  const call = (as: UserName | null, method: string, path: string, callOptions: CallOptions = {}) =>
    send(api, as, method, path, callOptions);
  const createImage = async (owner: UserName, name: string, region = REGION) => {
    const created = await sharing.createImage(USERS[owner], { name, region });
    if (created.isErr()) throw new Error(`setup: createImage failed: ${created.error.message}`);
    return created.value.id;
  };
  return { store, sharing, api, call, createImage };
}

async function send(
  api: GlanceApi,
  as: UserName | null,
  method: string,
  path: string,
  options: CallOptions,
): Promise<CallResult> {
  const headers = new Headers(options.headers);
  if (as !== null) headers.set("x-auth-token", as);
  let body: string | Uint8Array | undefined = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  const contentType = options.contentType ?? (options.json !== undefined ? "application/json" : undefined);
  if (contentType !== undefined) headers.set("content-type", contentType);
  const response = await api.fetch(
    new Request(`http://glance.test${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
  );
  const text = await response.text();
  let json: unknown = null;
  if ((response.headers.get("content-type") ?? "").startsWith("application/json")) json = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, json };
}

/** The path of an image, its id percent-encoded. */
export const imagePath = (imageId: string): string => `/v2/images/${encodeURIComponent(imageId)}`;

/** The `error` object of a Glance error body (fails the test when the body is not one). */
export function errorOf(result: CallResult): { code: number; message: string; type: string } & Record<string, unknown> {
  const body = result.json as {
    error?: { code: number; message: string; type: string } & Record<string, unknown>;
  } | null;
  if (body?.error === undefined)
    throw new Error(`not a Glance error body (status ${result.status}): ${result.text.slice(0, 200)}`);
  return body.error;
}

/** The ids of a Glance image list body. */
export function idsOf(result: CallResult): string[] {
  return (result.json as { images: { id: string }[] }).images.map((image) => image.id);
}
