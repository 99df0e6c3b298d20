import { err, ok, type Result } from "neverthrow";
import { type HttpError, HttpErrors } from "./http-error.js";
import { checkNameValue, refusalForAttribute } from "./image-attributes.js";

// PATCH /v2/images/{id}: Glance's JSON-patch dialects (glance/api/v2/images.py,
// `RequestDeserializer.update`): media type ...-v2.1-json-patch carries RFC 6902-style
// operations `{ "op": "replace", "path": "/name", "value": "x" }` (JSON-schema draft 10);
// ...-v2.0-json-patch the older `{ "replace": "/name", "value": "x" }` (draft 4). Either way the
// only attribute a client may write here is the name; the whole patch is checked before
// anything is stored, so a patch with one bad operation changes nothing.

const OPERATIONS = ["add", "remove", "replace"] as const;
type Operation = (typeof OPERATIONS)[number];

/** What a checked patch asks for: a new name, or `null` when it changes nothing. */
export type ImagePatch = { readonly name: string | null };

/** Checks a patch body in the dialect of its media type's JSON-schema draft (4 or 10). */
export function parseImagePatch(body: unknown, draft: 4 | 10): Result<ImagePatch, HttpError> {
  if (!Array.isArray(body))
    return err(HttpErrors.badRequest("Request body must be a JSON array of operation objects."));
  let name: string | null = null;
  for (const [index, raw] of body.entries()) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      return err(HttpErrors.badRequest("Operations must be JSON objects.", [index]));
    const change = raw as Record<string, unknown>;
    const operation = draft === 10 ? operationDraft10(change, index) : operationDraft4(change, index);
    if (operation.isErr()) return err(operation.error);
    const { op, path } = operation.value;
    const attribute = attributeOf(path, index);
    if (attribute.isErr()) return err(attribute.error);
    const applied = applyOperation(op, attribute.value, change, index);
    if (applied.isErr()) return err(applied.error);
    if (applied.value !== undefined) name = applied.value;
  }
  return ok({ name });
}

/** One operation's effect: a new name, `undefined` for a harmless no-op, or a refusal. */
function applyOperation(
  op: Operation,
  attribute: string,
  change: Record<string, unknown>,
  index: number,
): Result<string | undefined, HttpError> {
  if (attribute === "owner") return err(HttpErrors.readOnly("owner"));
  if (attribute !== "name" && attribute !== "visibility")
    return err(refusalForAttribute(attribute) ?? HttpErrors.badRequest("unsupported operation", [index]));
  if (op === "remove")
    return err(HttpErrors.badRequest(`'${attribute}' cannot be removed: every image has one`, [index, "path"]));
  if (!Object.hasOwn(change, "value"))
    return err(HttpErrors.badRequest(`Operation "${op}" requires a member named "value".`, [index]));
  const value = change.value;
  if (attribute === "visibility") {
    return value === "shared"
      ? ok(undefined)
      : err(
          HttpErrors.badRequest("every image here can be shared with other accounts: visibility is 'shared'", [
            index,
            "value",
          ]),
        );
  }
  const refusal = checkNameValue(value, [index, "value"]);
  return refusal === null ? ok(value as string) : err(refusal);
}

function operationDraft10(
  change: Record<string, unknown>,
  index: number,
): Result<{ op: Operation; path: unknown }, HttpError> {
  const op = change.op;
  if (op === undefined)
    return err(
      HttpErrors.badRequest(
        `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${OPERATIONS.join(", ")}.`,
        [index],
      ),
    );
  if (!isOperation(op))
    return err(
      HttpErrors.badRequest(`Invalid operation. It must be one of the following: ${OPERATIONS.join(", ")}.`, [
        index,
        "op",
      ]),
    );
  if (!Object.hasOwn(change, "path"))
    return err(HttpErrors.badRequest("Unable to find 'path' in JSON Schema change", [index]));
  return ok({ op, path: change.path });
}

function operationDraft4(
  change: Record<string, unknown>,
  index: number,
): Result<{ op: Operation; path: unknown }, HttpError> {
  const present = OPERATIONS.filter((op) => Object.hasOwn(change, op));
  const [op] = present;
  if (present.length !== 1 || op === undefined) {
    return err(
      HttpErrors.badRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".', [
        index,
      ]),
    );
  }
  return ok({ op, path: change[op] });
}

function isOperation(value: unknown): value is Operation {
  return typeof value === "string" && (OPERATIONS as readonly string[]).includes(value);
}

/**
 * The attribute a JSON pointer names. Image attributes sit at the top level, so a pointer is
 * `/` and one reference token (`~1` for `/`, `~0` for `~`), as Glance's `_validate_path` demands.
 */
function attributeOf(path: unknown, index: number): Result<string, HttpError> {
  if (typeof path !== "string" || !path.startsWith("/"))
    return err(HttpErrors.badRequest('a path is a JSON pointer starting with "/"', [index, "path"]));
  const token = path.slice(1);
  if (token === "" || token.includes("/") || /~[^01]|~$/.test(token)) {
    return err(
      HttpErrors.badRequest(`Invalid JSON pointer for this resource: '${path.slice(0, 64)}'`, [index, "path"]),
    );
  }
  return ok(token.replaceAll("~1", "/").replaceAll("~0", "~"));
}
