-- Ghost's visibility of a post (public, members, paid, tiers), and the
-- part of its body before the members-only marker, rendered at save:
-- anonymous readers of a gated post get that part, never the rest.
ALTER TABLE posts ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public';
ALTER TABLE posts ADD COLUMN public_html TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN public_plaintext TEXT NOT NULL DEFAULT '';
