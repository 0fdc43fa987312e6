import { type DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { DynamoDecisionStore } from "../../../packages/aws/src/history/decision-store.ts";
import { DEFAULT_RETENTION } from "../../../packages/aws/src/history/retention.ts";
import { deploymentStateChange } from "../../../packages/sim/src/events/builders.ts";
import { parseEvent } from "../../../packages/core/src/events/parse.ts";
import type { DeploymentEvent } from "../../../packages/core/src/events/model.ts";
import { freshStore } from "../../support/history.ts";

// A record written in more than one request must survive an invocation that dies between them:
// the redelivery, reported as a duplicate, still re-applies the idempotent rest.

const svc = { cluster: "prod", service: "api" };
const at = (s: number) => new Date(Date.parse("2026-11-20T10:00:00Z") + s * 1000).toISOString();
const TD = "arn:aws:ecs:us-east-1:111122223333:task-definition/api:7";

/** Makes the first UpdateItem on the service's state item fail as a dying invocation would. */
function failFirstStateUpdate(client: DynamoDBClient) {
  const send = client.send.bind(client);
  let armed = true;
  client.send = (async (command: unknown) => {
    if (armed && command instanceof UpdateItemCommand && command.input.Key?.["sk"]?.S === "STATE") {
      armed = false;
      throw new Error("the invocation died here");
    }
    return send(command as never);
  }) as DynamoDBClient["send"];
}

describe("records written in more than one request", () => {
  it("sets the last known-good revision on the redelivery of a COMPLETED event whose first delivery died after its transaction", async () => {
    const { store, client } = await freshStore();
    const completed = parseEvent(
      deploymentStateChange({
        ...svc,
        deploymentId: "ecs-svc/1",
        eventName: "SERVICE_DEPLOYMENT_COMPLETED",
        time: at(60),
      }),
    ) as DeploymentEvent;
    failFirstStateUpdate(client);
    await expect(store.recordDeployment(completed, TD)).rejects.toThrow(/died here/);
    expect((await store.getServiceState(svc))?.lastKnownGoodTaskDefinition).toBeUndefined();

    expect(await store.recordDeployment(completed, TD)).toEqual({ status: "duplicate" });

    expect(await store.getServiceState(svc)).toMatchObject({
      currentDeploymentId: "ecs-svc/1",
      lastKnownGoodTaskDefinition: TD,
      lastKnownGoodDeploymentId: "ecs-svc/1",
    });
  });

  it("sets the alarm's state on the redelivery of an alarm whose first delivery died after its timeline entry", async () => {
    const { store: history, client, tableName } = await freshStore();
    const decisions = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
    const alarm = { name: "api-5xx", state: "ALARM", at: at(90), eventId: "alarm-1", reason: "Threshold Crossed" };
    failFirstStateUpdate(client);
    await expect(decisions.recordAlarm(svc, alarm)).rejects.toThrow(/died here/);

    expect(await decisions.recordAlarm(svc, alarm)).toEqual({ status: "duplicate" });

    expect((await history.getServiceState(svc))?.alarms).toEqual({ "api-5xx": { state: "ALARM", at: at(90) } });
  });

  it("keeps the newest alarm state when an older one is redelivered late", async () => {
    const { store: history, client, tableName } = await freshStore();
    const decisions = new DynamoDecisionStore({ client, tableName, reads: history, retention: DEFAULT_RETENTION });
    await decisions.recordAlarm(svc, {
      name: "api-5xx",
      state: "OK",
      at: at(120),
      eventId: "alarm-2",
      reason: undefined,
    });
    await decisions.recordAlarm(svc, {
      name: "api-5xx",
      state: "ALARM",
      at: at(90),
      eventId: "alarm-1",
      reason: undefined,
    });

    expect((await history.getServiceState(svc))?.alarms).toEqual({ "api-5xx": { state: "OK", at: at(120) } });
  });
});
