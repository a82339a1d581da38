/** The query of a partner's own paged lists: how many per page, and the cursor the last page gave. */
import * as z from 'zod/mini';

export const pageQuerySchema = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
