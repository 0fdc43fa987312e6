import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { runPolicies } from "@ecs-guardrails/core/engine/run";
import { reconcileServices, type ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { RecordingNotifier } from "../../../kit/recording-notifier.ts";
import type { RegisteredPolicy } from "@ecs-guardrails/core/registry";
import { scriptedStore } from "../../../support/scripted-store.ts";
import { REF, at, serviceDescription } from "../../../support/snapshots.ts";

// A service's settings are resolved once per invocation (the configured policies copied and the
// overrides merged over them) and passed down: not again for the snapshot's needs, the decision
// and the reconcile's filter. Counted by the reads of the configuration's policies, which each
// resolution copies once (config/resolve.ts; it parses nothing: issue 19, no zod in the ingest).

const quiet: RegisteredPolicy = {
  id: "auto-rollback",
  policy: {
    id: "auto-rollback",
    interestedIn: () => true,
    decide: () => [],
    tick: () => ({ decisions: [] }),
    wantsTick: () => true,
  },
};

const resolutions = { count: 0 };

/** The configuration, counting each read of its policies. */
function counted() {
  const config = parseConfig({});
  const { policies } = config;
  Object.defineProperty(config, "policies", { get: () => ((resolutions.count += 1), policies) });
  resolutions.count = 0;
  return config;
}

function deps(tags: Record<string, string> = {}): ReconcileDeps {
  const service = serviceDescription({ tags });
  return {
    config: counted(),
    store: scriptedStore().store,
    history: { timeline: async () => ({ items: [], cursor: undefined }) },
    ecs: {
      describeService: async () => service,
      listServices: async () => [service],
      updateService: async () => ({ deploymentId: undefined }),
    },
    notifier: new RecordingNotifier(),
    clock: { now: () => new Date(at(300)) },
    policies: [quiet],
  };
}

const event = { kind: "service-action", cluster: REF.cluster, service: REF.service } as unknown as GuardrailsEvent;

describe("settings resolution", () => {
  afterEach(() => vi.restoreAllMocks());

  it("resolves a service's settings once per event", async () => {
    const d = deps();
    await runPolicies(event, REF, d);
    expect(resolutions.count).toBe(1);
  });

  it("resolves a service's settings once per reconcile tick", async () => {
    const d = deps();
    await reconcileServices(d);
    expect(resolutions.count).toBe(1);
  });

  it("resolves again only to lay a service's guardrails tags over its configured settings", async () => {
    const d = deps({ "guardrails:auto-rollback": "observe" });
    await runPolicies(event, REF, d);
    // The configured settings, then once more with the tags laid over them.
    expect(resolutions.count).toBe(2);
  });
});
