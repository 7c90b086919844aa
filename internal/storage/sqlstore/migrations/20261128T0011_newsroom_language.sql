-- The language each staff member reads the newsroom in; '' follows the
-- site's language.
ALTER TABLE users ADD COLUMN newsroom_language TEXT NOT NULL DEFAULT '';
