/**
 * The one declaration of the system's topology: every HTTP route and every stream consumer.
 * The CDK stack (infra/district-stack.ts) and the local runtime (infra/local/) are both built
 * from these lists, so a route that exists locally exists in the cloud and vice versa.
 * Pure data: no AWS import.
 */
import { defaultRetryPolicy, type RetryPolicy } from '../notifications/retry-schedule.ts';
import type { StreamFilterPattern } from './stream-filter.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: anyone, or a holder of a JWT in one of these groups. */
export type RouteAccess = 'public' | 'operators' | 'partners' | 'operatorsOrPartners';

export interface RouteDeclaration {
  method: HttpMethod;
  /** API Gateway HTTP API path syntax, e.g. `/needs/{id}`. */
  path: string;
  /** Module under `functions/`, without extension; it must export `handler`. */
  handler: string;
  access: RouteAccess;
  description: string;
}

export interface StreamConsumerDeclaration {
  /** Short stable name: used for the Lambda's logical id and the local checkpoint files. */
  name: string;
  handler: string;
  /** Lambda event-filter patterns (any one matching admits the record). */
  filters: StreamFilterPattern[];
  batchSize: number;
  /** Retries of a failing batch before its records go to the on-failure destination. */
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  /**
   * What reaches the consumer of each record: the record whole (the default), or only its keys, for
   * a consumer that reads the item itself, so that what the item holds (a text's phone number) stays
   * out of the consumer's queue and its failure queue (lib/streams/fan-out.ts).
   */
  forwards?: 'keys';
  description: string;
}

/**
 * A queue read by a function: in the cloud an SQS standard queue with its dead-letter queue and an
 * event source mapping with partial batch responses (infra/queue-consumer.ts); locally an in-process
 * queue with the same receive, visibility and dead-letter rules (infra/local/queue-runner.ts).
 */
export interface QueueConsumerDeclaration {
  /** Short stable name: the construct ids and the local queue. */
  name: string;
  handler: string;
  /** Handlers that put messages on the queue (granted SendMessage, told its URL). */
  senders: readonly string[];
  /** Messages per invocation (handled side by side). */
  batchSize: number;
  /** Most invocations at once (Lambda's maximum concurrency for an SQS source: 2 to 1000). */
  maxConcurrency: number;
  timeoutSeconds: number;
  /** How long a received message stays hidden when the function neither finishes nor says otherwise: longer than the timeout. */
  visibilityTimeoutSeconds: number;
  /** Receives before the dead-letter queue (`maxReceiveCount`), the delays between them, and each attempt's timeout. */
  retry: RetryPolicy;
  description: string;
}

export interface ScheduleDeclaration {
  name: string;
  handler: string;
  everySeconds: number;
  description: string;
}

/**
 * Open311 GeoReport v2 (#11): each resource in the standard's two formats, `.xml` and `.json`, the
 * format being the file name's end (`{document}` is `discovery.xml`, `services.json`, …). Few
 * routes on purpose: every route and path costs the district stack resources (of 500).
 */
function open311Routes(): RouteDeclaration[] {
  const handler = 'georeport/get-georeport';
  return [
    {
      method: 'GET',
      path: '/open311/v2/{document}',
      handler,
      access: 'public',
      description:
        "Open311 GeoReport v2: `discovery.{xml,json}` (the endpoint and its formats), `services.{xml,json}` (one service per category), `requests.{xml,json}` (with the standard's filters).",
    },
    {
      method: 'GET',
      path: '/open311/v2/services/{serviceFile}',
      handler,
      access: 'public',
      description: 'Open311 service definition (`<service_code>.xml` or `.json`): the attributes a request may carry (community, grid, urgency, special groups).',
    },
    {
      method: 'GET',
      path: '/open311/v2/requests/{requestFile}',
      handler,
      access: 'public',
      description: 'One Open311 request (`<service_request_id>.xml` or `.json`): status, plain-words notes, the partner, when it will come.',
    },
    {
      method: 'POST',
      path: '/open311/v2/{document}',
      handler: 'georeport/post-request',
      access: 'public',
      description: 'Open311 `requests.{xml,json}` (form-encoded): becomes an ordinary need; answers its id and tracking token.',
    },
  ];
}

