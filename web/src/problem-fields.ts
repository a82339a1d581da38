/**
 * From the API's problem+json field list (`errors[].field`, a dotted path such as `contact.phone`)
 * to the question on the page it concerns, and the plain Chinese (or English) words to show there.
 * Anything the page cannot place goes to the form as a whole, so no problem is ever dropped.
 */
import type { FieldProblem } from './api.ts';
import type { MessageKey } from './i18n.ts';

export type NeedField =
  | 'category'
  | 'description'
  | 'communityId'
  | 'gridId'
  | 'address'
  | 'when'
  | 'urgency'
  | 'specialGroups'
  | 'contact.name'
  | 'contact.phone'
  | 'consent'
  | 'form';

export type RatingField = 'stars' | 'comment' | 'tags' | 'form';

export interface FieldMessage<Field extends string> {
  field: Field;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export const descriptionMax = 2000;
export const addressMax = 200;
export const nameMax = 50;
export const commentMax = 500;

/** Lengths of what is on the page now, to say by how much a text is too long. */
export interface CurrentLengths {
  description?: number;
  comment?: number;
}

const tooLong = new Set(['too_big', 'too_long']);

export function needFieldOf(apiField: string): NeedField {
  const [head, second] = apiField.split('.');
  switch (head) {
    case 'category':
    case 'description':
    case 'communityId':
    case 'gridId':
    case 'address':
    case 'urgency':
    case 'specialGroups':
    case 'consent':
      return head;
    case 'preferredWindow':
      return 'when';
    case 'contact':
      return second === 'phone' ? 'contact.phone' : 'contact.name';
    default:
      // `(body)`, `Idempotency-Key`, `location` (the page never sends one) and anything new.
      return 'form';
  }
}

export function needProblemMessage(problem: FieldProblem, lengths: CurrentLengths = {}): FieldMessage<NeedField> {
  const field = needFieldOf(problem.field);
  const code = problem.code ?? '';
  switch (field) {
    case 'category':
      return { field, key: code === 'unknown_value' ? 'error.categoryUnknown' : 'error.category' };
    case 'description':
      if (tooLong.has(code)) {
        return {
          field,
          key: 'error.descriptionLong',
          params: { max: descriptionMax, over: Math.max(1, (lengths.description ?? 0) - descriptionMax) },
        };
      }
      return { field, key: 'error.description' };
    case 'communityId':
      return { field, key: 'error.community' };
    case 'gridId':
      return { field, key: 'error.grid' };
    case 'address':
      return { field, key: 'error.address' };
    case 'when':
      return { field, key: code === 'in_past' ? 'error.whenPast' : 'error.when' };
    case 'urgency':
      return { field, key: 'error.urgency' };
    case 'specialGroups':
      return { field, key: 'error.groups' };
    case 'contact.name':
      return { field, key: tooLong.has(code) ? 'error.nameLong' : 'error.name' };
    case 'contact.phone':
      return { field, key: code === 'required' ? 'error.phoneMissing' : 'error.phone' };
    case 'consent':
      return { field, key: 'error.consent' };
    default:
      return { field, key: 'error.body' };
  }
}

export function ratingFieldOf(apiField: string): RatingField {
  const [head] = apiField.split('.');
  return head === 'stars' || head === 'comment' || head === 'tags' ? head : 'form';
}

export function ratingProblemMessage(problem: FieldProblem, lengths: CurrentLengths = {}): FieldMessage<RatingField> {
  const field = ratingFieldOf(problem.field);
  switch (field) {
    case 'stars':
      return { field, key: 'rating.errorStars' };
    case 'comment':
      return { field, key: 'rating.errorComment', params: { max: commentMax, over: Math.max(1, (lengths.comment ?? 0) - commentMax) } };
    case 'tags':
      return { field, key: 'rating.errorTags' };
    default:
      return { field, key: 'error.body' };
  }
}

/** The server's mainland mobile rule, as the API applies it: spaces, hyphens and +86 are dropped first. */
export function normalisePhone(value: string): string {
  return value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

export function isMainlandMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalisePhone(value));
}
