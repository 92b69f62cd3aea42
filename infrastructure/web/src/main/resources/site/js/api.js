// Calls to the checkout API. Every failure becomes an ApiError whose `words` say, for a person, what went wrong
// and what to do: the API's error codes and messages, the gateway's own answers, or the network.
import { settings } from './config.js';
import { session } from './auth.js';

export class ApiError extends Error {
  constructor(status, code, words, requestId) {
    super(words);
    this.status = status;
    this.code = code;
    this.words = words;
    this.requestId = requestId;
    this.title = status >= 500 ? 'Something went wrong on our side.' : status === 401 ? 'Please sign in.' : 'That did not work.';
  }
}

const PHRASES = {
  VALIDATION_FAILED: (m) => `Please check what was entered: ${m}.`,
  UNKNOWN_SKU: (m) => `A product in the cart is no longer sold (${m}). Remove it and try again.`,
  CURRENCY_MISMATCH: () => 'The products are priced in different currencies; an order takes one currency only.',
  IDEMPOTENCY_KEY_REUSED: () => 'This request was already sent with other details. Start again.',
  IDEMPOTENCY_KEY_TAKEN: () => 'The same request is still being handled. Wait a moment and try again.',
  STATE_CONFLICT: (m) => `That is not possible in the order's current state: ${m}.`,
  ILLEGAL_TRANSITION: (m) => `That step does not follow from the order's current status: ${m}.`,
  VERSION_CONFLICT: () => 'The order changed while this was being done. Try again.',
  REFUND_EXCEEDS_CAPTURED: (m) => `That is more than can still be refunded: ${m}.`,
  PAYMENT_DECLINED: (m) => `The payment platform refused: ${m}.`,
  AMOUNT_OVERFLOW: () => 'That amount is too large.',
  NOT_FOUND: () => 'Not found: it does not exist, or it is not yours.',
  FORBIDDEN: () => 'This needs the operations (admin) role.',
  UNAUTHENTICATED: () => 'Your sign-in has ended. Sign in again to continue.',
  PAYLOAD_TOO_LARGE: () => 'That is too much to send at once.',
  UNSUPPORTED_MEDIA_TYPE: () => 'The request was not understood (content type).',
  STORAGE_UNAVAILABLE: () => 'The shop is briefly unavailable. Try again in a moment.',
  WORKFLOW_UNAVAILABLE: () => 'The shop is briefly unavailable. Try again in a moment.',
  QUEUE_UNAVAILABLE: () => 'The shop is briefly unavailable. Try again in a moment.',
  PAYMENT_PROVIDER_UNAVAILABLE: () => 'The payment platform cannot be reached right now. Try again in a moment.',
};

function clean(message) {
  return String(message || '').replace(/\.$/, '');
}

/** The words for an answer that is not a success. */
export function wordsFor(status, body, requestId) {
  const error = body && typeof body === 'object' ? body.error : null;
  if (error && error.code) {
    const phrase = PHRASES[error.code];
    let words = phrase ? phrase(clean(error.message)) : `${clean(error.message) || 'The request was refused'}.`;
    if (status >= 500) words += ` If it keeps happening, quote reference ${error.requestId || requestId}.`;
    return new ApiError(status, error.code, words, error.requestId || requestId);
  }
  // API Gateway's own answers ({"message": ...}) and anything else.
  const words = {
    401: 'Your sign-in has ended or is not valid. Sign in again to continue.',
    403: 'You are not allowed to do that.',
    404: 'This is not available on this deployment (the API has no such route yet).',
    413: 'That is too much to send at once.',
    429: 'Too many requests right now. Wait a moment and try again.',
  }[status] || (status >= 500 ? `The shop's server had a problem. Try again in a moment${requestId ? ` (reference ${requestId})` : ''}.`
    : `The request was refused (HTTP ${status}).`);
  return new ApiError(status, status === 404 ? 'NO_ROUTE' : `HTTP_${status}`, words, requestId);
}

/**
 * Calls the API. `key` sends an Idempotency-Key; `auth: false` sends no token. Answers the parsed JSON body
 * (and `headers`), or throws an ApiError.
 */
export async function call(path, { method = 'GET', body, key, auth = true } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  const signedIn = session();
  if (auth && signedIn) headers.authorization = `Bearer ${signedIn.token}`;
  let response;
  try {
    response = await fetch(settings().apiUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The shop cannot reach its server right now. Check the connection and try again.');
  }
  const requestId = response.headers.get('x-request-id') || response.headers.get('apigw-requestid');
  let parsed = null;
  const text = await response.text();
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  if (!response.ok) {
    const error = wordsFor(response.status, parsed, requestId);
    if (response.status === 401) window.dispatchEvent(new CustomEvent('checkout:signed-out'));
    throw error;
  }
  return parsed;
}

export const query = (params) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** Every page of a paged list route (products, orders), up to `max` items. */
export async function allPages(path, field, params = {}, max = 500) {
  const items = [];
  let nextToken = null;
  do {
    const page = await call(path + query({ ...params, limit: 100, nextToken }));
    items.push(...page[field]);
    nextToken = page.nextToken;
  } while (nextToken && items.length < max);
  return items;
}