const declaredRoutes: RouteDeclaration[] = [
  {
    method: 'GET',
    path: '/health',
    handler: 'health/get-health',
    access: 'public',
    description: 'Liveness probe.',
  },
  {
    method: 'GET',
    path: '/catalog',
    handler: 'catalog/get-catalog',
    access: 'public',
    description: "The district's service categories and its communities with their grids.",
  },
  {
    method: 'POST',
    path: '/needs',
    handler: 'needs/submit-need',
    access: 'public',
    description: 'A resident submits a need; answers the id and a tracking token.',
  },
  {
    method: 'GET',
    path: '/needs/{id}',
    handler: 'needs/get-need',
    access: 'public',
    description: 'Status and timeline of a need, for the holder of its tracking token.',
  },
  {
    method: 'POST',
    path: '/needs/{id}/cancel',
    handler: 'needs/cancel-need',
    access: 'public',
    description: 'The holder of the tracking token withdraws the need until a partner has started.',
  },
  // A new phone number's SMS code (issue #10): one route for confirming and resending.
  {
    method: 'POST',
    path: '/needs/{id}/confirmation',
    handler: 'needs/confirm-phone',
    access: 'public',
    description:
      'The holder of the tracking token confirms a new phone number with the SMS code (`{ code }`), or asks for another (`{ resend: true }`); the need then goes to matching.',
  },
  // Residents' personal data (issue #10)
  {
    method: 'DELETE',
    path: '/needs/{id}/personal-data',
    handler: 'needs/delete-personal-data',
    access: 'public',
    description: "The holder of the tracking token has the need's contact, address and free text removed now, once the need has ended.",
  },
  {
    method: 'GET',
    path: '/partners/me/offers',
    handler: 'offers/list-my-offers',
    access: 'partners',
    description: "The calling partner's open offers with the short why; no resident contact before acceptance.",
  },
  {
    method: 'GET',
    path: '/partners/me/inbox',
    handler: 'notifications/list-my-inbox',
    access: 'partners',
    description: "The calling partner's in-app notifications (offers, cancellations), newest first.",
  },
  {
    method: 'POST',
    path: '/offers/{id}/accept',
    handler: 'offers/accept-offer',
    access: 'partners',
    description: 'The offered partner takes the order while the offer is open; exactly one accept wins.',
  },
  {
    method: 'POST',
    path: '/offers/{id}/decline',
    handler: 'offers/decline-offer',
    access: 'partners',
    description: 'The offered partner passes, with a reason; the cascade asks the next partner.',
  },
  {
    method: 'GET',
    path: '/orders/{id}',
    handler: 'orders/get-order',
    access: 'partners',
    description: "The assigned partner's view of an order (order id = need id), with the resident's contact.",
  },
  {
    method: 'POST',
    path: '/orders/{id}/start',
    handler: 'orders/start-order',
    access: 'partners',
    description: 'The assigned partner starts the work.',
  },
  {
    method: 'POST',
    path: '/orders/{id}/release',
    handler: 'orders/release-order',
    access: 'partners',
    description: 'The assigned partner gives back an accepted order it cannot do, with a reason; the cascade asks the next.',
  },
  {
    method: 'POST',
    path: '/orders/{id}/complete',
    handler: 'orders/complete-order',
    access: 'partners',
    description: 'The assigned partner completes the work; the resident may then rate it.',
  },
  {
    method: 'GET',
    path: '/escalations',
    handler: 'operators/list-escalations',
    access: 'operators',
    description: 'Needs no partner could take (吹哨), oldest first, with the reasons.',
  },
  {
    method: 'GET',
    path: '/needs/{id}/offers',
    handler: 'operators/get-need-for-operator',
    access: 'operators',
    description: "A need with every offer and the matcher's full explanation, for operators.",
  },
  {
    method: 'POST',
    path: '/needs/{id}/rating',
    handler: 'needs/rate-need',
    access: 'public',
    description: 'The holder of the tracking token rates the completed order, once, within 14 days.',
  },
  {
    method: 'POST',
    path: '/needs/{id}/rating/exclusion',
    handler: 'operators/exclude-rating',
    access: 'operators',
    description: "An operator takes a rating out of the partner's score (outside its control); the rating is kept.",
  },
  {
    method: 'GET',
    path: '/follow-ups',
    handler: 'operators/list-follow-ups',
    access: 'operators',
    description: 'Ratings of one or two stars waiting for a follow-up (回访), oldest first.',
  },
  {
    method: 'GET',
    path: '/partners/{id}/deliveries',
    handler: 'operators/list-partner-deliveries',
    access: 'operators',
    description: "A partner's notification deliveries on every channel (attempts, status, last error), newest first.",
  },
  {
    method: 'GET',
    path: '/reports/supply-demand',
    handler: 'operators/get-supply-demand-report',
    access: 'operators',
    description: 'Demand, supply and the gap per category and community over a period, with where to recruit (招募令).',
  },
  {
    method: 'POST',
    path: '/partners',
    handler: 'partners/create-partner',
    access: 'operators',
    description: 'An operator registers a partner; it starts applied (申请) until admitted.',
  },
  {
    method: 'GET',
    path: '/partners',
    handler: 'partners/list-partners',
    access: 'operators',
    description: "The district's partners, filtered by status, category and community, a page at a time (opaque cursor).",
  },
  {
    method: 'GET',
    path: '/partners/{id}',
    handler: 'partners/get-partner',
    access: 'operators',
    description: "A partner's profile, admission history and live standing (open orders, reputation, grade, points).",
  },
  {
    method: 'PATCH',
    path: '/partners/{id}',
    handler: 'partners/update-partner',
    access: 'operators',
    description: 'An operator edits a profile (JSON merge patch), based on its version: 409 when someone else changed it.',
  },
  {
    method: 'POST',
    path: '/partners/{id}/status',
    handler: 'partners/change-partner-status',
    access: 'operators',
    description: 'An admission move (applied → vetted → active ⇄ suspended, vetted → applied) with who and why in the history.',
  },
  {
    method: 'POST',
    path: '/partners/import',
    handler: 'partners/import-partners',
    access: 'operators',
    description: 'Imports the partner roster from CSV (zh or en headers); reports each row created, updated, unchanged or rejected.',
  },
  {
    method: 'GET',
    path: '/partners/me',
    handler: 'partners/get-my-profile',
    access: 'partners',
    description: 'The calling partner sees its profile, reputation, grade and points.',
  },
  {
    method: 'PUT',
    path: '/partners/me/schedule',
    handler: 'partners/put-my-schedule',
    access: 'partners',
    description: 'The calling partner replaces its duty schedule (weekly slots, dated exceptions).',
  },
  // Operators' desk and co-building units (issue #8): every need listed from an index, actions on
  // needs that left the cascade, the units that take referrals, and the operators' inbox.
  {
    method: 'GET',
    path: '/needs',
    handler: 'operators/list-needs',
    access: 'operators',
    description: 'Needs by status or community, filtered by category and creation date, newest or oldest first, a page at a time (cursor).',
  },
  {
    method: 'POST',
    path: '/needs/{id}/assign',
    handler: 'operators/assign-need',
    access: 'operators',
    description: 'An operator offers the need to a partner outside the cascade (由社区工作人员指派); constraints other than capacity may be overridden with a reason.',
  },
  {
    method: 'POST',
    path: '/needs/{id}/redispatch',
    handler: 'operators/redispatch-need',
    access: 'operators',
    description: 'Back into the cascade with the attempt count reset; partners that declined stay excluded.',
  },
  {
    method: 'POST',
    path: '/needs/{id}/close',
    handler: 'operators/close-need',
    access: 'operators',
    description: 'Closed for good with an outcome (resolved offline, duplicate, resident unreachable, withdrawn, out of scope).',
  },
  {
    method: 'POST',
    path: '/needs/{id}/refer',
    handler: 'operators/refer-need',
    access: 'operators',
    description: 'The need goes to a co-building unit (社区吹哨、部门报到) and waits for its answer.',
  },
  {
    method: 'POST',
    path: '/needs/{id}/referral-reply',
    handler: 'operators/record-referral-reply',
    access: 'operators',
    description: "The co-building unit's answer, which closes the referred need with that outcome.",
  },
  {
    method: 'POST',
    path: '/follow-ups/{needId}/close',
    handler: 'operators/close-follow-up',
    access: 'operators',
    description: 'The follow-up (回访) of a low rating is recorded and leaves the queue.',
  },
  {
    method: 'GET',
    path: '/operators/inbox',
    handler: 'operators/list-operator-inbox',
    access: 'operators',
    description: "The operators' inbox: escalations and watchdog alerts, newest first, a page at a time.",
  },
  {
    method: 'POST',
    path: '/units',
    handler: 'units/create-unit',
    access: 'operators',
    description: 'An operator adds a co-building unit (共驻共建单位): name, kind, contact, topics it takes.',
  },
  {
    method: 'GET',
    path: '/units',
    handler: 'units/list-units',
    access: 'operators',
    description: "The district's co-building units by name, a page at a time.",
  },
  {
    method: 'GET',
    path: '/units/{id}',
    handler: 'units/get-unit',
    access: 'operators',
    description: 'One co-building unit.',
  },
  {
    method: 'PUT',
    path: '/units/{id}',
    handler: 'units/replace-unit',
    access: 'operators',
    description: "Replaces a unit's fields, based on its version (409 when someone else changed it).",
  },
  {
    method: 'DELETE',
    path: '/units/{id}',
    handler: 'units/delete-unit',
    access: 'operators',
    description: 'Removes a co-building unit; needs already referred keep its name.',
  },
  // The partner app and partner identity (issue #9): the partner's own lists, and the login an operator gives it.
  {
    method: 'GET',
    path: '/partners/me/orders',
    handler: 'orders/list-my-orders',
    access: 'partners',
    description: "The calling partner's orders, newest first (accepted, started, recently completed), with the resident's contact; paged by cursor.",
  },
  {
    method: 'GET',
    path: '/partners/me/points',
    handler: 'partners/list-my-points',
    access: 'partners',
    description: "The calling partner's points ledger (积分明细): one entry per rated order, with what it earned and why; paged by cursor.",
  },
  {
    method: 'POST',
    path: '/partners/{id}/login',
    handler: 'partners/give-partner-login',
    access: 'operators',
    description: "An operator gives a partner its sign-in by mobile number (Cognito: creates the user) and links that identity to the partner.",
  },
  // Standard interfaces, operators' figures and district settings (#11).
  {
    method: 'GET',
    path: '/openapi.json',
    handler: 'api/get-openapi',
    access: 'public',
    description: 'This API as an OpenAPI 3.1 document, generated from the schemas the handlers validate with.',
  },
  {
    method: 'GET',
    path: '/district/settings',
    handler: 'settings/get-district-settings',
    access: 'operators',
    description: "The district's live settings (weights, offer windows, limits, points, categories), their version and latest changes.",
  },
  {
    method: 'PUT',
    path: '/district/settings',
    handler: 'settings/put-district-settings',
    access: 'operators',
    description: 'An operator changes the settings, based on their version (409 if someone else did), saying why; in force within a minute.',
  },
  {
    method: 'GET',
    path: '/reports/{list}',
    handler: 'reports/get-report-list',
    access: 'operators',
    description: 'The three lists as JSON or CSV: demand (需求清单), supply (资源清单) and the gap per hour of the week against duty, ranked, with the recruitment hint (招募令).',
  },
];

