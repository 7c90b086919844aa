-- Ghost's tag objects carry updated_at; 0 means "as created_at".
ALTER TABLE tags ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
