import type { Mode } from "../config/policy-settings.ts";
import type { Severity } from "../notifications/notice.ts";

// A capability's decision as the engine carries it out and the history stores it.

/** An action a decision asks for; each capability defines its own (registry.ts: ActionRequest is their union). */
export type Action = { readonly type: string; readonly [field: string]: unknown };

/** `A`: the deciding capability's own actions (the engine sees any Action). */
export type Decision<A extends Action = Action> = {
  /** The deciding capability (registry.ts: PolicyId). */
  policy: string;
  /** Stable across redeliveries and concurrent invocations: one decision per key, ever. */
  key: string;
  /** An action to take, or none: the decision is then recorded and announced only. */
  action: A | undefined;
  severity: Severity;
  title: string;
  /** Why, in words a person on call understands. */
  reason: string;
  threadId: string;
  deploymentId: string | undefined;
  /** Extra facts for the history and the notification (revisions, counts). */
  facts: Record<string, string>;
  /** What a person on call should do next (the policy's own words); a generic hint if unset. */
  nextSteps?: string[];
  /** The policy's new per-service state, saved with the decision (not when blocked or failed). */
  state?: PolicyState;
  /**
   * Puts back what enforce mode changed (or settles it: a person changed it since). While the
   * policy owes a restore (Policy.owed), the engine carries such a decision out as enforced
   * even in observe mode; any other observed decision never touches the owed state.
   */
  restores?: boolean;
  /**
   * A person's decision (a chat command): who, or the channel it came from. It is carried out
   * through the same guards and claim as any decision, except a snooze, which holds automatic
   * actions only.
   */
  by?: string;
  /** False: its notice carries no chat buttons (a reply to a chat command). */
  buttons?: false;
};

/** A policy's own per-service state; `attention` lists the service for the periodic reconcile. */
export type PolicyState = { value: Record<string, unknown>; attention: boolean };

/** A decision that acts, written before acting: the service's lock and the record of what is being done. */
export type OpenIntent = {
  key: string;
  /** The invocation carrying it out; another takes over only once `until` has passed. */
  owner: string;
  until: string;
  time: string;
  mode: Mode;
  decision: Decision;
};