/*
 * Pure (the annotations tell esbuild so): a Lambda bundle that never reads the routes (the route
 * access is compiled in, infra/bundling/bundle-options.ts) leaves this whole module out.
 */
export const routes: readonly RouteDeclaration[] = /* @__PURE__ */ declaredRoutes.concat(/* @__PURE__ */ open311Routes());

/** Handlers the topology derives for every path: 405 for a known path with another method, 404 elsewhere. */
export const fallbackHandlers = {
  methodNotAllowed: 'http/method-not-allowed',
  notFound: 'http/not-found',
} as const;

export type FallbackKind = keyof typeof fallbackHandlers;

export interface FallbackRoute {
  method: 'ANY';
  path: string;
  kind: FallbackKind;
}

export const notFoundPath = '/{proxy+}';

/**
 * The routes derived from the declared ones, in the cloud and locally alike: `ANY <path>` per
 * declared path answers 405 (API Gateway prefers the exact method, so a declared route always wins)
 * and `ANY /{proxy+}` answers 404 for everything else.
 */
export function fallbackRoutes(declared: readonly RouteDeclaration[] = routes): FallbackRoute[] {
  return [
    ...[...methodsByPath(declared).keys()].map((path) => ({ method: 'ANY' as const, path, kind: 'methodNotAllowed' as const })),
    { method: 'ANY', path: notFoundPath, kind: 'notFound' },
  ];
}

