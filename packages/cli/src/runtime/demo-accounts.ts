import type { EcsSimulator } from "@ecs-guardrails/sim/api";
import { DEMO_CLUSTER } from "./demo.ts";
import { DEMO_MEMBERS } from "./demo-members.ts";
import type { LocalStack } from "./stack.ts";

// `npm start -- --accounts N`: the demo across accounts. Home runs the usual demo; each member
// account (its own simulated ECS, reached as the member role) runs a demo/orders service with
// the same names in every member. The first member's new revision runs out of memory: the hub
// rolls back that account's demo/orders, and no other account's.

export { DEMO_MEMBERS, MAX_ACCOUNTS } from "./demo-members.ts";
export const MEMBER_SERVICE = "orders";

/** The member accounts for `--accounts n` (home counts as one). */
export const demoMembers = (accounts: number) => DEMO_MEMBERS.slice(0, Math.max(0, accounts - 1));

export function accountsIntro(accounts: number): string {
  const members = demoMembers(accounts);
  if (members.length === 0) return "";
  const names = members.map((m) => `${m.name} (${m.account})`).join(", ");
  return `Accounts: home and ${names}; each member runs ${DEMO_CLUSTER}/${MEMBER_SERVICE}, and ${members[0]!.name}'s new revision runs out of memory.`;
}

export function setUpMemberDemo(stack: LocalStack): void {
  const first = DEMO_MEMBERS[0].account;
  for (const [account, sim] of stack.members) orders(sim, account === first);
}

function orders(sim: EcsSimulator, crashes: boolean): void {
  sim.registerTaskDefinition({ family: MEMBER_SERVICE, cpu: 512, memory: 1024 });
  sim.registerTaskDefinition({ family: MEMBER_SERVICE, cpu: 512, memory: 1024 });
  if (crashes) sim.setFault({ taskDefinition: `${MEMBER_SERVICE}:2` }, { kind: "out-of-memory", afterSeconds: 150 });
  // Its first revision rolls out under the guardrails' eyes: the history knows a good one.
  sim.addService({
    cluster: DEMO_CLUSTER,
    name: MEMBER_SERVICE,
    taskDefinition: `${MEMBER_SERVICE}:1`,
    desiredCount: 4,
    initial: "deploying",
  });
  sim.at(
    sim.now() + 5 * 60_000,
    () =>
      void sim.updateService({ cluster: DEMO_CLUSTER, service: MEMBER_SERVICE, taskDefinition: `${MEMBER_SERVICE}:2` }),
  );
}

/** A member's service named with its account: "payments 444455556666/us-east-1 ". */
export function accountLabel(ref: { account?: string | undefined; region?: string | undefined }): string {
  if (!ref.account) return "";
  const name = DEMO_MEMBERS.find((m) => m.account === ref.account)?.name;
  return `${name ? `${name} ` : ""}${ref.account}/${ref.region ?? "-"} `;
}
