import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random';

describe('the seeded generator', () => {
  it('gives the numbers it always gave, which the demo data follows from', () => {
    const people = new SeededRandom('frontline', 'people');
    expect([people.uint32(), people.uint32(), people.uint32(), people.next(), people.uuid()]).toEqual([
      3611564000,
      3693918443,
      2852647773,
      0.2327909986488521,
      '7e3ed791-1afd-4a6e-9642-658929f3ac76',
    ]);
    const numbered = new SeededRandom(20261206);
    expect([numbered.uint32(), numbered.int(1, 6), numbered.normal()]).toEqual([1693604440, 6, -0.1859863315806907]);
  });

  it('repeats itself for a seed, and differs between seeds and between the parts after it', () => {
    const draw = (...parts: (string | number)[]) => {
      const random = new SeededRandom(...parts);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw('a', 'x')).toEqual(draw('a', 'x'));
    expect(draw('a', 'x')).not.toEqual(draw('b', 'x'));
    expect(draw('a', 'x')).not.toEqual(draw('a', 'y'));
    expect(draw('a', 'trainee', 1)).not.toEqual(draw('a', 'trainee', 2));
    expect(draw(7)).toEqual(draw('7'));
  });

  it('draws evenly in [0, 1), whole numbers in range with both ends, and picks every item', () => {
    const random = new SeededRandom(1);
    const values = Array.from({ length: 10_000 }, () => random.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
    const dice = Array.from({ length: 6_000 }, () => random.int(1, 6));
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (let face = 1; face <= 6; face++) expect(dice.filter((d) => d === face).length).toBeGreaterThan(850);
    const picked = Array.from({ length: 300 }, () => random.pick(['a', 'b', 'c'] as const));
    expect(new Set(picked)).toEqual(new Set(['a', 'b', 'c']));
    const spread = Array.from({ length: 10_000 }, () => random.between(-2, 3));
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...spread)).toBeLessThan(3);
  });

  it('draws a standard normal and makes version 4 UUIDs, all different', () => {
    const random = new SeededRandom(1);
    const normals = Array.from({ length: 10_000 }, () => random.normal());
    const mean = normals.reduce((a, b) => a + b, 0) / normals.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length).toBeCloseTo(1, 1);
    const ids = Array.from({ length: 1000 }, () => random.uuid());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
