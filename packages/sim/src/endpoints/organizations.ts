import type { JsonService } from "./json-service.ts";
import { requiredString } from "./json-service.ts";
import { AwsError, JSON_1_1 } from "./protocol.ts";

// AWS Organizations' ListParents (JSON 1.1, target prefix AWSOrganizationsV20161128) over a
// configured tree, for the hub's rules scoped to OUs. `deny` makes every call fail the ways a
// hub outside the management account and its delegated administrators, an account in no
// organization, or a throttled caller sees it.

export const ORGANIZATIONS_TARGET_PREFIX = "AWSOrganizationsV20161128";

const CHILD_ID = /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

const DENIALS = {
  "access-denied": ["AccessDeniedException", "You don't have permissions to access this resource."],
  "not-in-use": ["AWSOrganizationsNotInUseException", "Your account is not a member of an organization."],
  throttled: ["TooManyRequestsException", "AWS throttled the request."],
} as const;

export type SimulatedOrganization = {
  /** Each account's or OU's parent id; an id starting "r-" is the root. */
  parents: Record<string, string>;
  /** Set: every call fails this way until it is cleared. */
  deny?: keyof typeof DENIALS | undefined;
};

export function organizationsService(org: SimulatedOrganization): JsonService {
  return {
    name: "Organizations",
    targetPrefix: ORGANIZATIONS_TARGET_PREFIX,
    contentType: JSON_1_1,
    operations: {
      ListParents: (input) => {
        if (org.deny) {
          const [code, message] = DENIALS[org.deny];
          throw new AwsError(code, message);
        }
        const child = requiredString(input, "ChildId");
        if (!CHILD_ID.test(child))
          throw new AwsError(
            "InvalidInputException",
            "You provided a value that does not match the required pattern.",
            400,
            {
              Reason: "INVALID_PATTERN",
            },
          );
        const parent = org.parents[child];
        if (!parent)
          throw new AwsError(
            "ChildNotFoundException",
            "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
          );
        // One parent per child (Organizations' current rule), so never a NextToken.
        return { Parents: [{ Id: parent, Type: parent.startsWith("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT" }] };
      },
    },
  };
}
