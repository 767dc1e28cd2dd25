// The emulator's metadata database (SQLite via better-sqlite3, WAL). Content lives on disk (store.ts).
// Keys compare with SQLite's BINARY collation, i.e. memcmp over UTF-8: list order is byte order, like Qiniu.
import Database from "better-sqlite3";
import path from "node:path";

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS buckets (
  name TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  private INTEGER NOT NULL DEFAULT 0,
  -- download domain port = first port + 10 + slot (fixed-port mode)
  slot INTEGER NOT NULL UNIQUE,
  mirror_source TEXT,
  mirror_host TEXT,
  created_at INTEGER NOT NULL
);

-- bucket-settings.ts: one JSON value per setting (refer, cors, maxAge, protected, quota, lifecycle, events, tags)
CREATE TABLE IF NOT EXISTS bucket_settings (
  bucket TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (bucket, name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS objects (
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  fsize INTEGER NOT NULL,
  hash TEXT NOT NULL,
  md5 TEXT NOT NULL,
  mime TEXT NOT NULL,
  put_time INTEGER NOT NULL,          -- 100 ns units
  type INTEGER NOT NULL DEFAULT 0,
  status INTEGER NOT NULL DEFAULT 0,
  end_user TEXT,
  meta TEXT,                          -- JSON {name: value} of x-qn-meta-*
  parts TEXT,                         -- JSON [sizes] of a multipart upload
  expire_at INTEGER,                  -- unix ms: deleteAfterDays
  to_ia_at INTEGER,
  to_archive_ir_at INTEGER,
  to_archive_at INTEGER,
  to_deep_archive_at INTEGER,
  restore_ready_at INTEGER,           -- unix ms: restoreAr finished
  restore_until INTEGER,              -- unix ms: restored copy frozen again
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_hash ON objects (hash);
CREATE INDEX IF NOT EXISTS objects_by_expiry ON objects (expire_at) WHERE expire_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_by_transition ON objects (bucket)
  WHERE to_ia_at IS NOT NULL OR to_archive_ir_at IS NOT NULL OR to_archive_at IS NOT NULL OR to_deep_archive_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS v1_blocks (
  id TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  written INTEGER NOT NULL,
  expires_at INTEGER NOT NULL         -- unix ms
);

CREATE TABLE IF NOT EXISTS v2_uploads (
  id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  key TEXT,                           -- NULL: '~' (no key)
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS v2_parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  md5 TEXT NOT NULL,
  put_time INTEGER NOT NULL,          -- unix s
  file TEXT NOT NULL,                 -- file name inside the upload's directory
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
`;

export function openDatabase(dataDir: string): Db {
  const db = new Database(path.join(dataDir, "emulator.db"));
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode survives a process crash (kill -9); content files are fsynced before their row commits.
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA);
  return db;
}

export function getMeta(db: Db, name: string): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE name = ?").get(name) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, name: string, value: string): void {
  db.prepare("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(name, value);
}
