-- 工商 business registry: SAIC-style tables. E_BASEINFO keyed by PRIPID (主体身份代码); REGNO is
-- the 15-digit registration number (GS 15-2006); UNISCID (USCC) is null on records not yet
-- re-issued under 三证合一; registered capital in 万元 (ten thousand yuan). Unquoted names fold
-- to lower case.

CREATE TABLE E_BASEINFO (                  -- 企业(个体)基本信息 base information
  PRIPID      VARCHAR(36) PRIMARY KEY,     -- 主体身份代码 internal key
  REGNO       VARCHAR(50),                 -- 注册号 15-digit registration number
  UNISCID     VARCHAR(18),                 -- 统一社会信用代码 USCC (null on old records)
  ENTNAME     VARCHAR(200) NOT NULL,       -- 企业名称 / 字号名称
  ENTTYPE     CHAR(4) NOT NULL,            -- 市场主体类型 1100 有限责任公司, 1200 股份有限公司, 4100 全民所有制, 9100 农民专业合作社, 9500 个体工商户
  LEREP       VARCHAR(60),                 -- 法定代表人 / 经营者
  CERNO       VARCHAR(20),                 -- 法定代表人证件号码 (personal data)
  REGCAP      NUMERIC(18,4),               -- 注册资本 (万元)
  REGCAPCUR   CHAR(3),                     -- 币种 156 人民币
  ESTDATE     DATE,                        -- 成立日期
  APPRDATE    DATE,                        -- 核准日期
  REGORG      CHAR(6) NOT NULL,            -- 登记机关 (行政区划)
  DOM         VARCHAR(200),                -- 住所
  OPSCOPE     TEXT,                        -- 经营范围
  INDUSTRYCO  CHAR(4),                     -- 行业代码 GB/T 4754
  REGSTATE    CHAR(1) NOT NULL,            -- 登记状态 1 存续, 2 吊销未注销, 3 吊销已注销, 4 注销, 5 撤销, 6 迁出
  REVDATE     DATE,                        -- 吊销日期
  TEL         VARCHAR(30)                  -- 联系电话 (personal data)
);
CREATE INDEX E_BASEINFO_REGNO ON E_BASEINFO ((TRIM(REGNO)));   -- REGNO may carry stray blanks
CREATE INDEX E_BASEINFO_UNISCID ON E_BASEINFO (UNISCID);
CREATE INDEX E_BASEINFO_ORG ON E_BASEINFO ((SUBSTR(UNISCID, 9, 9)));
CREATE INDEX E_BASEINFO_AREA ON E_BASEINFO (REGORG, INDUSTRYCO, PRIPID);

CREATE TABLE E_ALTER (                     -- 变更信息 change history
  ALTID      VARCHAR(36) PRIMARY KEY,
  PRIPID     VARCHAR(36) NOT NULL,
  ALTITEM    VARCHAR(4) NOT NULL,          -- 变更事项 01 名称, 02 住所, 03 法定代表人, 04 注册资本, 05 经营范围
  ALTBE      TEXT,                         -- 变更前
  ALTAF      TEXT,                         -- 变更后
  ALTDATE    DATE NOT NULL                 -- 变更日期
);
CREATE INDEX E_ALTER_PRIPID ON E_ALTER (PRIPID, ALTDATE);

CREATE TABLE E_CANCEL (                    -- 注销信息 cancellations
  PRIPID     VARCHAR(36) PRIMARY KEY,
  CANDATE    DATE NOT NULL,                -- 注销日期
  CANREA     VARCHAR(200)                  -- 注销原因
);

CREATE TABLE E_MOVEOUT (                   -- 迁移信息 migrations out of this registry
  PRIPID     VARCHAR(36) PRIMARY KEY,
  MOVEDATE   DATE NOT NULL,                -- 迁出日期
  TOREGORG   CHAR(6) NOT NULL              -- 迁入登记机关
);
