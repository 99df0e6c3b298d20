import type { ImageSharingStore } from "cloud-image-sharing";
import { createPostgresStore, migrate, type SqlRow } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import { eventOf, imageOf, memberOf } from "./fixtures.js";
import { type RecordedStatement, type ScriptedClient, scriptedClient } from "./scripted-client.js";
import { HEAVY_ACCOUNT, LARGE, PROBE_ACCOUNT, seedLarge } from "./seed-large.js";

// Every statement the store runs is answered from an index. Proof by the planner itself: the
// store is seeded with tens of thousands of rows and ANALYZEd (no `enable_seqscan = off`), each
// store method is called, and every statement it sent is EXPLAINed with its own parameters.

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };

/** Every node of a plan tree. */
function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** The plan of one recorded statement, as the planner chooses it for these parameters. */
async function planOf(db: TestDatabase, statement: RecordedStatement): Promise<PlanNode[]> {
  const { rows } = await db.client.query(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.params);
  const json: unknown = (rows[0] as SqlRow)["QUERY PLAN"];
  const parsed = (typeof json === "string" ? JSON.parse(json) : json) as [{ Plan: PlanNode }];
  return nodesOf(parsed[0].Plan);
}

const SCAN_OF_A_TABLE = /Scan$/;

for (const target of TARGETS) {
  describe(`${target.name}: every query uses an index`, () => {
    let db: TestDatabase;
    let scripted: ScriptedClient;
    let store: ImageSharingStore;
    let schemaRef = "";
    beforeAll(async () => {
      db = await target.open();
      const schema = db.freshSchemaName();
      schemaRef = `"${schema}"`;
      okOrThrow(await migrate(db.client, { schema }));
      await seedLarge(db.client, schema);
      scripted = scriptedClient(db.client);
      store = createPostgresStore({ client: scripted.client, schema });
    }, 300_000);
    afterAll(async () => {
      await db?.close();
    });

    const someImage = "img-000107"; // owned by acct-0107, shared with up to three accounts
    const cursor = { createdAt: "2026-01-01T03:00:00.000Z", id: "img-010800" };
    const fresh = imageOf("img-new", { ownerAccountId: PROBE_ACCOUNT });
    const calls: { name: string; indexes: string[]; call: () => unknown }[] = [
      { name: "getImage (boot check, every access)", indexes: ["images_pkey"], call: () => store.getImage(someImage) },
      { name: "getMember (boot check of a share)", indexes: ["members_pkey"], call: () => store.getMember(someImage, "acct-0763") },
      { name: "listMembers", indexes: ["members_pkey"], call: () => store.listMembers(someImage) },
      { name: "countMembers", indexes: ["members_pkey"], call: () => store.countMembers(someImage) },
      { name: "accountExists", indexes: ["accounts_pkey"], call: () => store.accountExists(PROBE_ACCOUNT) },
      ...["global", "IAD"].flatMap((region) =>
        [null, cursor].map((after) => ({
          name: `listVisibleImages(${region}, ${after === null ? "first page" : "after a cursor"})`,
          // A small account: the planner may take either index with the owner (consumer) prefix.
          indexes: ["images_by_owner*", "members_by_consumer*"],
          call: () => store.listVisibleImages({ accountId: PROBE_ACCOUNT, region, after, limit: 101 }),
        })),
      ),
      ...["global", "IAD"].flatMap((region) =>
        [null, cursor].map((after) => ({
          name: `listVisibleImages of a heavy account (${region}, ${after === null ? "first page" : "after a cursor"})`,
          // A heavy account: only the index in list order avoids reading and sorting all its rows.
          indexes: region === "global" ? ["images_by_owner", "members_by_consumer"] : ["images_by_owner_region", "members_by_consumer_region"],
          call: () => store.listVisibleImages({ accountId: HEAVY_ACCOUNT, region, after, limit: 101 }),
        })),
      ),
      { name: "listPendingShares(global)", indexes: ["members_by_consumer*"], call: () => store.listPendingShares(PROBE_ACCOUNT, "global") },
      { name: "listPendingShares(IAD)", indexes: ["members_by_consumer_region"], call: () => store.listPendingShares(PROBE_ACCOUNT, "IAD") },
      { name: "getStorageUsage", indexes: ["images_by_owner*"], call: () => store.getStorageUsage(PROBE_ACCOUNT) },
      {
        name: "listEvents(first page)",
        indexes: ["account_events_pkey"],
        call: () => store.listEvents({ accountId: PROBE_ACCOUNT, after: null, limit: 101 }),
      },
      {
        name: "listEvents(after an event)",
        indexes: ["account_events_by_event", "account_events*"],
        call: () => store.listEvents({ accountId: PROBE_ACCOUNT, after: "evt-img-000207", limit: 101 }),
      },
      {
        name: "commit (create, then share on the new image)",
        indexes: ["images_pkey"],
        call: async () => {
          okOrThrow(await store.commit({ imageId: fresh.id, expectedVersion: null, image: fresh, events: [eventOf("ImageCreated", fresh)] }));
          return store.commit({
            imageId: fresh.id,
            expectedVersion: 1,
            putMembers: [memberOf(fresh.id, "acct-0008")],
            events: [eventOf("ImageShared", fresh, "acct-0008")],
          });
        },
      },
    ];

    for (const { name, indexes, call } of calls) {
      it(`${name}: no sequential scan; reads ${indexes.join(" + ")}`, async () => {
        scripted.reset();
        const result = (await call()) as { isOk(): boolean };
        expect(result.isOk()).toBe(true);
        expect(scripted.statements.length).toBeGreaterThan(0);
        const used = new Set<string>();
        for (const statement of scripted.statements) {
          const nodes = await planOf(db, statement);
          const scans = nodes.filter((n) => SCAN_OF_A_TABLE.test(n["Node Type"]) && n["Relation Name"] !== undefined);
          for (const scan of scans) {
            expect(scan["Node Type"], `${statement.text}\n→ ${scan["Node Type"]} on ${scan["Relation Name"]}`).not.toBe("Seq Scan");
          }
          for (const node of nodes) if (node["Index Name"] !== undefined) used.add(node["Index Name"]);
        }
        // "name*" accepts any index whose name starts with "name" (the planner's pick among equals).
        for (const index of indexes) {
          const found = [...used].some((u) => (index.endsWith("*") ? u.startsWith(index.slice(0, -1)) : u === index));
          expect(found, `${name}: used ${[...used].join(", ")}; expected ${index}`).toBe(true);
        }
      });
    }

    it("the proof is not vacuous: the store is large and the probe account a small part of it", async () => {
      const usage = okOrThrow(await store.getStorageUsage(PROBE_ACCOUNT));
      const visible = okOrThrow(await store.listVisibleImages({ accountId: PROBE_ACCOUNT, region: "global", after: null, limit: 1000 }));
      const pending = okOrThrow(await store.listPendingShares(PROBE_ACCOUNT, "global"));
      const { rows } = await db.client.query(
        `SELECT (SELECT count(*) FROM ${schemaRef}.images)::int AS images, (SELECT count(*) FROM ${schemaRef}.members)::int AS members`,
      );
      expect(Number(rows[0]?.images)).toBeGreaterThanOrEqual(LARGE.images);
      expect(Number(rows[0]?.members)).toBeGreaterThan(LARGE.images * 2);
      expect(usage.imageCount).toBeGreaterThan(0);
      expect(visible.length).toBeGreaterThan(usage.imageCount);
      expect(pending.length).toBeGreaterThan(0);
      expect(visible.length + pending.length).toBeLessThan(LARGE.images / 100);
    });
  });
}