export const needInserted: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['need'] } } },
};

/**
 * A need moved (back) to `submitted`: its phone confirmed its code, or an operator sent it back to
 * matching. Matched from the stream like a new need, so that no request waits for the cascade.
 */
export const needBackToMatching: StreamFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: { NewImage: { type: { S: ['need'] }, status: { S: ['submitted'] } }, OldImage: { status: { S: [{ 'anything-but': ['submitted'] }] } } },
};

/**
 * An offer declined or let expire, an accepted order the partner gave back, or either taken back
 * from a partner that was suspended (#10): the cascade moves on.
 */
export const offerLapsed: StreamFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: {
    NewImage: { type: { S: ['offer'] }, status: { S: ['declined', 'expired', 'released', 'revoked'] } },
    OldImage: { status: { S: ['open', 'accepted'] } },
  },
};

/** A new open offer: the partner is told. */
export const offerCreated: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['offer'] }, status: { S: ['open'] } } },
};

/** An accepted offer withdrawn: the resident cancelled the order after the partner accepted it. */
export const acceptedOfferWithdrawn: StreamFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: {
    NewImage: { type: { S: ['offer'] }, status: { S: ['withdrawn'] } },
    OldImage: { status: { S: ['accepted'] } },
  },
};

export const ratingInserted: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['rating'] } } },
};

