-- 工商 business registry: indexes we ask the registry's DBA to add (the legacy DDL is in ../business_registry.sql).
-- The seeder creates them after loading, as the DBA would on the live tables. Figures: EXPLAIN ANALYZE of the
-- statement as the subgraph sends it (prepared, generic plan), 20,000 taxpayers, seed 42.

-- Registrations of one registration authority (division), page after page in PRIPID order: the analyst's list
-- (registrations(filter: { division }), with or without a status). PRIPID begins with the authority's code, so
-- walking the primary key until 101 rows match reads most of the table: 3.1 ms for the largest division, 55 ms
-- for one without records; E_BASEINFO_AREA (REGORG, INDUSTRYCO, PRIPID) does not give PRIPID's order. With this
-- index: 0.36 ms and 0.05 ms.
CREATE INDEX E_BASEINFO_REGORG_PRIPID ON E_BASEINFO (REGORG, PRIPID);
