/** The mainland mobile number as residents and partners type it. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { mainlandMobile } from '#lib/common/contact-values.ts';

const parsed = (typed: string) => z.safeParse(mainlandMobile, typed);

describe('mainlandMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['+86 199-0000-0000', '19900000000'],
  ])('accepts %s as %s', (typed, number) => {
    expect(parsed(typed)).toMatchObject({ success: true, data: number });
  });

  it.each(['12800138000', '1380013800', '138001380001', 'a13800138000', '13800138000a', '8612800138000', '+861380013800'])('refuses %s', (typed) => {
    expect(parsed(typed).success).toBe(false);
  });
});
