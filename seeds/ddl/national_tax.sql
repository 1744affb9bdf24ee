-- 国税 national tax: a 金税三期-style schema (as an Oracle system ported to PostgreSQL would look).
-- Registration keyed by DJXH (登记序号, NUMBER(20)); pinyin column abbreviations; code tables DM_*;
-- amounts in yuan as NUMERIC(18,2); dates as DATE. Unquoted names fold to lower case.

-- 代码表 code tables -------------------------------------------------------------------------
CREATE TABLE DM_NSRZT (                    -- 纳税人状态代码 registration status codes
  NSRZT_DM   CHAR(2) PRIMARY KEY,          -- 状态代码
  NSRZTMC    VARCHAR(60) NOT NULL          -- 状态名称
);
CREATE TABLE DM_DJZCLX (                   -- 登记注册类型 registration types
  DJZCLX_DM  CHAR(3) PRIMARY KEY,
  DJZCLXMC   VARCHAR(60) NOT NULL
);
CREATE TABLE DM_HY (                       -- 国民经济行业 industries (GB/T 4754)
  HY_DM      CHAR(4) PRIMARY KEY,
  HYMC       VARCHAR(100) NOT NULL
);
CREATE TABLE DM_XZQH (                     -- 行政区划 administrative divisions (GB/T 2260)
  XZQH_DM    CHAR(6) PRIMARY KEY,
  XZQHMC     VARCHAR(60) NOT NULL
);
CREATE TABLE DM_SWJG (                     -- 税务机关 tax offices
  SWJG_DM    CHAR(11) PRIMARY KEY,         -- 税务机关代码 (1 + 行政区划 + 4 位)
  SWJGMC     VARCHAR(100) NOT NULL,        -- 税务机关名称
  XZQH_DM    CHAR(6) NOT NULL              -- 所在行政区划
);
CREATE TABLE DM_ZSXM (                     -- 征收项目 levy items (taxes)
  ZSXM_DM    CHAR(5) PRIMARY KEY,          -- 10101 增值税, 10102 消费税, 10104 企业所得税
  ZSXMMC     VARCHAR(60) NOT NULL
);
CREATE TABLE DM_GY_SWRY (                  -- 税务人员 tax officials (tax administrators 税收管理员)
  SWRY_DM    CHAR(11) PRIMARY KEY,         -- 人员代码
  SWRYXM     VARCHAR(30) NOT NULL,         -- 姓名
  SWJG_DM    CHAR(11) NOT NULL             -- 所属税务机关
);

-- 登记 registration ---------------------------------------------------------------------------
CREATE TABLE DJ_NSRXX (                    -- 纳税人信息 taxpayer registration
  DJXH         NUMERIC(20) PRIMARY KEY,    -- 登记序号 internal key
  NSRSBH       VARCHAR(20) NOT NULL,       -- 纳税人识别号 TIN: old 15-char, 20-char ID-TIN or USCC
  SHXYDM       VARCHAR(18),                -- 社会信用代码 USCC (null before 2015-10 unless re-registered)
  NSRMC        VARCHAR(200) NOT NULL,      -- 纳税人名称
  FDDBRXM      VARCHAR(60),                -- 法定代表人(业主)姓名
  FDDBRSFZJHM  VARCHAR(20),                -- 法定代表人身份证件号码 (personal data)
  DJZCLX_DM    CHAR(3) NOT NULL,           -- 登记注册类型
  HY_DM        CHAR(4) NOT NULL,           -- 行业
  NSRZT_DM     CHAR(2) NOT NULL,           -- 纳税人状态
  ZGSWJ_DM     CHAR(11) NOT NULL,          -- 主管税务机关
  SSGLY_DM     CHAR(11),                   -- 税收管理员 (null: no administrator assigned)
  GSDJZCH      VARCHAR(50),                -- 工商登记注册号 business registration number as copied from the licence
  ZCDZ         VARCHAR(200),               -- 注册地址
  SCJYDZ       VARCHAR(200),               -- 生产经营地址
  LXDH         VARCHAR(30),                -- 联系电话 (personal data for individual businesses)
  XZQH_DM      CHAR(6) NOT NULL,           -- 生产经营地行政区划
  ZZSYBNSRBZ   CHAR(1) NOT NULL DEFAULT 'N', -- 增值税一般纳税人标志 Y general / N small-scale
  DJRQ         DATE NOT NULL,              -- 登记日期
  ZXRQ         DATE,                       -- 注销日期
  LRRQ         TIMESTAMP NOT NULL,         -- 录入日期
  XGRQ         TIMESTAMP,                  -- 修改日期
  YXBZ         CHAR(1) NOT NULL DEFAULT 'Y' -- 有效标志
);
CREATE INDEX DJ_NSRXX_NSRSBH ON DJ_NSRXX ((TRIM(NSRSBH)));       -- NSRSBH may carry stray blanks
CREATE INDEX DJ_NSRXX_SHXYDM ON DJ_NSRXX (SHXYDM);
-- 组织机构代码 lookup: the organization code sits in characters 9-17 of a USCC and 7-15 of an old TIN.
-- Queries must repeat this expression verbatim to use the index (NSRSBH may carry stray blanks).
CREATE INDEX DJ_NSRXX_ZZJGDM ON DJ_NSRXX ((CASE WHEN LENGTH(TRIM(NSRSBH)) = 18 THEN SUBSTR(TRIM(NSRSBH), 9, 9)
                                                WHEN LENGTH(TRIM(NSRSBH)) = 15 THEN SUBSTR(TRIM(NSRSBH), 7, 9) END));
