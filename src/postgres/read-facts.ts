import type { ConsumerFacts, ImageFacts, ImageFactsQuery } from "../ports/store.js";
import { basicFactsFrom, FACTS_JSON } from "./batched-facts.js";
import type { SqlQueryable, SqlRow } from "./client.js";
import {
  booleanColumn,
  imageColumns,
  imageFrom,
  jsonColumn,
  memberColumns,
  memberFrom,
  memberJson,
  membersFromJson,
  numberColumn,
  policyColumns,
  policyFrom,
} from "./rows.js";
import type { TableNames } from "./schema.js";

// The facts of one image-scoped decision (`readImageFacts`): one statement per shape of question,
// each answered from primary keys (see the EXPLAIN tests).

/**
 * Every fact of one image-scoped decision in one statement: the image and its version, the
 * acting account's member record, and on request the consumer's record, existence, policy and
 * the member count, and every member. One statement also means one snapshot: the facts are
 * consistent with each other and with the version the commit will check.
 */
export async function readImageFacts(db: SqlQueryable, t: TableNames, query: ImageFactsQuery): Promise<ImageFacts> {
  const { consumerAccountId } = query;
  const withMembers = query.withMembers === true;
  const params =
    consumerAccountId === undefined
      ? [query.imageId, query.accountId]
      : [query.imageId, query.accountId, consumerAccountId];
  // Prepared: the boot check's and every decision's statement, four texts sent again and again.
  const { rows } = await db.query(factsStatement(t, consumerAccountId !== undefined, withMembers), params, {
    prepare: true,
  });
  // The hot shape (boot checks, accept, reject, rename): one json column, no row for no image.
  if (consumerAccountId === undefined && !withMembers) return basicFactsFrom(rows[0]);
  // FROM (SELECT 1) LEFT JOIN …: always exactly one row.
  const row: SqlRow = rows[0] ?? {};
  const found = row.i_id !== null && row.i_id !== undefined;
  const image = found ? { image: imageFrom(row), version: numberColumn(row, "i_version") } : null;
  const member = found && row.m_image !== null && row.m_image !== undefined ? memberFrom(row, "m") : null;
  const facts: ImageFacts = {
    image,
    member,
    ...(consumerAccountId === undefined ? {} : { consumer: consumerFrom(row, found) }),
    ...(withMembers ? { members: found ? membersFromJson(jsonColumn(row, "all_members")) : [] } : {}),
  };
  return facts;
}

/** The consumer's facts in a row of {@link factsStatement} with a consumer. */
function consumerFrom(row: SqlRow, imageFound: boolean): ConsumerFacts {
  const policy = policyFrom(row);
  return {
    member: imageFound && row.c_image !== null && row.c_image !== undefined ? memberFrom(row, "c") : null,
    exists: booleanColumn(row, "c_exists"),
    policy: policy?.policy ?? null,
    policyVersion: policy?.version ?? null,
    memberCount: imageFound ? numberColumn(row, "c_count") : 0,
  };
}

/** The texts of {@link readImageFacts}, per table names and shape: built once, not on every call. */
const factsStatements = new WeakMap<TableNames, Map<number, string>>();

/** The facts statement (`$1` image, `$2` acting account, `$3` consumer) of one shape. */
function factsStatement(t: TableNames, withConsumer: boolean, withMembers: boolean): string {
  let texts = factsStatements.get(t);
  if (texts === undefined) {
    texts = new Map();
    factsStatements.set(t, texts);
  }
  const shape = (withConsumer ? 1 : 0) + (withMembers ? 2 : 0);
  const known = texts.get(shape);
  if (known !== undefined) return known;
  if (shape === 0) {
    // One json column instead of fourteen: the driver decodes one field, not fourteen (the boot check's statement).
    const text = `SELECT ${FACTS_JSON} AS facts
      FROM ${t.images} i LEFT JOIN ${t.members} me ON me.image_id = i.id AND me.consumer_account_id = $2 WHERE i.id = $1`;
    texts.set(shape, text);
    return text;
  }
  const columns = [`${imageColumns("i")}, i.version AS i_version`, memberColumns("me", "m")];
  const joins = [
    `LEFT JOIN ${t.images} i ON i.id = $1`,
    `LEFT JOIN ${t.members} me ON me.image_id = $1 AND me.consumer_account_id = $2`,
  ];
  if (withConsumer) {
    columns.push(
      memberColumns("c", "c"),
      `EXISTS (SELECT 1 FROM ${t.accounts} a WHERE a.id = $3) AS c_exists`,
      policyColumns("p"),
      `(SELECT count(*) FROM ${t.members} mc WHERE mc.image_id = $1) AS c_count`,
    );
    joins.push(
      `LEFT JOIN ${t.members} c ON c.image_id = $1 AND c.consumer_account_id = $3`,
      `LEFT JOIN ${t.sharingPolicies} p ON p.account_id = $3`,
    );
  }
  if (withMembers) {
    columns.push(
      `(SELECT json_agg(${memberJson("ma")} ORDER BY ma.created_at DESC, ma.consumer_account_id DESC) FROM ${t.members} ma WHERE ma.image_id = $1) AS all_members`,
    );
  }
  const text = `SELECT ${columns.join(", ")} FROM (SELECT 1) AS one ${joins.join(" ")}`;
  texts.set(shape, text);
  return text;
}
