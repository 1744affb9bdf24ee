-- 地税 local tax: an older system from another vendor. Keyed by the internal 8-character
-- computer code JSJDM (计算机代码); dates are CHAR(8) 'YYYYMMDD' (blank-padded or '00000000'
-- when unknown); amounts are integer fen (分); statuses are its own 2-digit codes; CHAR columns
-- keep their blank padding. Unquoted names fold to lower case.

CREATE TABLE DM_ZT (                       -- 状态代码 status codes of this system
  ZTDM   CHAR(2) PRIMARY KEY,              -- 10 正常, 30 非正常, 40 失踪, 50 待注销, 60 注销, 61 非正常注销
  ZTMC   VARCHAR(40) NOT NULL
);
CREATE TABLE DM_SZ (                       -- 税种代码 tax types of this system
  SZDM   CHAR(2) PRIMARY KEY,              -- 03 营业税, 05 企业所得税, 10 城市维护建设税, 51 教育费附加, 61 地方教育附加
  SZMC   VARCHAR(40) NOT NULL
);
CREATE TABLE DM_SWJG (                     -- 税务机关 local tax offices
  SWJGDM CHAR(11) PRIMARY KEY,             -- 2 + 行政区划 + 4 位
  SWJGMC VARCHAR(100) NOT NULL,
  XZQH   CHAR(6) NOT NULL
);
CREATE TABLE DM_ZGY (                      -- 专管员 tax administrators
  ZGYDM  CHAR(8) PRIMARY KEY,
  ZGYXM  VARCHAR(30) NOT NULL,
  SWJGDM CHAR(11) NOT NULL
);

CREATE TABLE SWDJ (                        -- 税务登记 registration
  JSJDM   CHAR(8) PRIMARY KEY,             -- 计算机代码 internal key
  SWDJZH  CHAR(20) NOT NULL,               -- 税务登记证号 TIN as issued (old 15-char TIN is blank-padded)
  TYXYDM  VARCHAR(18),                     -- 统一社会信用代码 USCC (added by a 2015 patch; filled when re-issued)
  ZZJGDM  VARCHAR(12),                     -- 组织机构代码 as typed (often 'XXXXXXXX-X', sometimes full-width)
  NSRMC   VARCHAR(200) NOT NULL,           -- 纳税人名称
  FRXM    VARCHAR(60),                     -- 法人代表/业主姓名
  FRZJHM  CHAR(18),                        -- 法人证件号码 (personal data)
  LXDH    VARCHAR(30),                     -- 联系电话 (personal data)
  DJLX    CHAR(3) NOT NULL,                -- 登记注册类型
  HYDM    CHAR(4) NOT NULL,                -- 行业代码
  XZQH    CHAR(6) NOT NULL,                -- 行政区划
  SWJGDM  CHAR(11) NOT NULL,               -- 主管税务机关
  ZGYDM   CHAR(8),                         -- 专管员 (null or blank: none assigned)
  DZ      VARCHAR(200),                    -- 地址
  ZT      CHAR(2) NOT NULL,                -- 状态 (DM_ZT)
  ZTRQ    CHAR(8),                         -- 状态变更日期
  DJRQ    CHAR(8) NOT NULL,                -- 登记日期
  ZXRQ    CHAR(8),                         -- 注销日期
  CZBZ    CHAR(1) NOT NULL DEFAULT '0'     -- 操作标志 0 有效 1 作废 (soft delete)
);
CREATE INDEX SWDJ_SWDJZH ON SWDJ (SWDJZH);
CREATE INDEX SWDJ_ZZJGDM ON SWDJ (ZZJGDM);
CREATE INDEX SWDJ_TYXYDM ON SWDJ (TYXYDM);
-- 组织机构代码 as embedded in the TIN (characters 7-15 of an old TIN, 9-17 of a USCC).
-- Queries must repeat this expression verbatim to use the index.
CREATE INDEX SWDJ_TIN_ORG ON SWDJ ((CASE WHEN LENGTH(RTRIM(SWDJZH)) = 18 THEN SUBSTR(SWDJZH, 9, 9)
                                        WHEN LENGTH(RTRIM(SWDJZH)) = 15 THEN SUBSTR(SWDJZH, 7, 9) END));
CREATE INDEX SWDJ_AREA ON SWDJ (XZQH, HYDM, JSJDM);
CREATE INDEX SWDJ_SWJG ON SWDJ (SWJGDM, JSJDM);
CREATE INDEX SWDJ_ZGY ON SWDJ (ZGYDM, JSJDM);