// Flat matching (#12): the matcher's candidate projection follows each partner's standing and profile.
/** A partner's profile or live standing written: its candidate projection items follow. */
export const partnerChanged: StreamFilterPattern = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { Keys: { pk: { S: [{ prefix: 'PARTNER#' }] }, sk: { S: ['PROFILE', 'STANDING'] } } },
};

/** A need changed (the consumer tells people only when its status did). */
export const needStepped: StreamFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: { NewImage: { type: { S: ['need'] }, status: { S: ['accepted', 'waiting', 'escalated', 'referred', 'closed', 'completed'] } } },
};

/** An accepted order back in the cascade (the partner gave it back, or was suspended, #10): the resident is told. */
export const orderReoffered: StreamFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: { NewImage: { type: { S: ['need'] }, status: { S: ['offered'] } }, OldImage: { status: { S: ['accepted'] } } },
};

/** A partner's live standing changed (the consumer acts only when its open orders went down). */
export const standingChanged: StreamFilterPattern = {
  eventName: ['MODIFY'],
  dynamodb: { Keys: { sk: { S: ['STANDING'] } } },
};

/** A need written or changed: the report counters follow it (#11). */
export const needWritten: StreamFilterPattern = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { type: { S: ['need'] } } },
};

// Texts and operators' alerts sent from the stream (#12): only the text sender carries the SMS client.
/** A text queued in the text outbox (lib/messaging/text-outbox.ts). */
export const textQueued: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['textMessage'] } } },
};

/** An alert written to the operators' inbox. */
export const operatorAlertWritten: StreamFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['operatorAlert'] } } },
};

export const streamConsumers: readonly StreamConsumerDeclaration[] = [
  {
    name: 'matchNewNeed',
    handler: 'matching/match-new-need',
    filters: [needInserted, needBackToMatching],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 3600,
    description: 'Ranks partners for a new need (or one confirmed or sent back to matching) and offers it to the best one, or escalates it.',
  },
  {
    name: 'rematchLapsedOffer',
    handler: 'matching/rematch-lapsed-offer',
    filters: [offerLapsed],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 3600,
    description: 'After a decline or expiry, offers the need to the next partner or escalates it.',
  },
  {
    name: 'applyRating',
    handler: 'reputation/apply-rating',
    filters: [ratingInserted],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 86_400,
    description: "Turns a new rating into the partner's reputation, points and, for low ratings, a follow-up.",
  },
  {
    name: 'notifyPartner',
    handler: 'notifications/notify-partner',
    filters: [offerCreated, acceptedOfferWithdrawn],
    // Only table writes and a queue send per record: partners' servers are reached from the partnerDeliveries
    // queue, their phones and mailboxes from the text outbox (sendText).
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 3600,
    description: "Tells the partner of a new offer or a cancelled order: the in-app inbox, and one delivery per channel: on the partnerDeliveries queue (webhook, WeCom, DingTalk) or in the text outbox (SMS, email).",
  },
  // Flat matching (#12)
  {
    name: 'projectPartnerStanding',
    handler: 'matching/project-partner-standing',
    filters: [partnerChanged],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 3600,
    description: "Copies a partner's live standing into its candidate projection items, so the matcher reads candidates in one query.",
  },
  // Waiting queue and people told (issue #8).
  {
    name: 'releaseWaitingNeeds',
    handler: 'matching/release-waiting-needs',
    filters: [standingChanged],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 3600,
    description: "A partner's place freed up: the needs waiting for it are dispatched again, special groups first, then oldest.",
  },
  {
    name: 'tellPeople',
    handler: 'notifications/tell-people',
    filters: [needStepped, orderReoffered],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 86_400,
    description: "Queues the resident's text at each step (accepted, given back, waiting, escalated, referred, closed, completed) and writes operators' alerts of escalations.",
  },
  {
    name: 'sendText',
    handler: 'notifications/send-text-message',
    filters: [textQueued],
    forwards: 'keys',
    batchSize: 10,
    // textSendAttempts - 1 (lib/messaging/text-outbox.ts; a unit test holds them together): the sender
    // counts its attempts on the text and records the last failure itself. A literal, so that bundles
    // that never read the topology still leave it out (arithmetic on an import is kept by esbuild).
    retryAttempts: 3,
    maxRecordAgeSeconds: 86_400,
    description: 'Sends a text queued in the text outbox (codes, residents\' updates, operators\' alerts, partners\' offers by SMS or email) once, then keeps only its outcome.',
  },
  {
    name: 'deliverAlert',
    handler: 'operators/deliver-operator-alert',
    filters: [operatorAlertWritten],
    batchSize: 10,
    retryAttempts: 5,
    maxRecordAgeSeconds: 86_400,
    description: "Posts an alert from the operators' inbox to the district's channel (group robot, webhook) or queues its text: one attempt per delivery.",
  },
  // Report aggregates (#11).
  {
    name: 'countForReports',
    handler: 'reports/count-for-reports',
    filters: [needWritten],
    batchSize: 25,
    retryAttempts: 5,
    maxRecordAgeSeconds: 86_400,
    description: "Keeps the three lists' counters (day × category × community × hour of the week) in step with each need.",
  },
];

