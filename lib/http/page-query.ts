/** The query of a partner's own paged lists: how many per page, and the cursor the last page gave. */
import * as z from 'zod';

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(2000).optional(),
});
