// Money is an integer of minor units and a currency; the currency's own number of decimals says where the point goes.
const digitsCache = new Map();

export function fractionDigits(currency) {
  if (!digitsCache.has(currency)) {
    let digits = 2;
    try { digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits; } catch { /* unknown code */ }
    digitsCache.set(currency, digits);
  }
  return digitsCache.get(currency);
}

export function formatMoney(money) {
  if (!money) return '';
  const digits = fractionDigits(money.currency);
  const value = money.amount / 10 ** digits;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency, minimumFractionDigits: digits }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${money.currency}`;
  }
}

/** "12.50" in the currency's decimals -> 1250 minor units; null when it is not an amount. */
export function parseMinor(text, currency) {
  const digits = fractionDigits(currency);
  const match = String(text).trim().match(digits ? new RegExp(`^(\\d+)(?:[.,](\\d{1,${digits}}))?$`) : /^(\d+)$/);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = digits ? Number((match[2] || '').padEnd(digits, '0')) : 0;
  const minor = whole * 10 ** digits + fraction;
  return Number.isSafeInteger(minor) ? minor : null;
}

export function toMajorText(amount, currency) {
  const digits = fractionDigits(currency);
  return digits ? (amount / 10 ** digits).toFixed(digits) : String(amount);
}
