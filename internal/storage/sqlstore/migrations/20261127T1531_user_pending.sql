-- A pending invitation is a user who was invited and has not accepted yet:
-- not public anywhere. It was inferred from "no password", which also
-- describes bylines without accounts (demo, imports); now it is explicit.
ALTER TABLE users ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
-- Invitations still outstanding: no password and an unused invite link.
UPDATE users SET pending = 1 WHERE password_hash = ''
	AND EXISTS (SELECT 1 FROM tokens k WHERE k.user_id = users.id AND k.kind = 'invite');
