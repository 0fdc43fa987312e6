import { InvalidParameterException, ListClustersCommand, paginateListClusters } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, webService } from "./world.ts";
import type { World } from "./world.ts";

// ListClusters through the real ECS SDK client: every cluster's ARN, paged with maxResults and
// nextToken like the other list operations.

const arn = (name: string) => `arn:aws:ecs:us-east-1:111122223333:cluster/${name}`;
let world: World;

beforeEach(async () => {
  world = await startWorld();
  webService(world, { desiredCount: 1 });
  world.sim.addCluster("staging");
  world.sim.addCluster("batch", { team: "data" });
});
afterEach(async () => {
  await world.close();
});

describe("ListClusters", () => {
  it("lists every cluster, in the order they were created, on one page by default", async () => {
    const out = await world.ecs.send(new ListClustersCommand({}));

    expect(out.clusterArns).toEqual([arn("prod"), arn("staging"), arn("batch")]);
    expect(out.nextToken).toBeUndefined();
  });

  it("lists clusters page by page with maxResults and nextToken", async () => {
    const first = await world.ecs.send(new ListClustersCommand({ maxResults: 2 }));
    const second = await world.ecs.send(new ListClustersCommand({ maxResults: 2, nextToken: first.nextToken }));

    expect(first.clusterArns).toEqual([arn("prod"), arn("staging")]);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(second.clusterArns).toEqual([arn("batch")]);
    expect(second.nextToken).toBeUndefined();
  });

  it("works with the SDK's paginator", async () => {
    const seen: string[] = [];

    for await (const page of paginateListClusters({ client: world.ecs, pageSize: 1 }, {}))
      seen.push(...page.clusterArns!);

    expect(seen).toEqual([arn("prod"), arn("staging"), arn("batch")]);
  });

  it("sends a reply whose every field the SDK keeps", async () => {
    const out = await world.ecs.send(new ListClustersCommand({ maxResults: 1 }));

    const raw = JSON.parse(world.calls.filter((c) => c.operation === "ListClusters").at(-1)!.response) as Record<
      string,
      unknown
    >;
    expect(Object.keys(raw).sort()).toEqual(["clusterArns", "nextToken"]);
    expect(out).toMatchObject(raw);
  });

  it("raises InvalidParameterException for a maxResults outside 1..100 or a token it did not issue", async () => {
    await expect(world.ecs.send(new ListClustersCommand({ maxResults: 0 }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(world.ecs.send(new ListClustersCommand({ maxResults: 101 }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    await expect(world.ecs.send(new ListClustersCommand({ nextToken: "not-a-token" }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Invalid nextToken.",
    });
  });
});
