import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../packages/sim/src/dynamodb/embedded.ts";
import type { LocalStack } from "../../packages/cli/src/runtime/stack.ts";

// A deployed handler module (functions/<name>.ts) builds its dependencies from process.env when
// it is imported, as in Lambda. The local runtime hands the functions their settings as
// parameters instead; a test that imports a deployed handler sets the variables Lambda would,
// pointing the SDK at the stack, and puts process.env back afterwards.

export function deployedEnvironment(stack: LocalStack): Record<string, string> {
  const aws = stack.endpoints.url;
  return {
    ...(stack.functions.env as Record<string, string>),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamo.endpoint,
    AWS_ENDPOINT_URL_ECS: aws,
    AWS_ENDPOINT_URL_SNS: aws,
    AWS_ENDPOINT_URL_CODEPIPELINE: aws,
    AWS_ENDPOINT_URL_CLOUDWATCH: aws,
    AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING: aws,
  };
}

/** Sets `vars` in process.env; the returned function restores what was there. */
export function setEnvironment(vars: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
