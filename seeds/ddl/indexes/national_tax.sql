-- 国税 national tax: indexes we ask the bureau's DBA to add (the legacy DDL is in ../national_tax.sql).
-- The seeder creates them after loading, as the DBA would on the live tables. Figures: EXPLAIN ANALYZE of the
-- statement as the subgraph sends it (prepared, generic plan), 20,000 taxpayers, seed 42.

-- Registrations of one division (XZQH_DM), page after page in DJXH order: registrations(filter: { division }).
-- DJ_NSRXX_XZQH (XZQH_DM, HY_DM, DJXH) gives DJXH's order only within an industry, so the plan walks the primary
-- key filtering by division: 2.2 ms for the largest division, 8.5 ms for one without records. With this index:
-- 0.15 ms and 0.04 ms.
CREATE INDEX DJ_NSRXX_XZQH_DJXH ON DJ_NSRXX (XZQH_DM, DJXH);

-- Records by the business registration number copied from the licence (GSDJZCH), stray blanks ignored:
-- nationalTaxAccount(registrationNumber), which taxpayerByLegacyId asks for a registration number whose registry
-- record carries no USCC (issue 13: the old record is linked to its taxpayer through national tax). Without it
-- every lookup reads the whole of DJ_NSRXX.
CREATE INDEX DJ_NSRXX_GSDJZCH ON DJ_NSRXX ((TRIM(GSDJZCH)));

-- Looked at and not asked for:
-- DJ_FZCHRDXX (the open abnormal determination read with every registration): its primary key (DJXH, RDRQ)
-- serves the lookup (an index scan backward, 0.01 ms a registration); below a few hundred rows the planner
-- rightly reads the one page instead.
