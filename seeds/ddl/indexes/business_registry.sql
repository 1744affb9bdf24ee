-- 工商 business registry: indexes we ask the registry's DBA to add (the legacy DDL is in ../business_registry.sql).
-- The seeder creates them after loading, as the DBA would on the live tables. Figures: EXPLAIN ANALYZE of the
-- statement as the subgraph sends it (prepared, generic plan), 20,000 taxpayers, seed 42.

-- Registrations of one registration authority (division), page after page in PRIPID order: the analyst's list
-- (registrations(filter: { division }), with or without a status). PRIPID begins with the authority's code, so
-- walking the primary key until 101 rows match reads most of the table: 3.1 ms for the largest division, 55 ms
-- for one without records; E_BASEINFO_AREA (REGORG, INDUSTRYCO, PRIPID) does not give PRIPID's order. With this
-- index: 0.36 ms and 0.05 ms.
CREATE INDEX E_BASEINFO_REGORG_PRIPID ON E_BASEINFO (REGORG, PRIPID);

-- Looked at and not asked for:
-- The link from a taxpayer to an old record without a USCC (issue 13): cooperation reads the registration number
-- national tax copied from the licence (DJ_NSRXX.GSDJZCH) off the national record it already found by the USCC, and
-- the registry looks the record up by it, TRIM(REGNO) = ANY($1): E_BASEINFO_REGNO on (TRIM(REGNO)) in the legacy
-- DDL serves that lookup already. The other way, from the record's number to the taxpayer, searches national tax by
-- GSDJZCH: DJ_NSRXX_GSDJZCH in national_tax.sql.
