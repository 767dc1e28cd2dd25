-- A chunk whose every item Qiniu answered 200 (with nothing to keep per item: not a stat) is not written item by item:
-- its row stays, marked done, and the items still pending inside its [first_seq, last_seq] read as done, 200, one
-- attempt more (server/jobs/batch-items-store.ts ITEMS). One row update per 1000 items instead of 1000 keeps the
-- runner's own work well under Qiniu's batch rate. The marks are folded into the item rows before the job's items
-- can become pending again (a new run, a retry), so the chunk rows present at any time come from one run and never overlap.
ALTER TABLE batch_chunks ADD COLUMN done boolean NOT NULL DEFAULT false;
