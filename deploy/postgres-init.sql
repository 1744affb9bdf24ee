-- deploy/compose.yaml's PostgreSQL, first start: the four legacy databases of a trial (an agency points the
-- subgraphs at its real ones instead); `seed` fills them. The federation's own database, taxgraph, is
-- POSTGRES_DB's: the image creates it.
CREATE DATABASE national_tax;
CREATE DATABASE local_tax;
CREATE DATABASE business_registry;
CREATE DATABASE treasury_bank;
