/**
 * zod/mini loads no locale, so every issue of its own would read "Invalid input". English, the words
 * classic zod gives, for the 400 bodies and the district files' errors: imported by the modules that
 * turn issues into text for people (lib/http/validate.ts, lib/district/district-files.ts), so that
 * the bundles of stream consumers and schedules, which answer nobody, leave the locale out.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());
