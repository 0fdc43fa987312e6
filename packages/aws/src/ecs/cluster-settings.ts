import { DescribeClustersCommand, type DescribeClustersCommandOutput, type ECSClient } from "@aws-sdk/client-ecs";
import type { ClusterSettingsReader } from "@ecs-guardrails/core/capabilities/right-sizing/ports";
import { AwsAdapterError } from "../errors.ts";

/**
 * Which clusters have Container Insights (DescribeClusters with SETTINGS, 100 clusters a call).
 * Its own adapter, so only the right-sizing function bundles (and is granted) DescribeClusters.
 */
export class EcsClusterSettings implements ClusterSettingsReader {
  private readonly client: ECSClient;

  constructor(client: ECSClient) {
    this.client = client;
  }

  async withContainerInsights(clusters: readonly string[]): Promise<Set<string>> {
    const on = new Set<string>();
    for (let i = 0; i < clusters.length; i += 100) {
      const batch = clusters.slice(i, i + 100);
      let out: DescribeClustersCommandOutput;
      try {
        out = await this.client.send(new DescribeClustersCommand({ clusters: batch, include: ["SETTINGS"] }));
      } catch (error) {
        throw new AwsAdapterError(
          `DescribeClusters failed for ${batch.join(", ")}`,
          { cluster: batch[0] ?? "*", service: "*" },
          { cause: error },
        );
      }
      for (const c of out.clusters ?? []) {
        // "enabled" or "enhanced" (observability with per-container metrics); "disabled" otherwise.
        const value = c.settings?.find((s) => s.name === "containerInsights")?.value;
        if (c.clusterName && (value === "enabled" || value === "enhanced")) on.add(c.clusterName);
      }
    }
    return on;
  }
}
