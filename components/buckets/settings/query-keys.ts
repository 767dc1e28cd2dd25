// react-query keys of the bucket-management panels (one place, so a save reloads exactly what it changed).
export const bucketKeys = {
  all: (bucket: string) => ["bucketAdmin", bucket] as const,
  settings: (bucket: string) => ["bucketAdmin", bucket, "settings"] as const,
  cors: (bucket: string) => ["bucketAdmin", bucket, "cors"] as const,
  lifecycle: (bucket: string) => ["bucketAdmin", bucket, "lifecycle"] as const,
  events: (bucket: string) => ["bucketAdmin", bucket, "events"] as const,
  quota: (bucket: string) => ["bucketAdmin", bucket, "quota"] as const,
  tags: (bucket: string) => ["bucketAdmin", bucket, "tags"] as const,
  usage: (bucket: string, days: number) => ["bucketAdmin", bucket, "usage", days] as const,
};

export const SETTINGS_TABS = ["overview", "referer", "cors", "lifecycle", "events", "quota", "tags", "usage"] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];
