import type {
  ClaimResult,
  CompleteResult,
  DecisionRecord,
  DecisionStore,
  ParkResult,
} from "../../packages/core/src/engine/ports.ts";
import type { OpenIntent } from "../../packages/core/src/model/decision.ts";
import type { Notice } from "../../packages/core/src/notifications/notice.ts";

// A DecisionStore that answers as scripted and records what the engine asked of it, for unit
// tests of the engine's lifecycle decisions (the DynamoDB store is tested against DynamoDB Local).

export function scriptedStore(
  script: { claim?: ClaimResult; complete?: CompleteResult; park?: ParkResult; resume?: boolean } = {},
) {
  const calls: {
    op: string;
    key?: string;
    record?: DecisionRecord;
    notice?: Notice | undefined;
    owner?: string | undefined;
    intent?: OpenIntent;
  }[] = [];
  const store: DecisionStore = {
    loadHistory: async () => ({ state: undefined, deployments: [] }),
    claim: async (_ref, intent) => (
      calls.push({ op: "claim", key: intent.key, intent }), script.claim ?? { status: "claimed" }
    ),
    resume: async (_ref, intent, owner) => (
      calls.push({ op: "resume", key: intent.key, owner }), script.resume ?? true
    ),
    complete: async (_ref, record, notice, o) => (
      calls.push({ op: "complete", key: record.key, record, notice, owner: o.owner }),
      script.complete ?? { status: "completed" }
    ),
    park: async (_ref, record, notice, o) => (
      calls.push({ op: "park", key: record.key, record, notice, owner: o.owner }),
      script.park ?? { status: "parked", announced: true }
    ),
    delivered: async (_ref, key) => void calls.push({ op: "delivered", key }),
    parkedDecisions: async () => [],
    unwatch: async (_ref, key) => void calls.push({ op: "unwatch", key }),
    markTickProblem: async () => false,
    savePolicyState: async () => (calls.push({ op: "savePolicyState" }), true),
    servicesNeedingAttention: async () => [],
    recordAlarm: async () => ({ status: "recorded" }),
  };
  return { store, calls, ops: () => calls.map((c) => c.op) };
}
