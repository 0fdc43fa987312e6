import { alarmStateChange } from "../../packages/sim/src/events/builders.ts";
import { faultMatrix } from "./matrix.ts";
import { at, deploymentHistory, input, rolledBack, service } from "./rollback-service.ts";

// A CloudWatch alarm mapped to the service goes into ALARM while web:42 rolls out.
await faultMatrix({
  id: "alarm-rollback",
  title: "Auto-rollback: a mapped alarm fires during the deployment",
  config: {
    policies: { "auto-rollback": { mode: "enforce" } },
    overrides: [{ cluster: "prod", service: "web", policies: { "auto-rollback": { alarms: ["web-5xx"] } } }],
  },
  service: service(),
  inputs: [
    ...deploymentHistory(),
    input("web-5xx in ALARM", alarmStateChange({ alarmName: "web-5xx", state: "ALARM", time: at(210) })),
  ],
  truths: (run) => {
    const out = rolledBack(run);
    if (run.state?.alarms["web-5xx"]?.state !== "ALARM")
      out.push(
        `the service state shows alarm web-5xx as ${run.state?.alarms["web-5xx"]?.state ?? "unknown"}, not ALARM`,
      );
    return out;
  },
});
