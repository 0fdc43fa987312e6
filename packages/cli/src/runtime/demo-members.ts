// The demo's member accounts, apart from the demo itself: `guardrails start --accounts`'s limit is
// declared with the command (commands/start.ts), which must not load the runtime to say it.

/** The members' names, as the demo prints them; the ids are the simulator's, never real accounts. */
export const DEMO_MEMBERS = [
  { account: "444455556666", name: "payments" },
  { account: "777788889999", name: "search" },
  { account: "222233334444", name: "media" },
  { account: "555566667777", name: "data" },
] as const;
export const MAX_ACCOUNTS = DEMO_MEMBERS.length + 1;
