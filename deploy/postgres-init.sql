-- deploy/compose.yaml's PostgreSQL, first start: the federation's own database and, for a trial, the four
-- legacy databases (an agency points the subgraphs at its real ones instead). `seed` fills the legacy four.
CREATE DATABASE taxgraph;
CREATE DATABASE national_tax;
CREATE DATABASE local_tax;
CREATE DATABASE business_registry;
CREATE DATABASE treasury_bank;
