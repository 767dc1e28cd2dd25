// Shared by the server page (hand-off parsing) and the client dashboard, so it lives outside the "use client" module.
export const TABS = ["traffic", "analysis", "logs", "refresh", "antileech", "alerts"] as const;
export type CdnTab = (typeof TABS)[number];
