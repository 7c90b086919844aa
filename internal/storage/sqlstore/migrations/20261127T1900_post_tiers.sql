-- The Ghost membership tiers a post was meant for (JSON: [{"slug","name"}]),
-- kept from an import so an export gives them back; newsdesk itself has
-- no memberships and gates every non-public post alike.
ALTER TABLE posts ADD COLUMN tiers TEXT NOT NULL DEFAULT '';
