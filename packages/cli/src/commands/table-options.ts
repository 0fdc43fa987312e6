import { nonEmpty } from "../values.ts";

/** The options of every command that can read a deployed history table instead of the local one. */
export const DEPLOYED_TABLE_OPTIONS = [
  {
    flags: "--table <name>",
    description: "a deployed history table (AWS credentials and region from the environment)",
    parse: nonEmpty,
  },
  {
    flags: "--region <region>",
    description: "the deployed table's region (default: AWS_REGION or the AWS profile's)",
    parse: nonEmpty,
  },
];
