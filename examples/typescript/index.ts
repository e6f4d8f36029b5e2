// The whole review workflow from TypeScript: the SDK is generated from the plugin's schema by
// `pulumi package add ../../provider` (or `pulumi install`), so names are the schema's, in camelCase.
import * as a2iModeration from "@pulumi/a2i-moderation";

const review = new a2iModeration.ImageModerationReview("moderation", {
    // When a human loop starts: any one rule, or the 1% sample.
    conditions: {
        labels: [
            { name: "Explicit", between: [50, 95] },
            { name: "Violence", below: 80 },
        ],
        sampling: { percent: 1 },
    },
    taskTitle: "Review an image flagged by content moderation",
    taskDescription: "Confirm which moderation categories this image really shows.",
    inputBucketNames: ["acme-user-uploads"],
    corsBucketNames: ["acme-user-uploads"],
});

export const flowDefinitionArn = review.flowDefinitionArn;
export const workerPortalUrl = review.workerPortalUrl;
