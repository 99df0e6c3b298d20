// The story of `npm run example` (examples/scenario.ts), told again entirely through the stock
// `glance` client: same cast, same accounts, same steps in the same order, each with its
// expected outcome. Two kinds of step have no Glance command and are left out: the boot checks
// (`authorizeBoot` is not part of Glance's API) and reading the event log.
// Skipped unless GLANCE_CLI=1 (.ci/glance.sh).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAST } from "../../examples/scenario.js";
import { EXAMPLE_ACCOUNTS } from "../../examples/stores.js";
import {
  GLANCE_CLI_ENABLED,
  type GlanceCliWorld,
  type GlanceRun,
  propertyTable,
  startGlanceCliWorld,
  tableRows,
  tokenOf,
} from "./glance-cli.js";

const { producer, consumer } = EXAMPLE_ACCOUNTS;
const alice = tokenOf(CAST.alice);
const bob = tokenOf(CAST.bob);
const carol = tokenOf(CAST.carol);

/** One step: who runs which glance command, and what it must print or refuse. */
type Step = {
  readonly actor: string;
  readonly action: string;
  readonly run: () => Promise<GlanceRun>;
  readonly check: (run: GlanceRun) => void;
};

describe.skipIf(!GLANCE_CLI_ENABLED)("the scenario of `npm run example`, through the glance client", () => {
  let world: GlanceCliWorld;
  let imageId = "";

  beforeAll(async () => {
    world = await startGlanceCliWorld(Object.values(CAST));
  });

  afterAll(async () => {
    await world?.close();
  });

  const ok = (run: GlanceRun) => expect(run.code, run.stderr).toBe(0);
  const refused = (message: string) => (run: GlanceRun) => {
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
  };
  const memberRow = (status: string) => (run: GlanceRun) => {
    ok(run);
    expect(tableRows(run.stdout)).toEqual([[imageId, consumer, status]]);
  };
  const listed = (present: boolean) => (run: GlanceRun) => {
    ok(run);
    expect(
      tableRows(run.stdout)
        .map(([id]) => id)
        .includes(imageId),
    ).toBe(present);
  };
  const glance =
    (token: string, ...args: string[]) =>
    () =>
      world.glance(token, ...args);
  const withImage =
    (token: string, command: string, ...tail: string[]) =>
    () =>
      world.glance(token, command, imageId, ...tail);

  const steps: Step[] = [
    {
      actor: "alice",
      action: `creates the image "golden-web" for her account ${producer}`,
      run: glance(alice, "image-create", "--name", "golden-web"),
      check: (run) => {
        ok(run);
        imageId = propertyTable(run.stdout).id ?? "";
        expect(propertyTable(run.stdout)).toMatchObject({ name: "golden-web", owner: producer, region: "IAD" });
      },
    },
    {
      actor: "alice",
      action: `shares it with account ${consumer}`,
      run: withImage(alice, "member-create", consumer),
      check: memberRow("pending"),
    },
    {
      actor: "bob",
      action: "looks at his pending shares",
      run: glance(bob, "image-list", "--member-status", "pending"),
      check: listed(true),
    },
    {
      actor: "bob",
      action: "lists his images (a pending share is not there yet)",
      run: glance(bob, "image-list"),
      check: listed(false),
    },
    {
      actor: "bob",
      action: "accepts the share",
      run: withImage(bob, "member-update", consumer, "accepted"),
      check: memberRow("accepted"),
    },
    {
      actor: "carol",
      action: "(an observer in the same account) lists her images",
      run: glance(carol, "image-list"),
      check: listed(true),
    },
    {
      actor: "alice",
      action: `revokes the share (removes account ${consumer})`,
      run: withImage(alice, "member-delete", consumer),
      check: ok,
    },
    { actor: "bob", action: "opens the image again", run: withImage(bob, "image-show"), check: refused("not found") },
    {
      actor: "alice",
      action: "shares it a second time",
      run: withImage(alice, "member-create", consumer),
      check: memberRow("pending"),
    },
    {
      actor: "bob",
      action: "rejects the second share",
      run: withImage(bob, "member-update", consumer, "rejected"),
      check: memberRow("rejected"),
    },
    {
      actor: "bob",
      action: "tries to accept it after all",
      run: withImage(bob, "member-update", consumer, "accepted"),
      check: refused("re-share"),
    },
    {
      actor: "alice",
      action: "tries to share again while the rejected member exists",
      run: withImage(alice, "member-create", consumer),
      check: refused("already shared"),
    },
    {
      actor: "alice",
      action: `removes account ${consumer} from the image`,
      run: withImage(alice, "member-delete", consumer),
      check: ok,
    },
    {
      actor: "alice",
      action: "re-shares the image",
      run: withImage(alice, "member-create", consumer),
      check: memberRow("pending"),
    },
    {
      actor: "bob",
      action: "accepts the fresh share",
      run: withImage(bob, "member-update", consumer, "accepted"),
      check: memberRow("accepted"),
    },
    { actor: "carol", action: "finds it in her list again", run: glance(carol, "image-list"), check: listed(true) },
  ];

  it(`plays every step (${steps.length}) with the expected outcome`, { timeout: 120_000 }, async () => {
    for (const [index, step] of steps.entries()) {
      const run = await step.run();
      try {
        step.check(run);
      } catch (error) {
        throw new Error(
          `step ${index + 1}: ${step.actor} ${step.action}: ${(error as Error).message}\n${run.stdout}${run.stderr}`,
        );
      }
    }
  });
});
