import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiKeyAccepted } from '#lib/open311/api-keys.ts';
import { renderErrors, renderList, splitFormat } from '#lib/open311/open311-format.ts';
import { draftFromForm, open311FieldName } from '#lib/open311/open311-request.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Open311 api_key', () => {
  it('is not needed while the district lists no key', () => {
    expect(apiKeyAccepted(undefined, [])).toBe(true);
  });

  it('must match one of the listed digests once the district lists some', () => {
    const listed = [sha256('city-hotline-12345'), sha256('another')];
    expect(apiKeyAccepted('city-hotline-12345', listed)).toBe(true);
    expect(apiKeyAccepted('city-hotline-1234', listed)).toBe(false);
    expect(apiKeyAccepted(undefined, listed)).toBe(false);
  });
});

describe('Open311 formats', () => {
  it('reads the format from the file name', () => {
    expect(splitFormat('repairs.xml')).toEqual({ name: 'repairs', format: 'xml' });
    expect(splitFormat('a.b.json')).toEqual({ name: 'a.b', format: 'json' });
    expect(splitFormat('services.csv')).toBeUndefined();
  });

  it("writes the standard's error document in both formats, escaping text", () => {
    expect(renderErrors('json', [{ code: 400, description: 'lat: <bad> & "worse"' }])).toBe('[{"code":400,"description":"lat: <bad> & \\"worse\\""}]');
    expect(renderErrors('xml', [{ code: 400, description: 'lat: <bad>' }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>400</code>\n    <description>lat: &lt;bad&gt;</description>\n  </error>\n</errors>\n',
    );
  });

  it('writes an empty list as an empty root element or an empty array', () => {
    expect(renderList('xml', 'service_requests', 'request', [])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests/>\n');
    expect(renderList('json', 'service_requests', 'request', [])).toBe('[]');
  });
});

describe('an Open311 form as a need', () => {
  it("maps the standard's fields to ours, the family name first", () => {
    const form = new URLSearchParams(
      'service_code=repairs&description=%E6%BC%8F%E6%B0%B4&lat=30.1&long=120.2&first_name=%E7%A7%80%E5%85%B0&last_name=%E8%B5%B5&phone=13700137000&attribute[community]=hehua&attribute[special_groups][]=elderly80&attribute[special_groups][]=disabled&attribute[urgency]=urgent',
    );
    expect(draftFromForm(form).submission).toEqual({
      category: 'repairs',
      description: '漏水',
      communityId: 'hehua',
      location: { lat: 30.1, lng: 120.2 },
      urgency: 'urgent',
      specialGroups: ['elderly80', 'disabled'],
      contact: { name: '赵秀兰', phone: '13700137000' },
    });
  });

  it('reads the resident\'s consent from attribute[consent]: the contact, or also the sensitive groups; anything else is named', () => {
    const form = (consent: string) => new URLSearchParams(`service_code=homeCare&attribute[community]=hehua&attribute[consent]=${consent}`);
    expect(draftFromForm(form('sensitive')).submission.consent).toEqual({ personalInfo: true, sensitive: true });
    expect(draftFromForm(form('personal_info')).submission.consent).toEqual({ personalInfo: true, sensitive: false });
    expect(draftFromForm(new URLSearchParams('service_code=homeCare')).submission).not.toHaveProperty('consent');
    expect(draftFromForm(form('toString')).problems).toEqual([
      { field: 'consent', code: 'unknown_value', detail: 'one of personal_info, sensitive (see GET services/{code})' },
    ]);
    expect(open311FieldName('consent')).toBe('attribute[consent]');
  });

  it('names our fields back in the words the 311 client sent', () => {
    expect(open311FieldName('location.lat')).toBe('lat');
    expect(open311FieldName('communityId')).toBe('attribute[community]');
    expect(open311FieldName('contact.phone')).toBe('phone');
    expect(open311FieldName('specialGroups.0')).toBe('attribute[special_groups]');
  });
});
