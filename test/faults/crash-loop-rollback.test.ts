import { crash, deploymentHistory, rolledBack, service } from "./rollback-service.ts";
import { faultMatrix } from "./matrix.ts";

// A new revision's tasks start and crash; at the third crash the guardrails roll back (the
// first crash opens the deployment's thread with a notice).
await faultMatrix({
  id: "crash-loop-rollback",
  title: "Auto-rollback: a crash loop rolls back to the known-good revision",
  config: { policies: { "auto-rollback": { mode: "enforce" } } },
  service: service(),
  inputs: [...deploymentHistory(), crash(1), crash(2), crash(3)],
  truths: rolledBack,
});
