import type { DataSource } from 'typeorm';
import { createOpenDialog } from './read-model/open-dialog.activity';
import { createRecordClientMessage } from './read-model/record-client-message.activity';

/** What activities need from the outside world, injected so tests can pass their own. */
export interface ActivityDependencies {
  db: DataSource;
}

/** The activities the worker registers; workflows proxy them by these names (import type only). */
export function createActivities({ db }: ActivityDependencies) {
  return {
    openDialog: createOpenDialog(db),
    recordClientMessage: createRecordClientMessage(db),
  };
}

export type DialogActivities = ReturnType<typeof createActivities>;
