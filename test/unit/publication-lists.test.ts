/**
 * The publication lists' pure parts: an area argument as a division prefix, and the minute a
 * computed rating list is kept (a failed computation is not kept).
 */
import { areaPrefix, inArea } from '../../subgraphs/cooperation/publication/area';
import { RatingListCache } from '../../subgraphs/cooperation/publication/credit-rating-list';
import type { JointRating } from '../../subgraphs/cooperation/rules/tasks/task-03-credit-rating';

describe('publication lists', () => {
  test('an area is a province, a city or a district; 6-digit province and city codes stand for all of them', () => {
    expect(areaPrefix(null)).toBeNull();
    expect(areaPrefix(undefined)).toBeNull();
    expect(areaPrefix('51')).toBe('51');
    expect(areaPrefix('5101')).toBe('5101');
    expect(areaPrefix(' 510104 ')).toBe('510104');
    expect(areaPrefix('510000')).toBe('51');
    expect(areaPrefix('510100')).toBe('5101');
    for (const bad of ['', '5', '510', '51010', '5101041', '51x104', '00', '５１'])
      expect(() => areaPrefix(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    expect(inArea('510104', '5101')).toBe(true);
    expect(inArea('450500', '5101')).toBe(false);
    expect(inArea(null, '51')).toBe(false);
    expect(inArea(null, null)).toBe(true);
  });

  test('a computed list is served for its time, then computed again; a failure is not served', async () => {
    let now = 0;
    const cache = new RatingListCache(60_000, () => now);
    let computed = 0;
    const compute = async (): Promise<JointRating[]> => {
      computed++;
      return [];
    };
    await cache.get('2015|51', compute);
    await cache.get('2015|51', compute);
    expect(computed).toBe(1);
    await cache.get('2015|45', compute);
    expect(computed).toBe(2);
    now = 60_001;
    await cache.get('2015|51', compute);
    expect(computed).toBe(3);

    await expect(cache.get('2014|51', () => Promise.reject(new Error('source down')))).rejects.toThrow('source down');
    await cache.get('2014|51', compute);
    expect(computed).toBe(4);
  });
});
