-- Sign-in attempts are recorded as failed before the password is checked
-- (so concurrent guesses cannot slip under the limit) and marked
-- successful afterwards by id.
ALTER TABLE signin_attempts ADD COLUMN id TEXT NOT NULL DEFAULT '';
CREATE INDEX signin_attempts_id ON signin_attempts (id);
