// Demo history for `--seed`: plausible CDN traffic for the last N days with a daily cycle (quiet at 4:00, busy
// around 21:00 Beijing time) and a weekly one (busier weekends), so charts, logs and log analysis have content on
// first start. Every row is marked `seeded`. Deterministic per domain (a seeded PRNG), idempotent per domain.
import type { Clock } from "./time";
import { SLOT_MS } from "./time";
import type { StoredTraffic } from "./traffic";

interface Asset {
  path: string;
  size: number;
  weight: number;
}

// Weights favour small, popular files (pages, scripts, images) as real sites do; big files are rare and are mostly
// fetched in ranges, so a few downloads do not drown the daily cycle.
const ASSETS: Asset[] = [
  { path: "/index.html", size: 18_400, weight: 14 },
  { path: "/static/js/app.3f9c1a.js", size: 312_000, weight: 12 },
  { path: "/static/css/main.81b2e4.css", size: 64_500, weight: 12 },
  { path: "/images/banner-spring.jpg", size: 486_000, weight: 8 },
  { path: "/images/banner-summer.jpg", size: 522_000, weight: 5 },
  { path: "/images/logo.png", size: 12_800, weight: 14 },
  { path: "/images/products/p1001.webp", size: 96_000, weight: 7 },
  { path: "/images/products/p1002.webp", size: 88_000, weight: 6 },
  { path: "/images/products/p1003.webp", size: 102_000, weight: 5 },
  { path: "/avatars/u/10086.png", size: 24_000, weight: 4 },
  { path: "/fonts/NotoSansSC-Regular.woff2", size: 1_120_000, weight: 2 },
  { path: "/docs/user-guide.pdf", size: 2_400_000, weight: 0.5 },
  { path: "/video/intro-720p.mp4", size: 18_600_000, weight: 0.8 },
  { path: "/downloads/app-release-2.3.1.apk", size: 34_200_000, weight: 0.05 },
];

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 13; MI 13) AppleWebKit/537.36 (KHTML, like Gecko) MicroMessenger/8.0.49 Mobile Safari/537.36",
  "okhttp/4.12.0",
];

/** mulberry32: small, fast, good enough for demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function poisson(lambda: number, rnd: () => number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rnd();
  while (p > limit) {
    k++;
    p *= rnd();
  }
  return k;
}

/** Relative load (0.15–1) for a local hour and weekday: trough around 04:00, peak around 21:00, busier weekends. */
export function loadFactor(hour: number, weekday: number): number {
  const daily = 0.15 + 0.85 * ((1 + Math.cos((2 * Math.PI * (hour - 21)) / 24)) / 2) ** 1.6;
  const weekly = weekday === 0 || weekday === 6 ? 1.25 : weekday === 5 ? 1.1 : 1;
  return Math.min(1, daily * weekly);
}

function pick<T>(items: readonly T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length)];
}

function weighted(assets: Asset[], total: number, rnd: () => number): Asset {
  let x = rnd() * total;
  for (const a of assets) {
    x -= a.weight;
    if (x <= 0) return a;
  }
  return assets[assets.length - 1];
}

/**
 * Generates the rows of `days` days up to `nowMs` for one domain. Visitors come from 60 china addresses
 * (TEST-NET-1 and private ranges) and 20 oversea ones (the RFC 5737 ranges the default oversea rule lists).
 */
export function* seededTraffic(
  domain: string,
  bucket: string,
  days: number,
  clock: Clock,
  peakPerSlot: number,
  classify: (ip: string) => "china" | "oversea",
): Generator<StoredTraffic> {
  const rnd = prng(hash(domain));
  const assets = ASSETS;
  const totalWeight = assets.reduce((s, a) => s + a.weight, 0);
  const china = Array.from({ length: 60 }, (_, i) => (i < 30 ? `192.0.2.${10 + i * 7}` : `10.${20 + (i % 5)}.${i}.${(i * 37) % 250}`));
  const oversea = Array.from({ length: 20 }, (_, i) => (i % 2 ? `198.51.100.${5 + i * 11}` : `203.0.113.${3 + i * 12}`));
  const scale = peakPerSlot * (0.6 + rnd() * 0.8);
  const now = clock.now();
  const first = clock.floor(now - days * 24 * 3600_000, SLOT_MS);
  for (let slot = first; slot < now; slot += SLOT_MS) {
    const { hour, weekday } = clock.localHourAndWeekday(slot);
    const n = poisson(scale * loadFactor(hour, weekday), rnd);
    for (let i = 0; i < n; i++) {
      const time = Math.min(now - 1, slot + Math.floor(rnd() * SLOT_MS));
      const asset = weighted(assets, totalWeight, rnd);
      const ip = rnd() < 0.85 ? pick(china, rnd) : pick(oversea, rnd);
      const roll = rnd();
      let status = 200;
      let bytes = asset.size;
      if (asset.size > 5_000_000 && roll < 0.85) {
        // players and download managers fetch big files in ranges of ~0.5–2 MB
        status = 206;
        bytes = Math.floor(500_000 + rnd() * 1_500_000);
      } else if (roll < 0.05) {
        status = 304;
        bytes = 0;
      } else if (roll < 0.07) {
        status = 404;
        bytes = 162;
      } else if (roll < 0.075) {
        status = 403;
        bytes = 146;
      }
      const ok = status >= 200 && status < 300;
      const hit = ok && rnd() < 0.9;
      yield {
        domain,
        timeMs: time,
        bucket,
        key: asset.path.slice(1),
        url: asset.path,
        method: "GET",
        status,
        bytes,
        ip,
        region: classify(ip),
        hit,
        durationMs: Math.round((hit ? 3 : 40) + rnd() * 30 + bytes / (hit ? 2_000_000 : 600_000)),
        referer: rnd() < 0.6 ? `https://www.example.com/${pick(["", "shop", "news", "about"], rnd)}` : undefined,
        userAgent: pick(USER_AGENTS, rnd),
        seeded: true,
      };
    }
  }
}
