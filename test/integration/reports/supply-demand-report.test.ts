import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../support/http-client.ts';
import { type LocalSystem, startLocalSystem } from '../../support/local-system.ts';

let system: LocalSystem;
let operator = '';

beforeAll(async () => {
  system = await startLocalSystem();
  operator = await system.issueToken('operator', 'op-1');
});

afterAll(async () => {
  await system?.stop();
});

interface Cell {
  category: string;
  communityId: string;
  demand: { needs: number; unmet: number };
  supply: { partners: number };
  gap: { recruit: boolean };
}

describe('GET /reports/supply-demand', () => {
  it("counts this period's needs and the demo partners, and flags a category nobody serves", async () => {
    const post = (category: string, communityId: string) =>
      request(system.baseUrl, 'POST', '/needs', { body: { category, description: '测试需求', communityId, contact: { name: '王', phone: '13800138000' } } });
    // Childcare: the only partner is suspended, so both go unmet.
    await Promise.all([post('childcare', 'liuyin'), post('childcare', 'liuyin'), post('legalAdvice', 'taoyuan')]);
    await system.poller.drain();

    const reply = await request<{ cells: Cell[]; recruit: Array<{ category: string; communityId: string }> }>(system.baseUrl, 'GET', '/reports/supply-demand', {
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(reply.status).toBe(200);
    const cell = (category: string, communityId: string) => reply.body.cells.find((entry) => entry.category === category && entry.communityId === communityId);
    expect(cell('childcare', 'liuyin')).toMatchObject({ demand: { needs: 2, unmet: 2 }, supply: { partners: 0 }, gap: { recruit: true } });
    // The Minsheng law firm serves all three communities.
    expect(cell('legalAdvice', 'taoyuan')).toMatchObject({ demand: { needs: 1 }, supply: { partners: 1 }, gap: { recruit: false } });
    expect(reply.body.recruit).toContainEqual(expect.objectContaining({ category: 'childcare', communityId: 'liuyin' }));
  });

  it('refuses a malformed period and callers who are not operators', async () => {
    const bad = await request<{ errors: Array<{ field: string }> }>(system.baseUrl, 'GET', '/reports/supply-demand?from=yesterday', {
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.field)).toEqual(['from']);
    const partner = await system.issueToken('partner', 'demo-li-jianguo');
    expect((await request(system.baseUrl, 'GET', '/reports/supply-demand', { headers: { authorization: `Bearer ${partner}` } })).status).toBe(403);
  });
});
