import type { TFunction } from 'i18next';
import { ApiError } from '../api';

/** What a screen says about a failed call: the API's own reason, or that the server is unreachable. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) return error.status === 0 ? t('app.networkError') : error.message;
  return error instanceof Error ? error.message : String(error);
}
