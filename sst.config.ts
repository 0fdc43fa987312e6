/// <reference path="./.sst/platform/config.d.ts" />

// The app's resources are declared only in packages/infra; this file wires them into SST.
export default $config({
  app(input) {
    return {
      name: "ecs-guardrails",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      home: "aws",
    };
  },
  async run() {
    // Imported here, not at the top: SST's globals (sst, aws, $app) exist only once run() starts.
    // The environment picks the stage: the guardrails (a hub with GUARDRAILS_ORGANIZATION_ID) or, with
    // GUARDRAILS_ROLE=member, one member account (docs/organizations.md).
    const { createStage } = await import("./packages/infra/src/stage.ts");
    return createStage(process.env);
  },
});
