// The Fusion service's own tables in the emulator's shared SQLite database.
import type BetterSqlite3 from "better-sqlite3";

export function createFusionTables(db: BetterSqlite3.Database): void {
  db.exec(`
    -- One row per request served by a bucket domain (io downloads) or made up by --seed.
    CREATE TABLE IF NOT EXISTS fusion_traffic (
      id INTEGER PRIMARY KEY,
      domain TEXT NOT NULL,
      time_ms INTEGER NOT NULL,
      bucket TEXT NOT NULL DEFAULT '',
      obj_key TEXT NOT NULL DEFAULT '',
      url TEXT NOT NULL,
      method TEXT NOT NULL,
      status INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      ip TEXT NOT NULL,
      region TEXT NOT NULL CHECK (region IN ('china', 'oversea')),
      hit INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL DEFAULT 0,
      referer TEXT,
      user_agent TEXT,
      seeded INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS fusion_traffic_domain_time ON fusion_traffic (domain, time_ms);

    -- 5-minute roll-up of fusion_traffic: flux, bandwidth, request counts and hit/miss read this
    -- (30 days at 5 minutes is 8640 rows per domain and region, whatever the request volume).
    CREATE TABLE IF NOT EXISTS fusion_rollup (
      domain TEXT NOT NULL,
      slot INTEGER NOT NULL, -- unix ms / 300000
      region TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      requests INTEGER NOT NULL,
      hit_requests INTEGER NOT NULL,
      hit_bytes INTEGER NOT NULL,
      PRIMARY KEY (domain, slot, region)
    ) WITHOUT ROWID;

    -- What the emulated edge holds: the first request for a path is a MISS and fills it, later ones HIT;
    -- refresh empties it, prefetch fills it.
    CREATE TABLE IF NOT EXISTS fusion_cache (
      domain TEXT NOT NULL,
      path TEXT NOT NULL,
      cached_ms INTEGER NOT NULL,
      PRIMARY KEY (domain, path)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS fusion_tasks (
      id INTEGER PRIMARY KEY,
      task_id TEXT NOT NULL UNIQUE,
      request_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('refresh', 'prefetch')),
      is_dir INTEGER NOT NULL,
      url TEXT NOT NULL,
      domain TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      -- final state once the delay has passed: 'success' or 'failure' (prefetch of a missing object)
      outcome TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS fusion_tasks_kind_time ON fusion_tasks (kind, created_ms);
    CREATE INDEX IF NOT EXISTS fusion_tasks_request ON fusion_tasks (request_id);

    -- Generated access-log files, cached until new records arrive for that domain and day.
    CREATE TABLE IF NOT EXISTS fusion_log_files (
      domain TEXT NOT NULL,
      day TEXT NOT NULL,
      max_id INTEGER NOT NULL,
      lines INTEGER NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      file TEXT NOT NULL,
      PRIMARY KEY (domain, day)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS fusion_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `);
}
