import type { ImageSharingStore } from "cloud-image-sharing";
import { createPostgresStore, migrate, type SqlRow } from "cloud-image-sharing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { okOrThrow, TARGETS, type TestDatabase } from "./databases.js";
import { eventOf, imageOf, memberOf } from "./fixtures.js";
import { type RecordedStatement, type ScriptedClient, scriptedClient } from "./scripted-client.js";
import { HEAVY_ACCOUNT, LARGE, NOW, PROBE_ACCOUNT, seedLarge } from "./seed-large.js";

// Every statement the store runs is answered from an index. Proof by the planner itself: the
// store is seeded with tens of thousands of rows (through importCatalog) and ANALYZEd (no
// `enable_seqscan = off`), each store method is called, and every statement it sent is
// EXPLAINed with its own parameters. And a list never walks expired shares: the heavy
// account's 10,000 expired shares are not read, by EXPLAIN ANALYZE's own row counts.

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
};

/** Every node of a plan tree. */
function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** The plan of one recorded statement, as the planner chooses it for these parameters (`analyze`: also run it and count rows). */
async function planOf(db: TestDatabase, statement: RecordedStatement, analyze = false): Promise<PlanNode[]> {
  const { rows } = await db.client.query(
    `EXPLAIN (${analyze ? "ANALYZE, " : ""}FORMAT JSON) ${statement.text}`,
    statement.params,
  );
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
    const page = { after: null, limit: 101, now: NOW };
    const calls: { name: string; indexes: string[]; call: () => unknown }[] = [
      {
        name: "readImageFacts: image + own member (boot check, every access)",
        indexes: ["images_pkey", "members_pkey"],
        call: () => store.readImageFacts({ imageId: someImage, accountId: "acct-0763" }),
      },
      {
        name: "readImageFacts: the boot checks of one turn, in one statement",
        indexes: ["images_pkey", "members_pkey"],
        call: async () => {
          const answers = await Promise.all(
            ["acct-0763", "acct-0107", PROBE_ACCOUNT].map((accountId) =>
              store.readImageFacts({ imageId: someImage, accountId }),
            ),
          );
          expect(scripted.statements).toHaveLength(1);
          return answers[0];
        },
      },
      {
        name: "readImageFacts: share facts (consumer's member, existence, policy, member count)",
        indexes: ["images_pkey", "members_pkey", "accounts_pkey", "sharing_policies_pkey"],
        call: () =>
          store.readImageFacts({ imageId: someImage, accountId: "acct-0107", consumerAccountId: PROBE_ACCOUNT }),
      },
      {
        name: "readImageFacts: every member (delete, listMembers)",
        indexes: ["images_pkey", "members_pkey"],
        call: () => store.readImageFacts({ imageId: someImage, accountId: "acct-0107", withMembers: true }),
      },
      ...["global", "IAD"].flatMap((region) =>
        [null, cursor].map((after) => ({
          name: `listVisibleImages(${region}, ${after === null ? "first page" : "after a cursor"})`,
          // A small account: the planner may take any index with the owner (consumer) prefix.
          indexes: ["images_by_owner*", "members_accepted*"],
          call: () => store.listVisibleImages({ ...page, accountId: PROBE_ACCOUNT, region, after }),
        })),
      ),
      ...["global", "IAD"].flatMap((region) =>
        [null, cursor].map((after) => ({
          name: `listVisibleImages of a heavy account (${region}, ${after === null ? "first page" : "after a cursor"})`,
          // A heavy account: only the indexes in list order avoid reading and sorting all its rows.
          indexes:
            region === "global"
              ? ["images_by_owner", "members_accepted", "members_expiring"]
              : ["images_by_owner_region", "members_accepted_region", "members_expiring"],
          call: () => store.listVisibleImages({ ...page, accountId: HEAVY_ACCOUNT, region, after }),
        })),
      ),
      {
        name: "listPendingShares(global)",
        indexes: ["members_pending*"],
        call: () => store.listPendingShares({ ...page, accountId: PROBE_ACCOUNT, region: "global" }),
      },
      {
        name: "listPendingShares of a heavy account (global)",
        indexes: ["members_pending", "members_expiring"],
        call: () => store.listPendingShares({ ...page, accountId: HEAVY_ACCOUNT, region: "global" }),
      },
      {
        name: "listPendingShares of a heavy account (IAD, after a cursor)",
        indexes: ["members_pending_region", "members_expiring"],
        call: () => store.listPendingShares({ ...page, accountId: HEAVY_ACCOUNT, region: "IAD", after: cursor }),
      },
      { name: "getStorageUsage", indexes: ["storage_usage_pkey"], call: () => store.getStorageUsage(PROBE_ACCOUNT) },
      {
        name: "getSharingPolicy",
        indexes: ["sharing_policies_pkey"],
        call: () => store.getSharingPolicy(PROBE_ACCOUNT),
      },
      {
        name: "listEvents(first page)",
        indexes: ["events_by_owner", "events_by_consumer"],
        call: () => store.listEvents({ accountId: PROBE_ACCOUNT, after: null, limit: 101 }),
      },
      {
        name: "listEvents(after an event)",
        indexes: ["events_pkey", "events_by_owner", "events_by_consumer"],
        call: async () => {
          const first = okOrThrow(await store.listEvents({ accountId: PROBE_ACCOUNT, after: null, limit: 3 }))?.[1];
          scripted.reset();
          return store.listEvents({ accountId: PROBE_ACCOUNT, after: first?.id ?? "none", limit: 101 });
        },
      },
      {
        name: "commits of one turn on two images, in one statement (batched member changes)",
        indexes: ["images_pkey"],
        call: async () => {
          const pair = ["img-batch-a", "img-batch-b"].map((id) => imageOf(id, { ownerAccountId: PROBE_ACCOUNT }));
          const versions: number[] = [];
          for (const image of pair) {
            const created = okOrThrow(
              await store.commit({
                imageId: image.id,
                expectedVersion: null,
                image,
                events: [eventOf("ImageCreated", image)],
              }),
            );
            versions.push(created.version ?? -1);
          }
          scripted.reset();
          const results = await Promise.all(
            pair.map((image, i) =>
              store.commit({
                imageId: image.id,
                expectedVersion: versions[i] ?? -1,
                putMembers: [memberOf(image.id, "acct-0008")],
                events: [eventOf("ImageShared", image, "acct-0008")],
              }),
            ),
          );
          expect(scripted.statements).toHaveLength(1);
          return results[1];
        },
      },
      {
        name: "commit (create, then share on the new image)",
        indexes: ["images_pkey"],
        call: async () => {
          okOrThrow(
            await store.commit({
              imageId: fresh.id,
              expectedVersion: null,
              image: fresh,
              events: [eventOf("ImageCreated", fresh)],
            }),
          );
          const version =
            okOrThrow(await store.readImageFacts({ imageId: fresh.id, accountId: PROBE_ACCOUNT })).image?.version ?? -1;
          return store.commit({
            imageId: fresh.id,
            expectedVersion: version,
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
          // account_events holds the events of 0.1 databases only (read, never written by 0.2): empty here.
          const scans = nodes.filter(
            (n) =>
              SCAN_OF_A_TABLE.test(n["Node Type"]) &&
              n["Relation Name"] !== undefined &&
              n["Relation Name"] !== "account_events",
          );
          for (const scan of scans) {
            expect(scan["Node Type"], `${statement.text}\n→ ${scan["Node Type"]} on ${scan["Relation Name"]}`).not.toBe(
              "Seq Scan",
            );
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

    it("R18: a list page of the heavy account reads its unexpired shares only, never its 10,000 expired ones", async () => {
      for (const call of [
        () => store.listVisibleImages({ ...page, accountId: HEAVY_ACCOUNT, region: "global" }),
        () => store.listPendingShares({ ...page, accountId: HEAVY_ACCOUNT, region: "global" }),
        () => store.listPendingShares({ ...page, accountId: HEAVY_ACCOUNT, region: "LON" }),
      ]) {
        scripted.reset();
        expect(((await call()) as { isOk(): boolean }).isOk()).toBe(true);
        const [statement] = scripted.statements;
        if (statement === undefined) throw new Error("no statement");
        const nodes = await planOf(db, statement, true);
        const membersRead = nodes
          .filter((n) => n["Relation Name"] === "members")
          .reduce(
            (sum, n) =>
              sum +
              ((n["Actual Rows"] ?? 0) +
                (n["Rows Removed by Filter"] ?? 0) +
                (n["Rows Removed by Index Recheck"] ?? 0)) *
                (n["Actual Loops"] ?? 1),
            0,
          );
        // Three branches of at most a page each (101), plus the 50 shares that expire later.
        expect(membersRead, statement.text).toBeLessThanOrEqual(3 * 101 + 50);
      }
    });

    it("the proof is not vacuous: the store is large and the probe account a small part of it", async () => {
      const usage = okOrThrow(await store.getStorageUsage(PROBE_ACCOUNT));
      const visible = okOrThrow(
        await store.listVisibleImages({ ...page, accountId: PROBE_ACCOUNT, region: "global", limit: 1000 }),
      );
      const pending = okOrThrow(
        await store.listPendingShares({ ...page, accountId: PROBE_ACCOUNT, region: "global", limit: 1000 }),
      );
      const heavyPending = okOrThrow(
        await store.listPendingShares({ ...page, accountId: HEAVY_ACCOUNT, region: "global", limit: 1000 }),
      );
      const { rows } = await db.client.query(
        `SELECT (SELECT count(*) FROM ${schemaRef}.images)::int AS images, (SELECT count(*) FROM ${schemaRef}.members)::int AS members,
                (SELECT count(*) FROM ${schemaRef}.members WHERE consumer_account_id = '${HEAVY_ACCOUNT}' AND expires_ms < ${Date.parse(NOW)})::int AS expired`,
      );
      expect(Number(rows[0]?.images)).toBeGreaterThanOrEqual(LARGE.images);
      expect(Number(rows[0]?.members)).toBeGreaterThan(LARGE.images * 2);
      expect(Number(rows[0]?.expired)).toBe(10_000);
      expect(usage.imageCount).toBeGreaterThan(0);
      expect(visible.length).toBeGreaterThan(usage.imageCount);
      expect(pending.length).toBeGreaterThan(0);
      expect(visible.length + pending.length).toBeLessThan(LARGE.images / 100);
      // 1,000 of the heavy account's 2,000 + 25 unexpired pending shares: a full page, none expired.
      expect(heavyPending).toHaveLength(1000);
      expect(heavyPending.every((p) => p.member.expiresAt === undefined || p.member.expiresAt > NOW)).toBe(true);
    });
  });
}
