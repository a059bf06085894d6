/** Defaults of the limits on hostile input (see docs/testing.md, "Reliability: hostile input"). */
export const LEDES_LIMITS = Object.freeze({ maxLineLength: 1 << 20, maxFields: 128, maxIssues: 10_000, headerChars: 200, maxLineItems: 500_000 });
