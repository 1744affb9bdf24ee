-- TIPS treasury-bank: indexes we ask the bank side's DBA to add (the legacy DDL is in ../treasury_bank.sql).
-- Figures: EXPLAIN ANALYZE of the statement as the subgraph sends it (prepared, generic plan), 20,000 taxpayers,
-- seed 42.

-- None for now. "RefundInfo", read twice for every payment shown (its status and first refund), is served by
-- "RefundInfo_Voucher" (an index-only scan, 0.006 ms a payment); at 2,000 taxpayers it holds 42 rows on one
-- page, where the planner rightly scans it instead. A taxpayer's payments use "TaxPayment_Payer" and
-- "TaxPayment_PayerOrg", a voucher "TaxPayment_Voucher", a bank's list "TaxPayment_Bank".
