import { crash, deploymentHistory, rolledBack, service } from "./rollback-service.ts";
import { faultMatrix } from "./matrix.ts";
import { PROD_OU } from "./world.ts";

// The crash loop of crash-loop-rollback, enforced by an override scoped to the OU home is below
// (issue 23): every deciding event first asks the OU scopes' port for its account's
// configuration, so a fault there must be retried to the same single rollback.
await faultMatrix({
  id: "ou-scoped-rollback",
  title: "Auto-rollback enforced by a rule scoped to an OU: a crash loop rolls back",
  config: { overrides: [{ organizationalUnits: [PROD_OU], policies: { "auto-rollback": { mode: "enforce" } } }] },
  service: service(),
  inputs: [...deploymentHistory(), crash(1), crash(2), crash(3)],
  truths: rolledBack,
});
