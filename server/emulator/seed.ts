// `--seed`: demo buckets for a first look at the console. A public bucket and a private bucket with a folder tree,
// images, a short video, text and JSON, plus 30 days of CDN history; a third, public bucket in region z1 (the emulator's
// second region, regions.ts). Runs once per seed version per data directory (idempotent).
import { copyFile } from "node:fs/promises";
import type { Core } from "./core";
import { getMeta, setMeta } from "./db";
import { ensureImages, ensureVideo, seedCacheDir } from "./seed-media";

export const DEMO_PUBLIC = "demo-public";
export const DEMO_PRIVATE = "demo-private";
export const DEMO_Z1 = "demo-z1";
/** 2 added the z1 bucket; a version-1 data directory gets only that. */
const SEED_VERSION = "2";

type Content = { text: string; mime: string } | { file: string; mime: string } | undefined;

function csv(): string {
  const rows = ["date,visits,uploads,bytes"];
  for (let d = 1; d <= 30; d++) rows.push(`2024-06-${String(d).padStart(2, "0")},${1000 + d * 37},${20 + (d % 7)},${(d * 7919) % 100000}`);
  return rows.join("\n") + "\n";
}

const README = `七牛云控制台演示空间 / Qiniu console demo bucket

这个空间由模拟器的 --seed 选项创建，用于体验控制台：浏览目录、预览图片和视频、上传、批量操作和 CDN 统计。
This bucket was created by the emulator's --seed option so you can try the console: browse folders,
preview images and the video, upload, run batch operations and look at CDN statistics.
`;

function objects(media: Map<string, string>, video: string | undefined): Record<string, Record<string, Content>> {
  const img = (name: string, mime: string): Content => (media.get(name) ? { file: media.get(name)!, mime } : undefined);
  const vid: Content = video ? { file: video, mime: "video/mp4" } : undefined;
  return {
    [DEMO_PUBLIC]: {
      "README.txt": { text: README, mime: "text/plain" },
      "docs/getting-started.md": {
        text: "# Getting started\n\n1. Open a bucket.\n2. Upload a file.\n3. Copy its link.\n\n## 快速开始\n\n打开空间，上传文件，复制链接。\n",
        mime: "text/markdown",
      },
      "docs/config/app.json": {
        text: JSON.stringify({ name: "demo-app", version: "1.4.2", features: { cdn: true, upload: "resumable" } }, null, 2),
        mime: "application/json",
      },
      "docs/说明/快速开始.txt": { text: "欢迎使用七牛云存储。\n这是一个中文文件名的示例。\n", mime: "text/plain" },
      "images/landscape/sunrise.jpg": img("sunrise.jpg", "image/jpeg"),
      "images/landscape/mountains.png": img("mountains.png", "image/png"),
      "images/landscape/night.jpg": img("night.jpg", "image/jpeg"),
      "images/photos/2024/06/lake.webp": img("lake.webp", "image/webp"),
      "images/icons/logo.png": img("logo.png", "image/png"),
      "images/icons/logo-small.png": img("logo-small.png", "image/png"),
      "videos/intro.mp4": vid,
      "data/report-2024-06.csv": { text: csv(), mime: "text/csv" },
      "data/events.json": {
        text: JSON.stringify(
          Array.from({ length: 20 }, (_, i) => ({
            id: i + 1,
            type: ["view", "upload", "share"][i % 3],
            at: `2024-06-${String((i % 28) + 1).padStart(2, "0")}T08:00:00Z`,
          })),
          null,
          2,
        ),
        mime: "application/json",
      },
      "tmp/expires-soon.txt": { text: "This object is deleted automatically 7 days after the seed (deleteAfterDays).\n", mime: "text/plain" },
      "archive/2023-summary.txt": { text: "Archived yearly summary (archive storage: restore it before download).\n", mime: "text/plain" },
    },
    [DEMO_PRIVATE]: {
      "contracts/合同-2024-001.txt": { text: "合同编号 2024-001\n甲方：示例公司\n乙方：七牛云\n", mime: "text/plain" },
      "reports/q2.json": { text: JSON.stringify({ quarter: "2024Q2", revenue: 1234567, currency: "CNY" }, null, 2), mime: "application/json" },
      "backups/2024-06-30/notes.txt": { text: "Nightly backup notes: 42 tables, 0 errors.\n", mime: "text/plain" },
      "images/avatar.png": img("avatar.png", "image/png"),
      "videos/private-clip.mp4": vid,
    },
    [DEMO_Z1]: {
      "README.txt": { text: "华北区域（z1）的演示空间 / A demo bucket in region z1 (North China).\n", mime: "text/plain" },
      "images/logo.png": img("logo.png", "image/png"),
      "docs/regions.md": {
        text: "# Regions\n\nThis bucket is served by the emulator's z1 hosts; the console finds them through the region query.\n\n此空间由模拟器的 z1 主机提供服务，控制台通过区域查询找到它们。\n",
        mime: "text/markdown",
      },
      "data/north.json": { text: JSON.stringify({ region: "z1", name: "华北" }, null, 2), mime: "application/json" },
      "data/north.csv": { text: "city,visits\nBeijing,120\nTianjin,80\n", mime: "text/csv" },
    },
  };
}

async function put(core: Core, bucket: string, key: string, content: NonNullable<Content>): Promise<void> {
  const extra =
    key === "tmp/expires-soon.txt" ? { deleteAfterDays: 7 } : key.startsWith("archive/") ? { type: 2 } : key.startsWith("backups/") ? { type: 1 } : {};
  const opts = { mimeType: content.mime, overwrite: true, ...extra };
  if ("text" in content) {
    await core.store.putBuffer(bucket, key, Buffer.from(content.text, "utf8"), opts);
  } else {
    const tmp = core.store.tempPath();
    await copyFile(content.file, tmp);
    await core.store.putFile(bucket, key, tmp, opts);
  }
}

export async function seedDemoData(core: Core): Promise<void> {
  const previous = getMeta(core.db, "seed.version");
  if (previous === SEED_VERSION) return;
  const started = Date.now();
  const cache = seedCacheDir(core.options.seedCacheDir);
  const [media, video] = await Promise.all([ensureImages(cache), ensureVideo(cache, core.log)]);
  for (const [bucket, region, isPrivate] of [
    [DEMO_PUBLIC, "z0", false],
    [DEMO_PRIVATE, "z0", true],
    [DEMO_Z1, "z1", false],
  ] as const) {
    if (!core.buckets.row(bucket)) await core.createBucket(bucket, region, isPrivate);
  }
  for (const [bucket, files] of Object.entries(objects(media, video))) {
    for (const [key, content] of Object.entries(files)) {
      if (content && !core.store.record(bucket, key)) await put(core, bucket, key, content);
    }
  }
  const domains = [DEMO_PUBLIC, DEMO_PRIVATE].flatMap((b) => core.buckets.get(b)?.domains ?? []);
  if (previous === undefined) core.fusion.seedHistory(domains, 30);
  setMeta(core.db, "seed.version", SEED_VERSION);
  core.log(`seeded demo buckets ${DEMO_PUBLIC}, ${DEMO_PRIVATE} and ${DEMO_Z1} (z1) in ${Date.now() - started} ms`);
}
