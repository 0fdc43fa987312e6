import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@ecs-guardrails/core/config/load";
import { policiesSettings } from "@ecs-guardrails/core/config/schema";
import { runPolicies } from "@ecs-guardrails/core/engine/run";
import { reconcileServices, type ReconcileDeps } from "@ecs-guardrails/core/engine/reconcile";
import type { GuardrailsEvent } from "@ecs-guardrails/core/events/model";
import { RecordingNotifier } from "../../../kit/recording-notifier.ts";
import type { RegisteredPolicy } from "@ecs-guardrails/core/registry";
import { scriptedStore } from "../../../support/scripted-store.ts";
import { REF, at, serviceDescription } from "../../../support/snapshots.ts";

// A service's settings are resolved once per invocation (overrides merged, one parse of every
// policy's settings) and passed down: not again for the snapshot's needs, the decision and
// the reconcile's filter. Counted by the parses of the policies' settings schema.

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

function deps(tags: Record<string, string> = {}): ReconcileDeps {
  const service = serviceDescription({ tags });
  return {
    config: parseConfig({}),
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

  it("parses a service's settings once per event", async () => {
    const d = deps();
    const parse = vi.spyOn(policiesSettings, "safeParse");
    await runPolicies(event, REF, d);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it("parses a service's settings once per reconcile tick", async () => {
    const d = deps();
    const parse = vi.spyOn(policiesSettings, "safeParse");
    await reconcileServices(d);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it("parses again only to lay a service's guardrails tags over its configured settings", async () => {
    const d = deps({ "guardrails:auto-rollback": "observe" });
    const parse = vi.spyOn(policiesSettings, "safeParse");
    await runPolicies(event, REF, d);
    // The configured settings, then the tag validated on its own and the merge parsed once.
    expect(parse).toHaveBeenCalledTimes(3);
  });
});
