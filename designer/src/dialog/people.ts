import type { TFunction } from 'i18next';
import type { Colleague } from './dialog-api';

/** How the dialog view names an employee: "You", their name when it may be listed, else their role. */
export function personName(
  t: TFunction,
  id: string | null | undefined,
  meId: string | undefined,
  colleagues: ReadonlyMap<string, Colleague>,
): string {
  if (!id) return t('dialog.people.flow');
  if (id === meId) return t('dialog.people.you');
  return colleagues.get(id)?.name ?? t('dialog.people.colleague');
}
