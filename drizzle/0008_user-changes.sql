-- Every change to a user is announced on the channel frontline_users, so a server that keeps users
-- in memory for the session check forgets the changed ones (decision 027). One notification per
-- changed id, or '*' when a statement changes many.
CREATE FUNCTION frontline_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM old_rows) > 100 THEN
    PERFORM pg_notify('frontline_users', '*');
  ELSE
    PERFORM pg_notify('frontline_users', id::text) FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION frontline_users_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('frontline_users', '*');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_changed_on_update AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frontline_users_changed();
--> statement-breakpoint
CREATE TRIGGER users_changed_on_delete AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION frontline_users_changed();
--> statement-breakpoint
CREATE TRIGGER users_changed_on_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION frontline_users_truncated();
