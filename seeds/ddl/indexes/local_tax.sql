-- 地税 local tax: indexes we ask the bureau's DBA to add (the legacy DDL is in ../local_tax.sql).
-- Figures: EXPLAIN ANALYZE of the statement as the subgraph sends it (prepared, generic plan), 20,000 taxpayers,
-- seed 42.

-- None for now. Every batch lookup (by JSJDM, SWDJZH, TYXYDM, the organization code in the TIN) and every list
-- of a registration's rows has its index in the legacy DDL. A division's list walks the primary key (JSJDM) in
-- order, 0.3 ms for the largest division (6-18 ms for a division without records); the planner keeps that plan
-- even beside an index on (XZQH, JSJDM), so asking for one would buy nothing.
