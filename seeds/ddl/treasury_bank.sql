-- 财税库银横向联网 TIPS: message tables as the interface specification names them (mixed-case,
-- quoted identifiers). A payment is keyed by ("TaxOrgCode", "EntrustDate", "TraNo"); "TaxVouNo" is
-- unique within a tax office. Amounts in yuan NUMERIC(18,2); dates CHAR(8), times CHAR(6).
-- Result "90000" means the bank deducted successfully.

CREATE TABLE "TaxOrgCodeTable" (            -- 征收机关代码
  "TaxOrgCode"   CHAR(11) PRIMARY KEY,
  "TaxOrgName"   VARCHAR(100) NOT NULL,
  "TaxOrgType"   CHAR(1) NOT NULL           -- 1 国税 national, 2 地税 local
);
CREATE TABLE "BankCodeTable" (              -- 行号 paying banks
  "BankCode"     CHAR(12) PRIMARY KEY,
  "BankName"     VARCHAR(100) NOT NULL
);
CREATE TABLE "TreCodeTable" (               -- 国库 treasuries
  "TreCode"      CHAR(10) PRIMARY KEY,
  "TreName"      VARCHAR(100) NOT NULL
);

CREATE TABLE "ProtocolInfo" (               -- 三方协议 taxpayer-bank-tax office agreements
  "ProtocolNo"   VARCHAR(60) PRIMARY KEY,
  "TaxOrgCode"   CHAR(11) NOT NULL,
  "TaxPayCode"   VARCHAR(20) NOT NULL,      -- 纳税人识别号 as that office knows it
  "PayBkCode"    CHAR(12) NOT NULL,
  "PayAcct"      VARCHAR(32) NOT NULL,      -- 缴款账号 (personal data)
  "HandleDate"   CHAR(8) NOT NULL
);

CREATE TABLE "TaxPayment" (                 -- 实时/批量扣税请求 3001/3102 deduction requests
  "TaxOrgCode"   CHAR(11) NOT NULL,         -- 征收机关代码
  "EntrustDate"  CHAR(8) NOT NULL,          -- 委托日期
  "TraNo"        CHAR(8) NOT NULL,          -- 交易流水号
  "TaxVouNo"     VARCHAR(18) NOT NULL,      -- 税票号码 voucher number
  "TaxPayCode"   VARCHAR(20) NOT NULL,      -- 纳税人识别号
  "TaxPayName"   VARCHAR(200) NOT NULL,     -- 纳税人名称
  "PayBkCode"    CHAR(12) NOT NULL,         -- 付款行行号
  "PayAcct"      VARCHAR(32),               -- 付款账号 (personal data)
  "TreCode"      CHAR(10) NOT NULL,         -- 收款国库代码
  "TraAmt"       NUMERIC(18,2) NOT NULL,    -- 交易金额 (元)
  "TaxTypeCode"  VARCHAR(5) NOT NULL,       -- 税种 (征收项目代码)
  "BudgetSubjectCode" VARCHAR(7) NOT NULL,  -- 预算科目
  "BudgetLevelCode" CHAR(1) NOT NULL,       -- 预算级次 1 中央 2 省 3 市 4 县
  "TaxStartDate" CHAR(8) NOT NULL,          -- 所属期起
  "TaxEndDate"   CHAR(8) NOT NULL,          -- 所属期止
  "PayMode"      CHAR(1) NOT NULL,          -- 1 实时扣税 2 批量扣税 3 柜面缴税 4 自缴核销
  "Result"       CHAR(5),                   -- 处理结果 90000 成功; null 待扣款
  "AddWord"      VARCHAR(60),               -- 附言 / failure reason
  "DeductDate"   CHAR(8),                   -- 扣款日期
  "DeductTime"   CHAR(6),                   -- 扣款时间
  PRIMARY KEY ("TaxOrgCode", "EntrustDate", "TraNo")
);
CREATE UNIQUE INDEX "TaxPayment_Voucher" ON "TaxPayment" ("TaxOrgCode", "TaxVouNo");
CREATE INDEX "TaxPayment_Payer" ON "TaxPayment" ("TaxPayCode");
CREATE INDEX "TaxPayment_Bank" ON "TaxPayment" ("PayBkCode", "EntrustDate", "TaxOrgCode", "TraNo");
CREATE INDEX "TaxPayment_Entrusted" ON "TaxPayment" ("EntrustDate", "TaxOrgCode", "TraNo");
CREATE INDEX "TaxPayment_BankDeducted" ON "TaxPayment" ("PayBkCode", "DeductDate", "DeductTime");
-- The organization code inside an old 15-character TIN (characters 7-15); queries repeat this expression verbatim.
CREATE INDEX "TaxPayment_PayerOrg" ON "TaxPayment" ((CASE WHEN LENGTH("TaxPayCode") = 15 THEN SUBSTR("TaxPayCode", 7, 9) END));

CREATE TABLE "TreasuryEntry" (              -- 入库回执 treasury remittance receipts
  "TaxOrgCode"   CHAR(11) NOT NULL,
  "EntrustDate"  CHAR(8) NOT NULL,
  "TraNo"        CHAR(8) NOT NULL,
  "TreCode"      CHAR(10) NOT NULL,
  "TreDate"      CHAR(8) NOT NULL,          -- 入库日期
  "TreTime"      CHAR(6) NOT NULL,
  PRIMARY KEY ("TaxOrgCode", "EntrustDate", "TraNo")
);

CREATE TABLE "RefundInfo" (                 -- 退库 refunds
  "RefundNo"     VARCHAR(20) PRIMARY KEY,
  "TaxOrgCode"   CHAR(11) NOT NULL,
  "OriTaxVouNo"  VARCHAR(18) NOT NULL,      -- 原税票号码
  "RefundAmt"    NUMERIC(18,2) NOT NULL,
  "RefundDate"   CHAR(8) NOT NULL,
  "RefundTime"   CHAR(6) NOT NULL
);
CREATE INDEX "RefundInfo_Voucher" ON "RefundInfo" ("TaxOrgCode", "OriTaxVouNo");