// Notifications that cannot block each other (#10): one queue message per notification and channel.
/** The queue of partners' deliveries: the notifier puts one message per channel on it; the sender tries each on its own. */
export const partnerDeliveries: QueueConsumerDeclaration = {
  name: 'partnerDeliveries',
  handler: 'notifications/deliver-to-channel',
  senders: ['notifications/notify-partner'],
  batchSize: 5,
  maxConcurrency: 10,
  timeoutSeconds: 15,
  // AWS's advice for a Lambda-read queue: six times the function's timeout.
  visibilityTimeoutSeconds: 90,
  retry: defaultRetryPolicy,
  description: "Sends one notification on one of a partner's HTTP channels (webhook, WeCom, DingTalk): one try per receive, retried with backoff.",
};

export const queueConsumers: readonly QueueConsumerDeclaration[] = [partnerDeliveries];

export const schedules: readonly ScheduleDeclaration[] = [
  {
    name: 'expireOffers',
    handler: 'matching/expire-offers',
    everySeconds: 60,
    description: 'Closes open offers past their deadline (within a minute of it), so the cascade moves on.',
  },
  {
    name: 'removeExpiredPersonalData',
    handler: 'needs/remove-expired-personal-data',
    everySeconds: 3600,
    description: "Removes residents' contact, address and free text from needs that ended privacy.retentionDays ago.",
  },
  // Watchdog (issue #8).
  {
    name: 'watchNeeds',
    handler: 'operators/watch-needs',
    everySeconds: 60,
    description: 'Escalates needs that waited past the limit, flags needs without a step and alerts operators once, closes needs never confirmed.',
  },
  {
    name: 'recheckWaitingNeeds',
    handler: 'matching/recheck-waiting-needs',
    everySeconds: 60,
    description: 'Dispatches waiting needs again, in case the freed place that should have released them was missed.',
  },
];

/** Browser access to the API, the same in the cloud and locally: bearer tokens, never cookies. */
export const corsPolicy = {
  allowOrigins: ['*'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HttpMethod[],
  allowHeaders: ['content-type', 'authorization', 'idempotency-key', 'x-tracking-token', 'if-match'],
  maxAgeSeconds: 3600,
};

export function routeKey(route: { method: string; path: string }): string {
  return `${route.method} ${route.path}`;
}

/** Paths that have at least one route, with the methods they allow. */
export function methodsByPath(declared: readonly RouteDeclaration[] = routes): Map<string, HttpMethod[]> {
  const byPath = new Map<string, HttpMethod[]>();
  for (const route of declared) {
    byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method]);
  }
  return byPath;
}

export function findRouteByKey(key: string, declared: readonly RouteDeclaration[] = routes): RouteDeclaration | undefined {
  return declared.find((route) => routeKey(route) === key);
}
