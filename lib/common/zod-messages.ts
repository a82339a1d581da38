/**
 * zod/mini loads no locale, so every issue of its own would read "Invalid input". English, the words
 * classic zod gives, for the 400 bodies and the district file's errors: imported by the modules that
 * turn issues into text (lib/http/validate.ts, lib/district/district-config.ts).
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());