CREATE INDEX DJ_NSRXX_XZQH ON DJ_NSRXX (XZQH_DM, HY_DM, DJXH);
CREATE INDEX DJ_NSRXX_SWJG ON DJ_NSRXX (ZGSWJ_DM, DJXH);
CREATE INDEX DJ_NSRXX_SSGLY ON DJ_NSRXX (SSGLY_DM, DJXH);

CREATE TABLE DJ_FZCHRDXX (                 -- 非正常户认定信息 abnormal-taxpayer determinations
  DJXH       NUMERIC(20) NOT NULL,
  RDRQ       DATE NOT NULL,                -- 认定日期 date declared abnormal
  JCRQ       DATE,                         -- 解除日期 date lifted
  PRIMARY KEY (DJXH, RDRQ)
);

CREATE TABLE DJ_BGDJ (                     -- 变更登记 registration changes (incl. 迁出 migration)
  BGXH       NUMERIC(20) PRIMARY KEY,      -- 变更序号
  DJXH       NUMERIC(20) NOT NULL,
  BGXMMC     VARCHAR(60) NOT NULL,         -- 变更项目 (名称, 地址, 法定代表人, 迁出)
  BGQNR      VARCHAR(200),                 -- 变更前内容
  BGHNR      VARCHAR(200),                 -- 变更后内容
  BGRQ       DATE NOT NULL                 -- 变更日期
);
CREATE INDEX DJ_BGDJ_DJXH ON DJ_BGDJ (DJXH);

-- 申报 returns and 征收 levy ------------------------------------------------------------------
CREATE TABLE SB_SBXX (                     -- 申报信息 tax returns (VAT, consumption tax, CIT)
  SBUUID     CHAR(32) PRIMARY KEY,
  DJXH       NUMERIC(20) NOT NULL,
  ZSXM_DM    CHAR(5) NOT NULL,             -- 征收项目
  SKSSQQ     DATE NOT NULL,                -- 税款所属期起 period from
  SKSSQZ     DATE NOT NULL,                -- 税款所属期止 period to
  JSYJ       NUMERIC(18,2) NOT NULL,       -- 计税依据 taxable base (销售额)
  SL1        NUMERIC(8,4) NOT NULL,        -- 税率 rate
  YNSE       NUMERIC(18,2) NOT NULL,       -- 应纳税额 tax due
  SBRQ       DATE NOT NULL,                -- 申报日期 filing date
  JTYSXSE    NUMERIC(18,2) NOT NULL DEFAULT 0 -- 交通运输服务销售额 transport sales in JSYJ (VAT returns from 营改增; 0 otherwise)
);
CREATE INDEX SB_SBXX_DJXH ON SB_SBXX (DJXH, SKSSQQ);

