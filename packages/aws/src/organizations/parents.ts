import { ListParentsCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { OrganizationParents } from "@ecs-guardrails/core/engine/ports";

// AWS Organizations' ListParents: the one parent (an OU or the root) of an account or OU. Only
// the management account or a delegated administrator may call it; its errors
// (AccessDeniedException, AWSOrganizationsNotInUseException, TooManyRequestsException) reach
// the caller by their own names, which organization/ou-paths.ts announces.

export class OrganizationsParents implements OrganizationParents {
  private readonly client: Pick<OrganizationsClient, "send">;

  constructor(client: Pick<OrganizationsClient, "send">) {
    this.client = client;
  }

  async parentOf(childId: string): Promise<{ id: string; root: boolean }> {
    // A List* answer may come back empty with a NextToken while more is there: follow it.
    let token: string | undefined;
    do {
      const out = await this.client.send(new ListParentsCommand({ ChildId: childId, NextToken: token }));
      const parent = out.Parents?.[0];
      if (parent?.Id) return { id: parent.Id, root: parent.Type === "ROOT" };
      token = out.NextToken;
    } while (token);
    throw new Error(`AWS Organizations lists no parent of ${childId}`);
  }
}
