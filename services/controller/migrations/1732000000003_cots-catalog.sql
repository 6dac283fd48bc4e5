-- Up Migration
-- The COTS catalog (docs/decisions/0022-cots-catalog.md): one loaded catalog version and its
-- parts, written only by the controller's start-up seeding from services/controller/data/
-- cots-catalog.yaml. Read-only for everything else, enforced here: a statement-level trigger
-- refuses INSERT, UPDATE, DELETE and TRUNCATE unless the transaction set
-- `workbench.cots_seeding = on` (SET LOCAL, which only the seeding transaction does), so a route
-- or a stray SQL statement that tries to change the catalog fails and changes nothing.
CREATE TABLE cots_catalog (
  catalog_version text PRIMARY KEY,
  generated_at text NOT NULL,
  snapshot_hash text NOT NULL CHECK (snapshot_hash ~ '^[0-9a-f]{64}$'),
  part_count integer NOT NULL CHECK (part_count > 0),
  seeded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cots_parts (
  part_id text PRIMARY KEY CHECK (part_id ~ '^[A-Z0-9][A-Z0-9-]{1,63}$'),
  catalog_version text NOT NULL REFERENCES cots_catalog (catalog_version),
  name text NOT NULL,
  category text NOT NULL,
  manufacturer text NOT NULL,
  price numeric(12, 4) NOT NULL CHECK (price > 0),
  weight_g numeric(12, 3) NOT NULL CHECK (weight_g > 0),
  source text NOT NULL,
  specs jsonb NOT NULL
);
CREATE INDEX cots_parts_category_idx ON cots_parts (category);

CREATE FUNCTION cots_refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('workbench.cots_seeding', true), '') <> 'on' THEN
    RAISE EXCEPTION 'the COTS catalog is read-only: % on % refused', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'only the controller''s start-up seeding from services/controller/data/cots-catalog.yaml writes it; change the file and its catalog_version';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER cots_catalog_read_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON cots_catalog
  FOR EACH STATEMENT EXECUTE FUNCTION cots_refuse_write();
CREATE TRIGGER cots_parts_read_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON cots_parts
  FOR EACH STATEMENT EXECUTE FUNCTION cots_refuse_write();

-- Down Migration
DROP TABLE cots_parts;
DROP TABLE cots_catalog;
DROP FUNCTION cots_refuse_write();