CREATE TABLE ZS_YJSF (                     -- 已缴税费 tax actually paid (levy records)
  DZSPHM     CHAR(20) NOT NULL,            -- 电子税票号码 electronic tax voucher number (one voucher may carry several records: a TIPS deduction of a monthly VAT filer's quarter)
  DJXH       NUMERIC(20) NOT NULL,
  ZSXM_DM    CHAR(5) NOT NULL,
  SKSSQQ     DATE NOT NULL,
  SKSSQZ     DATE NOT NULL,
  SJJE       NUMERIC(18,2) NOT NULL,       -- 实缴金额 amount paid
  JKRQ       DATE NOT NULL,                -- 缴款日期
  MDSE       NUMERIC(18,2) NOT NULL DEFAULT 0, -- 免抵税额 approved exempt-and-credit VAT (counts in the 城建税 base from 2005)
  SKZL_DM    CHAR(2) NOT NULL DEFAULT '10', -- 税款种类 10 申报 declared, 20 查补 audit back-tax, 30 缓缴 deferred tax paid after its deferral
  JKFS_DM    CHAR(2) NOT NULL DEFAULT '02', -- 缴款方式 01 横向联网电子缴税 (TIPS: DZSPHM is the TIPS TaxVouNo), 02 现金, 03 转账缴款书
  YSKM_DM    CHAR(7),                      -- 预算科目 budget subject (政府收支分类科目)
  PRIMARY KEY (DZSPHM, ZSXM_DM, SKSSQQ)
);
CREATE INDEX ZS_YJSF_DJXH ON ZS_YJSF (DJXH, SKSSQQ);

CREATE TABLE HD_DEXX (                     -- 核定定额信息 fixed turnover quotas of individual businesses
  DJXH       NUMERIC(20) NOT NULL,
  ND         NUMERIC(4) NOT NULL,          -- 年度
  YDXSE      NUMERIC(18,2) NOT NULL,       -- 月定销售额 monthly quota turnover
  HDRQ       DATE NOT NULL,                -- 核定日期
  PRIMARY KEY (DJXH, ND)
);

CREATE TABLE SDS_HDZSXX (                  -- 企业所得税核定征收 deemed-profit CIT assessments
  DJXH       NUMERIC(20) NOT NULL,
  ND         NUMERIC(4) NOT NULL,
  YSSDL      NUMERIC(6,4) NOT NULL,        -- 应税所得率 deemed income rate
  PRIMARY KEY (DJXH, ND)
);

CREATE TABLE XY_NSRXYPJ (                  -- 纳税信用评价 tax credit ratings
  DJXH       NUMERIC(20) NOT NULL,
  PJND       NUMERIC(4) NOT NULL,          -- 评价年度
  PJFS       NUMERIC(5,1) NOT NULL,        -- 评价分数
  XYDJ_DM    CHAR(1) NOT NULL,             -- 信用等级 A B M C D
  PRIMARY KEY (DJXH, PJND)
);

CREATE TABLE FP_HYFP (                     -- 货物运输业增值税专用发票/货运发票 freight invoices
  FPDM       CHAR(12) NOT NULL,            -- 发票代码
  FPHM       CHAR(8) NOT NULL,             -- 发票号码
  CYRNSRSBH  VARCHAR(20) NOT NULL,         -- 承运人纳税人识别号 carrier TIN
  CYRMC      VARCHAR(200) NOT NULL,        -- 承运人名称
  SPFNSRSBH  VARCHAR(20) NOT NULL,         -- 受票方纳税人识别号 recipient TIN
  KPRQ       DATE NOT NULL,                -- 开票日期
  YFJE       NUMERIC(18,2) NOT NULL,       -- 运费金额 freight amount
  SE         NUMERIC(18,2) NOT NULL,       -- 税额
  PRIMARY KEY (FPDM, FPHM)
);
CREATE INDEX FP_HYFP_CYR ON FP_HYFP (CYRNSRSBH, KPRQ);

CREATE TABLE FP_JXRZ (                     -- 进项发票认证 input invoices certified for deduction (the recipient's side)
  FPDM       CHAR(12) NOT NULL,            -- 发票代码
  FPHM       CHAR(8) NOT NULL,             -- 发票号码
  GFNSRSBH   VARCHAR(20) NOT NULL,         -- 购方纳税人识别号 TIN of the taxpayer who deducted it
  RZRQ       DATE NOT NULL,                -- 认证日期 certified (deducted from that month's output)
  JE         NUMERIC(18,2) NOT NULL,       -- 金额 amount certified
  SE         NUMERIC(18,2) NOT NULL,       -- 税额 input tax deducted (11% from 2013-08; 7% of freight deemed before)
  PRIMARY KEY (FPDM, FPHM, GFNSRSBH)
);
