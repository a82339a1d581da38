/**
 * The resident's own recent needs, remembered on this phone only (localStorage), so that a
 * resident who did not keep the tracking link can still find it from the form page.
 */
export interface RememberedNeed {
  id: string;
  token: string;
  category: string;
  createdAt: string;
}

const storageKey = 'community-services.my-needs';
const keep = 5;

export function rememberedNeeds(): RememberedNeed[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (item): item is RememberedNeed =>
        typeof item === 'object' &&
        item !== null &&
        typeof item.id === 'string' &&
        typeof item.token === 'string' &&
        typeof item.createdAt === 'string',
    );
  } catch {
    return [];
  }
}

export function rememberNeed(need: RememberedNeed): void {
  const others = rememberedNeeds().filter((existing) => existing.id !== need.id);
  try {
    localStorage.setItem(storageKey, JSON.stringify([need, ...others].slice(0, keep)));
  } catch {
    // Storage full or blocked: the confirmation still shows the link.
  }
}