CREATE TABLE SB_MX (                       -- 申报明细 return lines (one per tax type and period)
  SBLSH   CHAR(16) PRIMARY KEY,            -- 申报流水号
  JSJDM   CHAR(8) NOT NULL,
  SZDM    CHAR(2) NOT NULL,                -- 税种
  SSQQ    CHAR(8) NOT NULL,                -- 所属期起
  SSQZ    CHAR(8) NOT NULL,                -- 所属期止
  JSYJ    BIGINT NOT NULL,                 -- 计税依据 (分) taxable base in fen
  SL      NUMERIC(6,4) NOT NULL,           -- 税率
  YNSE    BIGINT NOT NULL,                 -- 应纳税额 (分)
  SBRQ    CHAR(8) NOT NULL,                -- 申报日期
  SJSE    BIGINT,                          -- 实缴税额 (分) tax paid on the line (null: as YNSE; less while a deferral 缓缴 runs)
  SBLX    CHAR(1) NOT NULL DEFAULT '1',    -- 申报类型 1 正常申报 return, 2 查补 back-tax of an audit (稽查)
  AJBH    CHAR(16)                         -- 稽查案件 (JC_AJ.AJBH) of a 查补 line
);
CREATE INDEX SB_MX_JSJDM ON SB_MX (JSJDM, SSQQ);

CREATE TABLE GTDE (                        -- 个体定额 fixed turnover quotas of individual businesses
  JSJDM   CHAR(8) NOT NULL,
  ND      CHAR(4) NOT NULL,                -- 年度
  YYYE    BIGINT NOT NULL,                 -- 月营业额定额 (分) monthly quota turnover
  HDRQ    CHAR(8) NOT NULL,                -- 核定日期
  PRIMARY KEY (JSJDM, ND)
);

CREATE TABLE SDS_HD (                      -- 企业所得税核定 deemed-profit CIT assessments
  JSJDM   CHAR(8) NOT NULL,
  ND      CHAR(4) NOT NULL,
  YSSDL   NUMERIC(6,4) NOT NULL,           -- 应税所得率
  PRIMARY KEY (JSJDM, ND)
);

CREATE TABLE XYPJ (                        -- 纳税信用等级评定 credit ratings
  JSJDM   CHAR(8) NOT NULL,
  ND      CHAR(4) NOT NULL,
  DF      NUMERIC(5,1) NOT NULL,           -- 得分
  DJ      CHAR(1) NOT NULL,                -- 等级 A B M C D
  PRIMARY KEY (JSJDM, ND)
);

CREATE TABLE JC_AJ (                       -- 稽查案件 audit cases
  AJBH    CHAR(16) PRIMARY KEY,            -- 案件编号
  JSJDM   CHAR(8) NOT NULL,
  AJLY    VARCHAR(40) NOT NULL,            -- 案件来源 (选案, 举报, 国地联合稽查)
  LARQ    CHAR(8) NOT NULL,                -- 立案日期
  JARQ    CHAR(8),                         -- 结案日期
  BJSK    BIGINT NOT NULL DEFAULT 0,       -- 补缴税款 (分)
  FK      BIGINT NOT NULL DEFAULT 0,       -- 罚款 (分)
  AY      VARCHAR(200)                     -- 案由
);
CREATE INDEX JC_AJ_JSJDM ON JC_AJ (JSJDM);

CREATE TABLE SP_JK (                       -- 税票缴款 payment ledger: one row per tax voucher booked as collected
  SWJGDM  CHAR(11) NOT NULL,               -- 征收机关
  SPHM    VARCHAR(18) NOT NULL,            -- 税票号码 (through TIPS: the TaxVouNo sent to the bank)
  JSJDM   CHAR(8) NOT NULL,
  SZDM    CHAR(2) NOT NULL,                -- 税种
  SSQQ    CHAR(8) NOT NULL,                -- 所属期起
  SSQZ    CHAR(8) NOT NULL,                -- 所属期止
  SJJE    BIGINT NOT NULL,                 -- 实缴金额 (分)
  JKRQ    CHAR(8) NOT NULL,                -- 缴款日期 (through TIPS: the day the bank deducted it)
  JKFS    CHAR(1) NOT NULL,                -- 缴款方式 1 横向联网电子缴税 2 现金 3 转账缴款书
  YSKM    CHAR(7) NOT NULL,                -- 预算科目 budget subject
  PRIMARY KEY (SWJGDM, SPHM)
);
CREATE INDEX SP_JK_JSJDM ON SP_JK (JSJDM, SSQQ);
CREATE INDEX SP_JK_JKRQ ON SP_JK (JKRQ);
