import type { runtime } from "../../.sst/platform/node_modules/@pulumi/pulumi/index.js";

// Pulumi mocks that answer like AWS would, just enough for SST's components: the data sources
// they call and plausible outputs (ids, ARNs, URLs) for every resource they create.

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_REGION = "us-east-1";

/** A resource as registered: its Pulumi type, logical name and the inputs it was given. */
export type RecordedResource = {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, unknown>;
  readonly state: Record<string, unknown>;
};

export type RecordedInvoke = {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  readonly result: Record<string, unknown>;
};

export type RecordingMocks = {
  readonly mocks: runtime.Mocks;
  readonly resources: RecordedResource[];
  readonly invokes: RecordedInvoke[];
};

export function createRecordingMocks(): RecordingMocks {
  const resources: RecordedResource[] = [];
  const invokes: RecordedInvoke[] = [];
  return {
    resources,
    invokes,
    mocks: {
      call({ token, inputs }) {
        const answer = dataSources[token];
        // An unanswered data source would resolve to undefined and hide a broken ARN.
        if (!answer) throw new Error(`sst-mocks: no answer for data source ${token}`);
        const result = answer(inputs);
        invokes.push({ token, inputs, result });
        return result;
      },
      newResource({ type, name, inputs, custom, id }) {
        const state = { ...inputs, ...resourceOutputs(type, name, inputs) };
        resources.push({ type, name, custom: custom ?? false, inputs, state });
        return { id: id || `${name}-id`, state };
      },
    },
  };
}

type Inputs = Record<string, any>;

const dataSources: Record<string, (inputs: Inputs) => Inputs> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: MOCK_ACCOUNT,
    arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/sst-harness`,
    userId: "AIDASSTHARNESS",
    id: MOCK_ACCOUNT,
  }),
  "aws:index/getRegion:getRegion": () => ({
    name: MOCK_REGION,
    region: MOCK_REGION,
    endpoint: `ec2.${MOCK_REGION}.amazonaws.com`,
    description: "US East (N. Virginia)",
    id: MOCK_REGION,
  }),
  "aws:index/getPartition:getPartition": () => ({
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
    id: "aws",
  }),
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => ({
    json: JSON.stringify(policyDocument(inputs)),
    statements: inputs.statements,
    id: "policy-document",
  }),
};

/** Renders the provider's input shape as the IAM JSON the real data source would return. */
function policyDocument(inputs: Inputs) {
  const statements: Inputs[] = inputs.statements ?? [];
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect ?? "Allow",
      ...(s.actions ? { Action: s.actions } : {}),
      ...(s.notActions ? { NotAction: s.notActions } : {}),
      ...(s.resources ? { Resource: s.resources } : {}),
      ...(s.principals
        ? {
            Principal: Object.fromEntries(s.principals.map((p: Inputs) => [p.type, p.identifiers])),
          }
        : {}),
      ...(s.conditions
        ? {
            Condition: Object.fromEntries(s.conditions.map((c: Inputs) => [c.test, { [c.variable]: c.values }])),
          }
        : {}),
    })),
  };
}

/** Outputs AWS computes on create: the mock gives each resource a stable, well-formed one. */
function resourceOutputs(type: string, name: string, inputs: Inputs): Inputs {
  const physical: string = inputs.name ?? name;
  const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
  const region = MOCK_REGION;
  const account = MOCK_ACCOUNT;
  switch (type) {
    case "aws:sqs/queue:Queue":
      return {
        arn: `arn:aws:sqs:${region}:${account}:${physical}`,
        url: `https://sqs.${region}.amazonaws.com/${account}/${physical}`,
      };
    case "aws:sns/topic:Topic":
      return { arn: `arn:aws:sns:${region}:${account}:${physical}` };
    case "aws:dynamodb/table:Table":
      return { arn: `arn:aws:dynamodb:${region}:${account}:table/${physical}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${account}:role/${physical}` };
    case "aws:lambda/function:Function": {
      const arn = `arn:aws:lambda:${region}:${account}:function:${physical}`;
      return {
        arn,
        qualifiedArn: `${arn}:$LATEST`,
        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        version: "$LATEST",
      };
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${region}:${account}:log-group:${physical}` };
    case "aws:cloudwatch/eventRule:EventRule":
      return { arn: `arn:aws:events:${region}:${account}:rule/${physical}` };
    case "aws:cloudwatch/eventBus:EventBus":
      return { arn: `arn:aws:events:${region}:${account}:event-bus/${physical}` };
    case "aws:cloudformation/stack:Stack":
      return { id: `arn:aws:cloudformation:${region}:${account}:stack/${physical}/1`, outputs: {} };
    case "random:index/randomBytes:RandomBytes":
      return { base64: Buffer.alloc(inputs.length ?? 32, 1).toString("base64") };
    default:
      return { arn: `arn:aws:${service}:${region}:${account}:${service}/${physical}` };
  }
}
