-- Grid thumbnails are on by default (issue 20): the grid states their traffic cost and any user may switch them off for
-- themselves. Rows already present are admins' explicit choices and keep their value.
ALTER TABLE bucket_settings ALTER COLUMN thumbnails SET DEFAULT true;
