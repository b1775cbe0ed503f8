-- The extensions identity matching uses, shipped with PostgreSQL (contrib): trigram similarity,
-- accent folding and phonetic codes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
