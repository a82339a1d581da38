import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../../lib/matching/geo.ts';

describe('haversine distance', () => {
  const hehua = { lat: 30.2741, lng: 120.1551 };

  it('is 0 from a point to itself', () => {
    expect(haversineKm(hehua, hehua)).toBe(0);
  });

  it('measures one degree of latitude as about 111 km', () => {
    expect(haversineKm(hehua, { lat: hehua.lat + 1, lng: hehua.lng })).toBeCloseTo(111.2, 1);
  });

  it('puts Beijing about 1,068 km from Shanghai, whichever way round', () => {
    const beijing = { lat: 39.9042, lng: 116.4074 };
    const shanghai = { lat: 31.2304, lng: 121.4737 };

    expect(haversineKm(beijing, shanghai)).toBeGreaterThan(1060);
    expect(haversineKm(beijing, shanghai)).toBeLessThan(1075);
    expect(haversineKm(shanghai, beijing)).toBe(haversineKm(beijing, shanghai));
  });
});
