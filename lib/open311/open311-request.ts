/**
 * A form-encoded Open311 POST turned into the submission our form sends, so it meets the same
 * validation, the same district checks and the same cascade. The standard's names map to ours:
 * service_code → category, attribute[community] → communityId, lat/long → location,
 * address_string → address, last_name + first_name → contact name (a Chinese name is family name
 * first), phone → contact phone, attribute[special_groups][] → specialGroups.
 */
import * as z from 'zod/mini';
import type { FieldProblem } from '../common/domain-errors.ts';
import { attributeCodes, type ConsentValue, consentValues } from './open311-services.ts';

/** The standard's fields we read (others, such as email, device_id or media_url, are accepted and ignored). */
export const open311RequestFieldsSchema = z.object({
  api_key: z.optional(z.string().check(z.maxLength(200))).check(z.describe('Required when the district sets keys.')),
  jurisdiction_id: z
    .optional(z.string().check(z.maxLength(100)))
    .check(z.describe('The district id; optional (one jurisdiction per endpoint).')),
  service_code: z.string().check(z.describe('A service_code of GET services (our category code).')),
  lat: z.optional(z.string()),
  long: z.optional(z.string()),
  address_string: z.optional(z.string().check(z.maxLength(200))),
  first_name: z.optional(z.string().check(z.maxLength(40))),
  last_name: z.optional(z.string().check(z.maxLength(40))),
  phone: z.string().check(z.describe('A mainland mobile number: partners call the resident back.')),
  description: z.string().check(z.maxLength(2000)),
  [`attribute[${attributeCodes.community}]`]: z.string().check(z.describe('A community id (GET services/{code} lists them).')),
  [`attribute[${attributeCodes.grid}]`]: z.optional(z.string()),
  [`attribute[${attributeCodes.urgency}]`]: z.optional(z.enum(['normal', 'urgent'])),
  [`attribute[${attributeCodes.specialGroups}][]`]: z.optional(z.array(z.string())),
  [`attribute[${attributeCodes.consent}]`]: z
    .optional(z.enum(Object.keys(consentValues) as [ConsentValue, ...ConsentValue[]]))
    .check(
      z.describe(
        'What the resident agreed to: personal_info, or sensitive (also the sensitive special groups; without it they are left out).',
      ),
    ),
});

export const open311FormLimitBytes = 16 * 1024;

/** Our field names back in the standard's words, so the 311 client's error names what it sent. */
const open311Names: Record<string, string> = {
  category: 'service_code',
  communityId: `attribute[${attributeCodes.community}]`,
  gridId: `attribute[${attributeCodes.grid}]`,
  urgency: `attribute[${attributeCodes.urgency}]`,
  specialGroups: `attribute[${attributeCodes.specialGroups}]`,
  consent: `attribute[${attributeCodes.consent}]`,
  'location.lat': 'lat',
  'location.lng': 'long',
  location: 'lat/long',
  address: 'address_string',
  'contact.name': 'first_name/last_name',
  'contact.phone': 'phone',
  description: 'description',
};

export function open311FieldName(field: string): string {
  const exact = open311Names[field];
  if (exact) return exact;
  const prefix = Object.keys(open311Names).find((name) => field.startsWith(`${name}.`));
  return prefix ? (open311Names[prefix] ?? field) : field;
}

export interface Open311Draft {
  submission: Record<string, unknown>;
  problems: FieldProblem[];
  apiKey?: string;
}

function coordinate(text: string | undefined): number | string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  // A number only if the text is one; otherwise the text goes on, and the schema names the field.
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) && Number.isFinite(value) ? value : text;
}

/** The submission a form body describes; problems the form alone reveals (missing service_code). */
export function draftFromForm(form: URLSearchParams): Open311Draft {
  const value = (name: string) => {
    const text = form.get(name);
    return text === null || text.trim() === '' ? undefined : text.trim();
  };
  const problems: FieldProblem[] = [];
  if (!value('service_code')) problems.push({ field: 'category', code: 'required', detail: 'is required (see GET services)' });
  const consent = value(`attribute[${attributeCodes.consent}]`);
  const agreed = consent !== undefined && Object.hasOwn(consentValues, consent) ? consentValues[consent as ConsentValue] : undefined;
  if (consent !== undefined && !agreed) {
    problems.push({ field: 'consent', code: 'unknown_value', detail: `one of ${Object.keys(consentValues).join(', ')} (see GET services/{code})` });
  }
  const lat = coordinate(value('lat'));
  const lng = coordinate(value('long'));
  const name = [value('last_name'), value('first_name')].filter(Boolean).join('');
  const groups = [...form.getAll(`attribute[${attributeCodes.specialGroups}][]`), ...form.getAll(`attribute[${attributeCodes.specialGroups}]`)]
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  const submission: Record<string, unknown> = {
    category: value('service_code') ?? '',
    description: form.get('description') ?? '',
    communityId: value(`attribute[${attributeCodes.community}]`),
    gridId: value(`attribute[${attributeCodes.grid}]`),
    address: value('address_string'),
    location: lat === undefined && lng === undefined ? undefined : { lat, lng },
    urgency: value(`attribute[${attributeCodes.urgency}]`),
    specialGroups: groups,
    contact: { name: name || undefined, phone: value('phone') },
    consent: agreed ? { ...agreed } : undefined,
  };
  return { submission: dropUndefined(submission), problems, apiKey: value('api_key') };
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, entry]) => entry !== undefined)
      .map(([key, entry]) => [key, entry && typeof entry === 'object' && !Array.isArray(entry) ? dropUndefined(entry as Record<string, unknown>) : entry]),
  );
}
