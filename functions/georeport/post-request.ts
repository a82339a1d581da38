import { Forbidden, InvalidInput } from '#lib/common/domain-errors.ts';
import { currentDistrict } from '#lib/district/current-district.ts';
import { clientAddressOf } from '#lib/http/client-address.ts';
import { correlationIdOf } from '#lib/http/correlation-id.ts';
import type { HttpEvent } from '#lib/http/http-event.ts';
import { httpHandler } from '#lib/http/http-handler.ts';
import { parseInput } from '#lib/http/validate.ts';
import { needSubmissionSchema } from '#lib/needs/need-submission.ts';
import { apiKeyAccepted } from '#lib/open311/api-keys.ts';
import { renderList } from '#lib/open311/open311-format.ts';
import { answerOpen311, checkJurisdiction, formatOf, Open311NotFound, open311Response } from '#lib/open311/open311-http.ts';
import { draftFromForm, open311FieldName, open311FormLimitBytes } from '#lib/open311/open311-request.ts';
import { findService } from '#lib/open311/open311-services.ts';
import { awaitingConfirmationNotice, serviceNoticeOf } from '#lib/open311/open311-views.ts';
import { liveDistrict } from '#lib/settings/live-district.ts';
import { submitNeed } from '#lib/use-cases/submit-need.ts';

const deployed = currentDistrict();

function formOf(event: HttpEvent): URLSearchParams {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8')) : Buffer.alloc(0);
  if (raw.byteLength > open311FormLimitBytes)
    throw new InvalidInput([{ field: '(body)', code: 'too_big', detail: `at most ${open311FormLimitBytes} bytes` }]);
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new InvalidInput([
      {
        field: '(body)',
        code: 'unsupported_media_type',
        detail: 'send the request as application/x-www-form-urlencoded, as GeoReport v2 says',
      },
    ]);
  }
  return new URLSearchParams(raw.toString('utf8'));
}

/**
 * Open311 POST requests: a form-encoded service request becomes an ordinary need (same
 * validation, same cascade, same timeline); the answer carries its id and tracking token.
 */
export async function postRequest(event: HttpEvent) {
  return answerOpen311(
    event,
    async (format) => {
      if (formatOf(event).name !== 'requests') throw new Open311NotFound('resource', `${formatOf(event).name} (POST requests.xml or requests.json)`);
      const form = formOf(event);
      if (!apiKeyAccepted(form.get('api_key') ?? undefined, deployed.open311.apiKeySha256)) throw new Forbidden('api_key: missing or not valid for this jurisdiction');
      checkJurisdiction(form.get('jurisdiction_id') ?? undefined, deployed.id);
      const draft = draftFromForm(form);
      if (draft.problems.length > 0) throw new InvalidInput(draft.problems);
      const serviceCode = String(draft.submission.category);
      if (!findService(await liveDistrict(), serviceCode)) throw new Open311NotFound('service_code', `service_code ${serviceCode}`);
      const submission = parseInput(needSubmissionSchema, draft.submission);
      const { result } = await submitNeed(
        {
          submission,
          idempotencyKey: undefined,
          clientAddress: clientAddressOf(event),
          correlationId: correlationIdOf(event),
          // A client holding one of the district's keys (the 12345 hotline, the grid workers' app) is
          // staff entering a resident's need: no SMS code. Without keys anyone may post: the code applies.
          by: deployed.open311.apiKeySha256.length > 0 ? 'staff' : 'public',
        },
        await liveDistrict(),
      );
      const notice = result.status === 'awaitingConfirmation' ? awaitingConfirmationNotice : serviceNoticeOf(result.withheldSpecialGroups);
      const body = renderList(format, 'service_requests', 'request', [
        { service_request_id: result.id, token: result.trackingToken, service_notice: notice, account_id: null },
      ]);
      return {
        ...open311Response(201, format, body),
        headers: { ...open311Response(201, format, body).headers, location: `/open311/v2/requests/${result.id}.${format}` },
      };
    },
    open311FieldName,
  );
}

export const handler = httpHandler(postRequest);
