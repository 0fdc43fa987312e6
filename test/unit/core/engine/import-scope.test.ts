import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../packages/core/src/config/load.ts";
import { importScope } from "../../../../packages/core/src/engine/import-scope.ts";
import type { ServiceState } from "../../../../packages/core/src/history/model.ts";
import {
  deployment,
  deploymentArn,
  fakeEcsHistory,
  memoryImportStores,
  namedError,
  revision,
  revisionArn,
  td,
} from "../../../support/ecs-history.ts";
import { serviceDescription } from "../../../support/snapshots.ts";

// `guardrails import` over the configured scope: each service in scope once, narrowed by globs.

const clock = { now: () => new Date("2026-12-01T12:00:00.000Z") };
const services = [
  ["prod", "web"],
  ["prod", "api"],
  ["staging", "web"],
].map(([cluster, service]) => serviceDescription({ cluster: cluster!, service: service! }));

function deps(options: { clusters?: string[]; fail?: string; imported?: string[] } = {}) {
  const ecs = fakeEcsHistory(
    [
      deployment(
        deploymentArn("prod", "web", "SD1"),
        revisionArn("prod", "web", "7"),
        "SUCCESSFUL",
        "2026-11-30T09:00:00.000Z",
      ),
    ],
    [revision(revisionArn("prod", "web", "7"), td("web", 7), "2026-11-30T09:00:00.000Z")],
    { fail: () => (options.fail ? namedError(options.fail) : undefined) },
  );
  return {
    ecs,
    deps: {
      config: parseConfig({ scope: { clusters: options.clusters ?? ["prod"] } }),
      ecs: { listServices: async () => services },
      ecsHistory: ecs.port,
      clock,
      ...memoryImportStores(),
      state: async (ref: { service: string }) =>
        options.imported?.includes(ref.service)
          ? ({
              imported: {
                status: "imported",
                deployments: 4,
                since: "x",
                at: "x",
                capped: false,
                calls: 3,
                reason: undefined,
              },
            } as ServiceState)
          : undefined,
    },
  };
}

describe("importing every service in scope", () => {
  it("imports each service of the configured clusters, and says which were imported before", async () => {
    const { deps: d } = deps({ imported: ["api"] });
    const rows = await importScope(d);
    expect(rows.map((r) => [r.cluster, r.service, r.status, r.knownGood])).toEqual([
      ["prod", "web", "imported", td("web", 7)],
      ["prod", "api", "imported-before", undefined],
    ]);
  });

  it("narrows the scope with --cluster and --service globs", async () => {
    const { deps: d } = deps({ clusters: ["*"] });
    expect((await importScope(d, { service: "w*" })).map((r) => `${r.cluster}/${r.service}`)).toEqual([
      "prod/web",
      "staging/web",
    ]);
  });

  it("reports a throttled service as failed, to be imported by a later run, and still imports the others", async () => {
    const { deps: d } = deps({ fail: "ThrottlingException" });
    const rows = await importScope(d);
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(rows[0]?.reason).toMatch(/^ThrottlingException/);
  });
});
