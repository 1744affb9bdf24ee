/**
 * Levy items (征收项目) by the 5-digit code national tax and TIPS both write (ZSXM_DM, TaxTypeCode),
 * with their Chinese names: one table for the treasury-bank subgraph's labels and cooperation's
 * exchange of revenue figures.
 */
export const LEVY_ITEM_NAMES: Readonly<Record<string, string>> = {
  '10101': '增值税',
  '10102': '消费税',
  '10103': '营业税',
  '10104': '企业所得税',
  '10109': '城市维护建设税',
  '30203': '教育费附加',
  '30216': '地方教育附加',
};
