import type { TestProject } from "vitest/node";
import { startEmbeddedDynamo } from "../../packages/sim/src/dynamodb/embedded.ts";

// One DynamoDB Local for the whole integration run (it takes seconds to start); each test
// file creates its own table, so files stay independent.
export default async function setup(project: TestProject) {
  const dynamo = await startEmbeddedDynamo();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    dynamo.client.destroy();
    await dynamo.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
