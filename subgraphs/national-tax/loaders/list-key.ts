import { NationalTaxLevyItem } from '../types/enums';

/**
 * DataLoader keys are strings, so a list's owner (internal key or TIN) and its field arguments are
 * encoded in one: `owner|year|levyItem`, empty for an absent filter. Owners never contain '|'.
 */
export interface ListKey {
  owner: string;
  year: number | null;
  levyItem: NationalTaxLevyItem | null;
}

export function listKey(owner: string, year: number | null = null, levyItem: NationalTaxLevyItem | null = null): string {
  return `${owner}|${year ?? ''}|${levyItem ?? ''}`;
}

export function parseListKey(key: string): ListKey {
  const [owner, year, levyItem] = key.split('|');
  return { owner, year: year ? Number(year) : null, levyItem: levyItem ? (levyItem as NationalTaxLevyItem) : null };
}
