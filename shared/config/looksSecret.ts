/**
 * Error messages end up in logs and deployment output, so values that look like credentials are never echoed.
 * Errs on the side of hiding: a false positive only costs the reader a look at the setting.
 */
const SECRET_NAME = /(KEY|SECRET|PASSWORD|PASSWD|TOKEN|CONNECTION|SAS|CREDENTIAL)/i;
const SECRET_TEXT = /(AccountKey=|SharedAccessKey=|SharedAccessSignature|password=|pwd=|[?&](sig|code|key|token)=|:\/\/[^/@\s]+:[^/@\s]+@)/i;
const TOKEN_LIKE = /^[A-Za-z0-9+/=_.-]{32,}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksSecret(name: string, value: string): boolean {
  if (SECRET_NAME.test(name)) return true;
  if (SECRET_TEXT.test(value)) return true;
  return !GUID.test(value) && TOKEN_LIKE.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value) && !value.includes('/');
}

export function showSetting(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (looksSecret(name, value)) return '<hidden: looks like a secret>';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
