// Limits AWS documents in its API references but its machine-readable models leave out (the
// models give these members a bare integer). Keyed by service, then "<Structure>.<member>".

export type Limit = { min?: number; max?: number; doc: string };

const AAS = "https://docs.aws.amazon.com/autoscaling/application/APIReference";
const ECS = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference";

export const DOCUMENTED: Record<string, Record<string, Limit>> = {
  "Application Auto Scaling": {
    "DescribeScalingPoliciesRequest.MaxResults": { min: 1, max: 10, doc: `${AAS}/API_DescribeScalingPolicies.html` },
    "DescribeScalableTargetsRequest.MaxResults": { min: 1, max: 50, doc: `${AAS}/API_DescribeScalableTargets.html` },
    "DescribeScalingActivitiesRequest.MaxResults": {
      min: 1,
      max: 50,
      doc: `${AAS}/API_DescribeScalingActivities.html`,
    },
    "DescribeScheduledActionsRequest.MaxResults": { min: 1, max: 50, doc: `${AAS}/API_DescribeScheduledActions.html` },
  },
  ECS: {
    "ListClustersRequest.maxResults": { min: 1, max: 100, doc: `${ECS}/API_ListClusters.html` },
    "ListServicesRequest.maxResults": { min: 1, max: 100, doc: `${ECS}/API_ListServices.html` },
    "ListTasksRequest.maxResults": { min: 1, max: 100, doc: `${ECS}/API_ListTasks.html` },
  },
};
