import { defineConfig } from "vitest/config";

// Three suites with different costs: unit (pure, fast), integration (DynamoDB Local and local
// endpoints, started once per run by the global setup), infra (SST app under Pulumi mocks).
export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts"] },
      },
      {
        test: {
          name: "integration",
          include: [
            "test/integration/**/*.test.ts",
            "test/scenarios/**/*.test.ts",
            "test/e2e/**/*.test.ts",
            "test/faults/**/*.test.ts",
          ],
          globalSetup: ["test/support/dynamodb-global-setup.ts", "test/support/aws-models-global-setup.ts"],
          // Every call the local endpoints serve is checked against AWS's models (aws-models-setup.ts).
          setupFiles: ["test/support/aws-models-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["test/infra/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
